"""Institutions: profiles, suspension, deletion and the dues-changing profile requests."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from alliance.audit import field_changes, log_action
from alliance.images import reencode
from members import selectors
from members.models import (
    ChangeRequestStatus,
    Course,
    DuesBasis,
    Institution,
    OpenPeriodDecision,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProfileChangeRequest,
    User,
)
from members.permissions import ROLE_PERMISSIONS, role_group_name
from members.reference import income_group_for_country, region_for_country
from members.services.courses import _unique_slug, course_delete
from members.services.dues import _lock_membership, membership_for, membership_refresh, payment_fail
from members.status import (
    renewal_open,
)

LOGO_MAX_SIDE = 400

# What an institution's people edit on its profile. The fields that set the dues (FEE_FIELDS:
# the kind, and the country with its World Bank income group) change only through a change
# request the secretariat approves (profile_change_request, profile_change_decide).
PROFILE_FIELDS = (
    "name",
    "short_name",
    "region",
    "region_overridden",
    "website",
    "description",
    "founding_year",
    "contact_email",
    "social_links",
    "joined_on",
    "is_public",
)
FEE_FIELDS = ("kind", "country")


# Institutions -------------------------------------------------------------------------------


def _derive_geography(institution: Institution) -> None:
    if not institution.region_overridden or not institution.region:
        institution.region = region_for_country(institution.country)
        institution.region_overridden = False
    institution.income_group = income_group_for_country(institution.country)


@transaction.atomic
def institution_create(*, actor: User | None, data: dict) -> Institution:
    """Create an institution with its role groups and their object permissions."""
    fields = {key: value for key, value in data.items() if key in (*PROFILE_FIELDS, *FEE_FIELDS)}
    institution = Institution(
        slug=data.get("slug") or _unique_slug(Institution, data["name"], 70), **fields
    )
    _derive_geography(institution)
    institution.full_clean(exclude=["logo"])
    institution.save()
    if isinstance(data.get("logo"), UploadedFile):
        logo = reencode(data["logo"], max_side=LOGO_MAX_SIDE, name="logo")
        institution.logo.save(logo.name, logo, save=True)
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.create(name=role_group_name(institution, role))
        for perm in perms:
            assign_perm(f"members.{perm}", group, institution)
    membership_for(institution=institution)
    log_action(actor, "members.institution.created", institution, {"name": institution.name})
    return institution


@transaction.atomic
def institution_update(*, institution: Institution, user: User, data: dict) -> Institution:
    """Apply profile changes; the audit log records each changed field with before and after.
    A change of the kind or country is refused: it is a change request (FEE_FIELDS)."""
    if any(field in data and getattr(institution, field) != data[field] for field in FEE_FIELDS):
        raise ValidationError(
            _(
                "The kind of institution and the country set the dues: ask for a change, the"
                " secretariat reviews it."
            )
        )
    changes = field_changes(institution, data, PROFILE_FIELDS)
    for field in changes:
        setattr(institution, field, data[field])
    _derive_geography(institution)
    institution.full_clean(exclude=["logo"])
    if isinstance(data.get("logo"), UploadedFile):
        logo = reencode(data["logo"], max_side=LOGO_MAX_SIDE, name="logo")
        institution.logo.save(logo.name, logo, save=False)
        changes["logo"] = ["", institution.logo.name]
    elif data.get("logo") is False and institution.logo:
        institution.logo.delete(save=False)
        changes["logo"] = ["removed", ""]
    institution.save()
    if changes:
        log_action(user, "members.institution.updated", institution, {"changes": changes})
    return institution


SUSPENSION = ("suspended_at", "suspension_reason")


@transaction.atomic
def institution_suspend(*, institution: Institution, actor: User, reason: str) -> Institution:
    if not reason.strip():
        raise ValidationError(_("Give the reason for the suspension."))
    changes = field_changes(
        institution, {"suspended_at": timezone.now(), "suspension_reason": reason}, SUSPENSION
    )
    institution.suspended_at = timezone.now()
    institution.suspension_reason = reason
    institution.save(update_fields=["suspended_at", "suspension_reason", "modified_at"])
    log_action(actor, "members.institution.suspended", institution, {"changes": changes})
    membership_refresh(membership=membership_for(institution=institution))
    return institution


@transaction.atomic
def institution_reinstate(*, institution: Institution, actor: User) -> Institution:
    changes = field_changes(
        institution, {"suspended_at": None, "suspension_reason": ""}, SUSPENSION
    )
    institution.suspended_at = None
    institution.suspension_reason = ""
    institution.save(update_fields=["suspended_at", "suspension_reason", "modified_at"])
    log_action(actor, "members.institution.reinstated", institution, {"changes": changes})
    membership_refresh(membership=membership_for(institution=institution))
    return institution


@transaction.atomic
def institution_delete(*, institution: Institution, actor: User) -> None:
    """Delete an institution, or refuse with the reason: its payments are kept (accounting law)
    and so are the records of its people elsewhere (project participations). Its role groups go,
    and so do the courses only it offers (the catalog triggers leave their tombstones)."""
    if Payment.objects.filter(membership__institution=institution).exists():
        raise ValidationError(
            _(
                "%(institution)s has payments, which are kept (accounting law): suspend the "
                "membership instead."
            )
            % {"institution": institution.name}
        )
    try:
        with transaction.atomic():
            log_action(
                actor, "members.institution.deleted", institution, {"name": institution.name}
            )
            only_offered = (
                Course.objects.filter(pk__in=institution.courses.values("pk"))
                .annotate(offerers=Count("institutions"))
                .filter(offerers=1)
            )
            for course in only_offered:
                course_delete(course=course, actor=actor)
            Group.objects.filter(
                name__in=[role_group_name(institution, role) for role in ROLE_PERMISSIONS]
            ).delete()
            institution.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "%(institution)s has records that are kept (its people's project "
                "participations): end them first, or suspend the membership instead."
            )
            % {"institution": institution.name}
        ) from None


@transaction.atomic
def profile_change_request(
    *, institution: Institution, actor: User, kind: str, country: str, note: str = ""
) -> ProfileChangeRequest:
    """Ask the secretariat to change the kind or country (the fields that set the dues); the
    profile keeps them until it approves."""
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if selectors.pending_change_request(institution=institution):
        raise ValidationError(
            _("A change of the kind or country is already waiting for the secretariat's review.")
        )
    if kind == institution.kind and country == institution.country:
        raise ValidationError(_("These are the kind and country the profile has already."))
    change = ProfileChangeRequest(
        institution=institution,
        kind=kind,
        country=country,
        previous_kind=institution.kind,
        previous_country=institution.country,
        note=note.strip(),
        requested_by=actor,
    )
    change.full_clean()
    change.save()
    log_action(
        actor,
        "members.profile_change.requested",
        institution,
        {"kind": [change.previous_kind, kind], "country": [change.previous_country.code, country]},
    )
    return change


@transaction.atomic
def profile_change_decide(
    *,
    change: ProfileChangeRequest,
    actor: User,
    approve: bool,
    reason: str = "",
    open_period: str = OpenPeriodDecision.NEXT_PERIOD,
) -> ProfileChangeRequest:
    """The secretariat approves or rejects a change of kind or country. An approval never
    changes the dues due now (a quote already issued: the renewal is open) unless the decision
    says so: `open_period` keeps their fee (NEXT_PERIOD, a DuesBasis for their year) or
    re-quotes them (REQUOTE: an open Checkout for the old amount is closed). Audited."""
    change = ProfileChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeRequestStatus.PENDING:
        raise ValidationError(_("This request has been decided already."))
    if not approve and not reason.strip():
        raise ValidationError(_("Give the reason for the rejection."))
    institution = change.institution
    details = {"reason": reason.strip()}
    if approve:
        open_period = OpenPeriodDecision(open_period)
        membership = _lock_membership(membership_for(institution=institution))
        institution = membership.institution
        today = timezone.localdate()
        before = selectors.dues_quote(membership=membership, today=today)
        if renewal_open(today=today, periods=selectors.periods_of(membership=membership)):
            _decide_open_period(membership, before, change, open_period)
        institution.kind, institution.country = change.kind, change.country
        _derive_geography(institution)
        institution.full_clean(exclude=["logo"])
        institution.save()
        after = selectors.dues_quote(membership=membership, today=today)
        change.open_period = open_period
        details.update(
            kind=[change.previous_kind, change.kind],
            country=[change.previous_country.code, change.country.code],
            open_period=open_period,
            dues_due_now={
                "year": before.year,
                "before": before.fee_cents,
                "after": after.fee_cents,
            },
        )
    change.status = ChangeRequestStatus.APPROVED if approve else ChangeRequestStatus.REJECTED
    change.decided_by, change.decided_at = actor, timezone.now()
    change.decision_reason = reason.strip()
    change.save()
    log_action(actor, f"members.profile_change.{change.status}", institution, details)
    return change


def _decide_open_period(membership, quote, change, open_period) -> None:
    """Keep the fee of the dues due now, or re-quote them (closing an open Checkout)."""
    if open_period == OpenPeriodDecision.NEXT_PERIOD:
        kind, income_group = selectors.dues_basis(membership=membership, year=quote.year)
        DuesBasis.objects.get_or_create(
            membership=membership,
            year=quote.year,
            defaults={"kind": kind, "income_group": income_group, "change_request": change},
        )
        return
    DuesBasis.objects.filter(membership=membership, year=quote.year).delete()
    for payment in membership.payments.filter(
        method=PaymentMethod.STRIPE, status=PaymentStatus.PENDING
    ).exclude(checkout_url=""):
        payment_fail(payment=payment)
