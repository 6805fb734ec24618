"""Invitations, generic over InvitationBase: institutions' and projects' alike."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.audit import log_action
from alliance.celery import queue
from members.models import (
    INVITATION_VALIDITY,
    Affiliation,
    Institution,
    Invitation,
    User,
)
from members.models.invitation import InvitationBase
from members.services.people import person_add

# Invitations --------------------------------------------------------------------------------


# Institutions' and projects' invitations work alike: a link with a signed token of the primary
# key (salted per app), valid for INVITATION_VALIDITY, bound to one verified email address.


def invitation_token(invitation: InvitationBase) -> str:
    return signing.dumps(invitation.pk, salt=f"{invitation._meta.app_label}.invitation")


class InvitationError(ValidationError):
    pass


def invitation_from_token(token: str, model: type[InvitationBase] = Invitation) -> InvitationBase:
    try:
        pk = signing.loads(token, salt=f"{model._meta.app_label}.invitation")
        return model.objects.select_related(model.TARGET).get(pk=pk)
    except (signing.BadSignature, model.DoesNotExist) as error:
        raise InvitationError(_("This invitation link is not valid.")) from error


@transaction.atomic
def invitation_create(
    *, institution: Institution, email: str, role: str, actor: User, language: str
) -> Invitation:
    email = email.strip().lower()
    if Affiliation.objects.filter(institution=institution, user__email__iexact=email).exists():
        raise ValidationError(_("This person already has a role at the institution."))
    if Invitation.objects.filter(
        institution=institution, email=email, accepted_at=None, revoked_at=None
    ).exists():
        raise ValidationError(_("This person has already been invited. Resend the invitation."))
    invitation = Invitation.objects.create(
        institution=institution,
        email=email,
        role=role,
        invited_by=actor,
        language=language,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    log_action(actor, "members.invitation.sent", institution, {"email": email, "role": role})
    queue("members.tasks.send_invitation_email", invitation.pk)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: InvitationBase, actor: User) -> InvitationBase:
    """Extend an open invitation and send it again (by the `send_invitation_email` task of its
    app)."""
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("Only an open invitation can be sent again."))
    invitation.expires_at = timezone.now() + INVITATION_VALIDITY
    invitation.save(update_fields=["expires_at"])
    log_action(
        actor,
        f"{invitation._meta.app_label}.invitation.resent",
        invitation.target,
        {"email": invitation.email},
    )
    queue(f"{invitation._meta.app_label}.tasks.send_invitation_email", invitation.pk)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: InvitationBase, actor: User) -> InvitationBase:
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been accepted."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    log_action(
        actor,
        f"{invitation._meta.app_label}.invitation.revoked",
        invitation.target,
        {"email": invitation.email},
    )
    return invitation


def invitation_check(*, invitation, user: User) -> None:
    """Raise InvitationError unless `user` may accept `invitation` (an institution's or a
    project's) now."""
    if invitation.revoked_at:
        raise InvitationError(_("This invitation has been withdrawn."))
    if invitation.accepted_at:
        raise InvitationError(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("This invitation has expired. Ask for a new one."))
    if not user.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists():
        raise InvitationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Affiliation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check(invitation=invitation, user=user)
    affiliation = person_add(
        institution=invitation.institution, user=user, role=invitation.role, actor=user
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(
        user, "members.invitation.accepted", invitation.institution, {"email": invitation.email}
    )
    queue("members.tasks.send_invitation_accepted_email", invitation.pk)
    return affiliation
