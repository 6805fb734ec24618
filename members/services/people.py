"""People: time zones, roles in an institution, deleting an account."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from alliance.audit import log_action
from alliance.celery import queue
from members.models import (
    Affiliation,
    Institution,
    InstitutionRole,
    User,
)
from members.permissions import role_group_name
from members.signals import user_deleting

# People -------------------------------------------------------------------------------------


def user_set_time_zone(*, user: User, time_zone: str) -> User:
    """Save the zone a person sees times in (validated against the IANA database)."""
    user.time_zone = time_zone
    user.full_clean(validate_unique=False, validate_constraints=False)
    user.save(update_fields=["time_zone"])
    return user


# People and roles ---------------------------------------------------------------------------


def _role_group(institution: Institution, role: str) -> Group:
    return Group.objects.get(name=role_group_name(institution, role))


def _lock_affiliations(institution: Institution):
    """Serialize role changes of one institution (the last-admin rule needs a stable count)."""
    Institution.objects.select_for_update().filter(pk=institution.pk).first()
    return Affiliation.objects.filter(institution=institution)


@transaction.atomic
def person_add(
    *, institution: Institution, user: User, role: str, actor: User | None
) -> Affiliation:
    _lock_affiliations(institution)
    if Affiliation.objects.filter(institution=institution, user=user).exists():
        raise ValidationError(_("This person already has a role at the institution."))
    affiliation = Affiliation.objects.create(institution=institution, user=user, role=role)
    user.groups.add(_role_group(institution, role))
    log_action(
        actor, "members.person.added", institution, {"person": user.email, "role": str(role)}
    )
    return affiliation


def _ensure_another_admin(affiliation: Affiliation) -> None:
    others = Affiliation.objects.filter(
        institution=affiliation.institution, role=InstitutionRole.ADMIN
    ).exclude(pk=affiliation.pk)
    if affiliation.role == InstitutionRole.ADMIN and not others.exists():
        raise ValidationError(_("An institution must keep at least one administrator."))


@transaction.atomic
def person_change_role(*, affiliation: Affiliation, role: str, actor: User) -> Affiliation:
    _lock_affiliations(affiliation.institution)
    affiliation.refresh_from_db()
    if role == affiliation.role:
        return affiliation
    if role != InstitutionRole.ADMIN:
        _ensure_another_admin(affiliation)
    old = affiliation.role
    affiliation.user.groups.remove(_role_group(affiliation.institution, old))
    affiliation.user.groups.add(_role_group(affiliation.institution, role))
    affiliation.role = role
    affiliation.save(update_fields=["role"])
    log_action(
        actor,
        "members.person.role_changed",
        affiliation.institution,
        {"person": affiliation.user.email, "role": [old, role]},
    )
    if affiliation.user_id != getattr(actor, "pk", None):
        queue(
            "members.tasks.send_role_changed_email", affiliation.pk, old, getattr(actor, "pk", None)
        )
    return affiliation


@transaction.atomic
def person_remove(*, affiliation: Affiliation, actor: User) -> None:
    _lock_affiliations(affiliation.institution)
    affiliation.refresh_from_db()
    _ensure_another_admin(affiliation)
    affiliation.user.groups.remove(_role_group(affiliation.institution, affiliation.role))
    affiliation.delete()
    log_action(
        actor,
        "members.person.removed",
        affiliation.institution,
        {"person": affiliation.user.email, "role": affiliation.role},
    )


@transaction.atomic
def user_delete(*, user: User, actor: User) -> None:
    """Delete an account, or refuse with the reason: the last administrator of an institution
    hands over first (another person gets the role), and a person with records that are kept
    (membership applications, dues reductions granted) is deactivated instead."""
    for affiliation in user.affiliations.filter(role=InstitutionRole.ADMIN):
        _lock_affiliations(affiliation.institution)
        if (
            not Affiliation.objects.filter(
                institution=affiliation.institution, role=InstitutionRole.ADMIN
            )
            .exclude(user=user)
            .exists()
        ):
            raise ValidationError(
                _(
                    "%(person)s is the last administrator of %(institution)s: make another "
                    "person its administrator first."
                )
                % {"person": user.email, "institution": affiliation.institution.name}
            )
    user_deleting.send(sender=User, user=user)
    try:
        with transaction.atomic():
            log_action(actor, "members.user.deleted", user, {"person": user.email})
            user.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "%(person)s has records that are kept (membership applications, dues "
                "reductions granted): deactivate the account instead."
            )
            % {"person": user.email}
        ) from None
