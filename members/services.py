"""Writes of members/: institutions, roles, invitations, membership applications and dues."""

import logging
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

import stripe
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, ProtectedError, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm
from wagtail.search import index
from wagtail.search.backends import get_search_backends

from alliance.audit import field_changes, log_action, log_actions, value_changes
from alliance.celery import queue
from alliance.emails import send_templated_email
from alliance.images import reencode
from members import selectors
from members.models import (
    INVITATION_VALIDITY,
    Affiliation,
    ApplicationDraft,
    ApplicationStatus,
    ChangeRequestStatus,
    Course,
    CourseLanguage,
    CourseRun,
    CourseSDGTarget,
    CourseStatus,
    DuesBasis,
    DuesReminder,
    Institution,
    InstitutionRole,
    Invitation,
    Membership,
    MembershipApplication,
    MembershipOverride,
    MembershipPeriod,
    MembershipStatus,
    OpenPeriodDecision,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProfileChangeRequest,
    ProformaInvoice,
    ReceiptSequence,
    Reduction,
    StripeEvent,
    Tombstone,
    User,
)
from members.models.invitation import InvitationBase
from members.permissions import ROLE_PERMISSIONS, role_group_name
from members.reference import income_group_for_country, region_for_country
from members.signals import catalog_changed, user_deleting
from members.status import (
    GRACE_DAYS,
    RENEWAL_OPENS_DAYS,
    check_application_transition,
    membership_status,
    next_period,
    payment_transition_allowed,
    reminder_due,
    renewal_open,
)

LOGO_MAX_SIDE = 400
COURSE_IMAGE_MAX_SIDE = 1600

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


# People -------------------------------------------------------------------------------------


def user_set_time_zone(*, user: User, time_zone: str) -> User:
    """Save the zone a person sees times in (validated against the IANA database)."""
    user.time_zone = time_zone
    user.full_clean(validate_unique=False, validate_constraints=False)
    user.save(update_fields=["time_zone"])
    return user


# Institutions -------------------------------------------------------------------------------


def _unique_slug(model, text: str, length: int) -> str:
    """A slug of `text` no other `model` row has: "name", "name-2", "name-3", …"""
    base = slugify(text)[:length] or model._meta.model_name
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


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


# Membership applications --------------------------------------------------------------------


def _domain(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.").lower()


def application_possible_duplicates(*, name: str, website: str, exclude_pk=None) -> list[dict]:
    """Institutions and open applications with the same web domain or the same name."""
    domain, found = _domain(website), []
    for institution in Institution.objects.only("name", "slug", "website"):
        if institution.name.casefold() == name.casefold() or (
            domain and _domain(institution.website) == domain
        ):
            found.append({"kind": "institution", "name": institution.name, "id": institution.pk})
    others = MembershipApplication.objects.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW]
    ).exclude(pk=exclude_pk)
    for other in others.only("institution_name", "website"):
        if other.institution_name.casefold() == name.casefold() or (
            domain and _domain(other.website) == domain
        ):
            found.append({"kind": "application", "name": other.institution_name, "id": other.pk})
    return found


def application_draft_save(*, applicant: User, data: dict) -> None:
    """Keep the wizard's progress (its storage's data) for the account, or forget it when the
    wizard holds no answers (started again, or submitted)."""
    if data.get("step_data"):
        ApplicationDraft.objects.update_or_create(applicant=applicant, defaults={"data": data})
    else:
        ApplicationDraft.objects.filter(applicant=applicant).delete()


@transaction.atomic
def application_submit(*, applicant: User, data: dict, language: str) -> MembershipApplication:
    if MembershipApplication.objects.filter(
        applicant=applicant,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW],
    ).exists():
        raise ValidationError(_("You already have an application under consideration."))
    if not data.get("agreed_to_charter"):
        raise ValidationError(_("An application needs the agreement to the alliance charter."))
    application = MembershipApplication(applicant=applicant, language=language, **data)
    application.full_clean(validate_constraints=False)  # checked above; the index settles races
    application.possible_duplicates = application_possible_duplicates(
        name=application.institution_name, website=application.website
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same person's other request got there first
        raise ValidationError(_("You already have an application under consideration.")) from None
    log_action(applicant, "members.application.submitted", application)
    queue("members.tasks.send_application_email", application.pk)
    queue("members.tasks.send_application_received_email", application.pk)
    return application


def _decide(application: MembershipApplication, status: str, actor: User, reason: str = ""):
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    check_application_transition(application.status, status)
    application.status = status
    application.decision_reason = reason
    application.reviewed_by = actor
    if status != ApplicationStatus.UNDER_REVIEW:
        application.decided_at = timezone.now()
    return application


@transaction.atomic
def application_start_review(*, application: MembershipApplication, actor: User):
    application = _decide(application, ApplicationStatus.UNDER_REVIEW, actor)
    application.save()
    log_action(actor, "members.application.under_review", application)
    queue("members.tasks.send_application_email", application.pk)
    return application


@transaction.atomic
def application_approve(*, application: MembershipApplication, actor: User, reason: str = ""):
    """Approve: the institution is created with the applicant as its administrator."""
    application = _decide(application, ApplicationStatus.APPROVED, actor, reason)
    institution = institution_create(
        actor=actor,
        data={
            "name": application.institution_name,
            "short_name": application.short_name,
            "kind": application.kind,
            "country": application.country,
            "website": application.website,
            "founding_year": application.founding_year,
            "contact_email": application.contact_email,
            "description": {application.language: application.description},
            "joined_on": timezone.localdate(),
        },
    )
    person_add(
        institution=institution, user=application.applicant, role=InstitutionRole.ADMIN, actor=actor
    )
    application.institution = institution
    application.save()
    log_action(actor, "members.application.approved", application, {"reason": reason})
    queue("members.tasks.send_application_email", application.pk)
    return application


@transaction.atomic
def application_reject(*, application: MembershipApplication, actor: User, reason: str):
    if not reason.strip():
        raise ValidationError(_("Give the applicant the reason for the decision."))
    application = _decide(application, ApplicationStatus.REJECTED, actor, reason)
    application.save()
    log_action(actor, "members.application.rejected", application, {"reason": reason})
    queue("members.tasks.send_application_email", application.pk)
    return application


@transaction.atomic
def application_withdraw(*, application: MembershipApplication, actor: User, reason: str = ""):
    if application.applicant_id != actor.pk:
        raise ValidationError(_("Only the applicant can withdraw an application."))
    application = _decide(application, ApplicationStatus.WITHDRAWN, actor, reason)
    application.reviewed_by = None
    application.save()
    log_action(actor, "members.application.withdrawn", application, {"reason": reason})
    queue("members.tasks.send_application_email", application.pk)
    return application


# Courses ------------------------------------------------------------------------------------

COURSE_FIELDS = (
    "title",
    "summary",
    "description",
    "platform",
    "url",
    "level",
    "learning_outcomes",
    "prerequisites",
    "effort_hours_per_week",
    "length_weeks",
    "is_free",
    "price",
    "currency",
    "has_certificate",
    "license",
    "accessibility_features",
    "status",
    "external_id",
)


def _apply_course(course: Course, data: dict) -> None:
    """Write the related rows of a saved course: languages, SDG targets, fields, runs."""
    if "languages" in data or "subtitle_languages" in data:
        course.language_rows.all().delete()
        CourseLanguage.objects.bulk_create(
            [CourseLanguage(course=course, code=code) for code in data.get("languages", [])]
            + [
                CourseLanguage(course=course, code=code, is_subtitle=True)
                for code in data.get("subtitle_languages", [])
            ]
        )
    if "sdg_targets" in data:
        course.sdg_rows.all().delete()
        CourseSDGTarget.objects.bulk_create(
            [CourseSDGTarget(course=course, target=target) for target in data["sdg_targets"]]
        )
    if "fields" in data:
        course.fields.set(data["fields"])
    if "runs" in data:
        course.runs.all().delete()
        CourseRun.objects.bulk_create([CourseRun(course=course, **run) for run in data["runs"]])
    if "institutions" in data:
        course.institutions.set(data["institutions"])
    # The search index holds related data (institution names): index once everything is written;
    # on PostgreSQL the generated search_vector column is the catalog's index.
    if not selectors.uses_postgresql_search():
        index.insert_or_update_object(course)


@transaction.atomic
def course_create(*, actor: User | None, data: dict) -> Course:
    """Create a course from validated data (members.forms.CourseForm's cleaned_data)."""
    course = Course(
        slug=data.get("slug") or _unique_slug(Course, data["title"], 100),
        **{field: data[field] for field in COURSE_FIELDS if field in data},
    )
    course.save()
    if isinstance(data.get("image"), UploadedFile):
        image = reencode(data["image"], max_side=COURSE_IMAGE_MAX_SIDE, name=data["image"].name)
        course.image.save(image.name, image, save=True)
    _apply_course(course, data)
    _announce_course(course, was_listed=False)
    log_action(actor, "members.course.created", course, {"title": course.title})
    return course


def _unique_slugs(model, texts: list[str], length: int) -> list[str]:
    """_unique_slug for each of `texts`, unique among themselves too, in one or two queries."""
    bases = [slugify(text)[:length] or model._meta.model_name for text in texts]
    taken = set(model.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    if taken:
        numbered = Q()
        for base in taken:
            numbered |= Q(slug__startswith=f"{base}-")
        taken |= set(model.objects.filter(numbered).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


@transaction.atomic
def courses_create(*, institution: Institution, actor: User | None, batch: list[dict]) -> None:
    """Create `institution`'s new courses, as course_create does each, in a fixed number of
    queries (plus a partner announcement per listed course): `batch` holds
    members.forms.CourseImportForm's cleaned data (with "runs"). Each course is indexed once,
    after its relations are written, in Wagtail's backend when the catalog searches through it."""
    now = timezone.now()
    listed = Institution.objects.filter(selectors.in_listed_standing(), pk=institution.pk).exists()
    slugs = _unique_slugs(Course, [data["title"] for data in batch], 100)
    courses = [
        Course(slug=slug, **{field: data[field] for field in COURSE_FIELDS if field in data})
        for slug, data in zip(slugs, batch, strict=True)
    ]
    announced = [c for c in courses if listed and c.status == CourseStatus.PUBLISHED]
    for course in announced:
        course.modified_at = course.listed_at = now
    Course.objects.bulk_create(courses)
    offered, fields, languages, targets, runs = [], [], [], [], []
    for course, data in zip(courses, batch, strict=True):
        offered.append(Course.institutions.through(course=course, institution=institution))
        fields += [Course.fields.through(course=course, fieldofeducation=f) for f in data["fields"]]
        languages += [CourseLanguage(course=course, code=code) for code in data["languages"]]
        languages += [
            CourseLanguage(course=course, code=code, is_subtitle=True)
            for code in data["subtitle_languages"]
        ]
        targets += [CourseSDGTarget(course=course, target=target) for target in data["sdg_targets"]]
        runs += [CourseRun(course=course, **run) for run in data.get("runs", [])]
    Course.institutions.through.objects.bulk_create(offered)
    Course.fields.through.objects.bulk_create(fields)
    CourseLanguage.objects.bulk_create(languages)
    CourseSDGTarget.objects.bulk_create(targets)
    CourseRun.objects.bulk_create(runs)
    if not selectors.uses_postgresql_search():  # else the generated search_vector is the index
        indexed = Course.objects.filter(pk__in=[c.pk for c in courses])
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(Course, list(indexed.prefetch_related("institutions")))
    for course in announced:
        catalog_changed.send(sender=Course, instance=course, event="created")
    log_actions(actor, "members.course.created", courses, lambda course: {"title": course.title})


@transaction.atomic
def course_update(*, course: Course, actor: User | None, data: dict) -> Course:
    was_listed = _course_is_listed(course)
    changes = field_changes(course, data, COURSE_FIELDS)
    for field in COURSE_FIELDS:
        if field in data:
            setattr(course, field, data[field])
    if isinstance(data.get("image"), UploadedFile):
        image = reencode(data["image"], max_side=COURSE_IMAGE_MAX_SIDE, name=data["image"].name)
        course.image.save(image.name, image, save=False)
    course.save()
    _apply_course(course, data)
    _announce_course(course, was_listed=was_listed)
    log_action(actor, "members.course.updated", course, {"title": course.title, "changes": changes})
    return course


@transaction.atomic
def course_delete(*, course: Course, actor: User | None) -> Tombstone | None:
    """Delete a course, leaving a tombstone for mirrors (the API's change feed, webhooks) if
    partners ever could read it."""
    tombstone = None
    if course.listed_at is not None:
        tombstone = Tombstone.objects.create(
            kind="course", key=course.slug, uuid=course.uuid, deleted_by=actor
        )
    log_action(actor, "members.course.deleted", course, {"title": course.title})
    if not selectors.uses_postgresql_search():
        index.remove_object(course)
    course.delete()
    return tombstone


# What partners may read: the change feed and webhooks tell the same story. A course is
# created when it becomes listed (members.selectors.listed_course), updated while it stays
# listed, deleted when it stops; a course never listed is never mentioned.


def _course_is_listed(course: Course) -> bool:
    return selectors.published_courses().filter(pk=course.pk).exists()


def _announce_course(course: Course, *, was_listed: bool) -> None:
    """Only a change partners can see moves the course in the change feed (`modified_at`)."""
    listed = _course_is_listed(course)
    if not (listed or was_listed):
        return
    course.modified_at = timezone.now()
    changes = {"modified_at": course.modified_at}
    if listed and not was_listed:
        course.listed_at = changes["listed_at"] = course.modified_at
        event = "created"
    else:
        event = "updated" if listed else "deleted"
    Course.objects.filter(pk=course.pk).update(**changes)
    catalog_changed.send(sender=Course, instance=course, event=event)


def _listing_of(institution: Institution) -> tuple[bool, set[int]]:
    """Whether partners may read the institution, and which of its courses."""
    courses = selectors.published_courses().filter(institutions=institution)
    return (
        selectors.public_institutions().filter(pk=institution.pk).exists(),
        set(courses.values_list("pk", flat=True)),
    )


def _announce_listing(institution: Institution, before: tuple[bool, set[int]]) -> None:
    """After the standing changed: what partners may now read of the institution and its
    courses moves to now in the change feed, and is announced (an institution back in the
    catalog is updated, as in the feed; its courses are created)."""
    listed, courses = _listing_of(institution)
    now = timezone.now()
    if listed != before[0]:
        Institution.objects.filter(pk=institution.pk).update(modified_at=now)
        institution.modified_at = now
        event = "updated" if listed else "deleted"
        catalog_changed.send(sender=Institution, instance=institution, event=event)
    back, gone = courses - before[1], before[1] - courses
    Course.objects.filter(pk__in=back).update(modified_at=now, listed_at=now)
    Course.objects.filter(pk__in=gone).update(modified_at=now)
    for course in Course.objects.filter(pk__in=back | gone).order_by("pk"):
        catalog_changed.send(
            sender=Course, instance=course, event="created" if course.pk in back else "deleted"
        )


@transaction.atomic
def course_upsert(*, institution: Institution, actor: User | None, data: dict):
    """Create, or update by (platform, external id), one of `institution`'s courses.

    Returns (course, created). A course with that id offered by other institutions only is
    refused: an import never takes over another member's course.
    """
    existing = (
        Course.objects.select_for_update()
        .filter(platform=data["platform"], external_id=data["external_id"])
        .first()
        if data.get("external_id")
        else None
    )
    if existing is None:
        return course_create(actor=actor, data={**data, "institutions": [institution]}), True
    if not existing.institutions.filter(pk=institution.pk).exists():
        raise ValidationError(_("A course with this external id belongs to another institution."))
    data = {key: value for key, value in data.items() if key != "institutions"}
    return course_update(course=existing, actor=actor, data=data), False


# Membership dues ----------------------------------------------------------------------------

logger = logging.getLogger(__name__)

# A Checkout session stays open this long (Stripe allows 30 minutes to 24 hours).
CHECKOUT_VALIDITY = timedelta(hours=1)


def membership_for(*, institution: Institution) -> Membership:
    """The institution's membership, created pending the first time."""
    return Membership.objects.get_or_create(institution=institution)[0]


def _lock_membership(membership: Membership) -> Membership:
    """Lock the membership's row: its payments, periods and status change one at a time."""
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("institution")
        .get(pk=membership.pk)
    )


STANDING = ("status", "paid_until")


@transaction.atomic
def membership_refresh(*, membership: Membership) -> Membership:
    """Store the status computed from the periods, payments and overrides (members.status)."""
    membership = _lock_membership(membership)
    periods = selectors.periods_of(membership=membership)
    override = membership.override or (
        MembershipOverride.SUSPENDED if membership.institution.is_suspended else ""
    )
    status = membership_status(today=timezone.localdate(), periods=periods, override=override)
    paid_until = max((end for _start, end in periods), default=None)
    changed = membership.status != status
    if changed:
        changes = field_changes(membership, {"status": status, "paid_until": paid_until}, STANDING)
        log_action(None, "members.membership.status_changed", membership, {"changes": changes})
        before = _listing_of(membership.institution)
    if (membership.status, membership.paid_until) != (status, paid_until):
        membership.status, membership.paid_until = status, paid_until
        membership.save(update_fields=["status", "paid_until"])
    if changed:
        _announce_listing(membership.institution, before)
    return membership


def membership_refresh_all() -> None:
    """Daily (beat): store the day's status of every membership."""
    for membership in Membership.objects.only("pk"):
        membership_refresh(membership=membership)


@transaction.atomic
def membership_set_override(
    *, membership: Membership, override: str, reason: str, actor: User
) -> Membership:
    """Cancel or suspend a membership, or lift that ("" override); the status follows at once."""
    if override and not reason.strip():
        raise ValidationError(_("Give the reason."))
    membership = _lock_membership(membership)
    new = {"override": MembershipOverride(override), "override_reason": reason if override else ""}
    changes = field_changes(membership, new, new)
    membership.override, membership.override_reason = new["override"], new["override_reason"]
    membership.save(update_fields=["override", "override_reason"])
    log_action(actor, "members.membership.override_set", membership, {"changes": changes})
    return membership_refresh(membership=membership)


@transaction.atomic
def reduction_grant(
    *, membership: Membership, year: int, percent: int, reason: str, approver: User
) -> Reduction:
    """Reduce one year's dues by `percent` (100: waive them); a new grant replaces the year's."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the reduction."))
    reduction = Reduction.objects.filter(membership=membership, year=year).first()
    reduction = reduction or Reduction(membership=membership, year=year)
    changes = (
        field_changes(reduction, {"percent": percent, "reason": reason}, ("percent", "reason"))
        if reduction.pk
        else {"percent": ["", str(percent)], "reason": ["", reason]}
    )
    reduction.percent, reduction.reason, reduction.approver = percent, reason, approver
    reduction.full_clean()
    reduction.save()
    log_action(
        approver, "members.reduction.granted", membership, {"year": year, "changes": changes}
    )
    return reduction


def _payable_quote(membership: Membership, today: date, *, waiver=False) -> selectors.DuesQuote:
    """The dues that can be settled on `today`, or a ValidationError that says why not."""
    if membership.status in (MembershipStatus.CANCELLED, MembershipStatus.SUSPENDED):
        raise ValidationError(
            _("The secretariat has cancelled or suspended this membership. Please contact it.")
        )
    periods = selectors.periods_of(membership=membership)
    if not renewal_open(today=today, periods=periods):
        paid_until = max(end for _start, end in periods)
        raise ValidationError(
            _("The dues are paid until %(date)s. The next period can be paid from %(opens)s.")
            % {
                "date": date_format(paid_until),
                "opens": date_format(paid_until - timedelta(days=RENEWAL_OPENS_DAYS)),
            }
        )
    quote = selectors.dues_quote(membership=membership, today=today)
    if quote.fee_cents is None:
        raise ValidationError(
            _("The secretariat has not set the dues for %(year)s yet. Please contact it.")
            % {"year": quote.year}
        )
    if not quote.amount_cents and not waiver:
        raise ValidationError(
            _("The dues for %(year)s are waived: there is nothing to pay.") % {"year": quote.year}
        )
    return quote


def _new_payment(membership: Membership, quote, method: str, actor: User, **fields) -> Payment:
    """A payment of `quote`'s dues (its amount unless `fields` say otherwise)."""
    return Payment.objects.create(
        membership=membership,
        year=quote.year,
        method=method,
        fee_cents=quote.fee_cents,
        reduction=quote.reduction,
        created_by=actor,
        **{"amount_cents": quote.amount_cents, **fields},
    )


def _stripe() -> stripe.StripeClient:
    """Stripe's API; the tests put a fake HTTP client in stripe.default_http_client."""
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, http_client=stripe.default_http_client, max_network_retries=2
    )


@transaction.atomic
def checkout_start(*, membership: Membership, actor: User, return_url: str) -> str:
    """The address of a Stripe Checkout page for the dues due now. The membership's row is
    locked, so a double click, or two admins at once, get the same Checkout session."""
    if not selectors.online_payment_enabled():
        raise ValidationError(
            _(
                "Online payment is not set up yet. Please pay by bank transfer: the secretariat"
                " will record your payment."
            )
        )
    membership = _lock_membership(membership)
    now = timezone.now()
    open_payment = membership.payments.filter(
        method=PaymentMethod.STRIPE, status=PaymentStatus.PENDING
    ).first()
    if open_payment and not open_payment.checkout_url:
        raise ValidationError(
            _("A payment is being processed. The receipt will be emailed once it is complete.")
        )
    if open_payment and open_payment.checkout_expires_at > now:
        return open_payment.checkout_url
    if open_payment:
        payment_fail(payment=open_payment)
    quote = _payable_quote(membership, timezone.localdate())
    payment = _new_payment(membership, quote, PaymentMethod.STRIPE, actor)
    expires_at = now + CHECKOUT_VALIDITY
    metadata = {"payment_id": str(payment.pk), "institution": membership.institution.slug}
    title = _("Global MOOC Alliance membership dues %(year)s") % {"year": quote.year}
    try:
        session = _stripe().v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "client_reference_id": str(payment.pk),
                "customer_email": actor.email,
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "usd",
                            "unit_amount": payment.amount_cents,
                            "product_data": {"name": title},
                        },
                    }
                ],
                "metadata": metadata,
                "payment_intent_data": {"metadata": metadata},
                "expires_at": int(expires_at.timestamp()),
                "success_url": f"{return_url}?paid=1",
                "cancel_url": return_url,
            },
            options={"idempotency_key": f"checkout-{payment.pk}"},
        )
    except stripe.StripeError as error:
        logger.warning("Stripe Checkout for payment %s failed: %s", payment.pk, error)
        raise ValidationError(
            _("The payment service could not be reached. Please try again in a few minutes.")
        ) from error
    payment.stripe_checkout_session_id = session.id
    payment.checkout_url = session.url
    payment.checkout_expires_at = expires_at
    payment.save(
        update_fields=["stripe_checkout_session_id", "checkout_url", "checkout_expires_at"]
    )
    log_action(
        actor,
        "members.payment.checkout_started",
        membership,
        {"payment": payment.pk, "year": quote.year, "amount_cents": payment.amount_cents},
    )
    return session.url


DOCUMENT_SEQUENCES = {
    # kind: (the ReceiptSequence field, the number's pattern)
    "receipt": ("last", "GMA-{year}-{number:06d}"),
    "credit_note": ("last_credit_note", "GMA-CN-{year}-{number:06d}"),
    "invoice": ("last_invoice", "GMA-PF-{year}-{number:06d}"),
}


def _document_number(year: int, *, kind: str = "receipt") -> str:
    """The next of `year`'s receipt numbers, e.g. GMA-2026-000123, credit note numbers,
    GMA-CN-2026-000004, or pro-forma invoice numbers, GMA-PF-2026-000010. The year's row stays
    locked until the transaction ends: no two documents get one number, and no number is
    skipped."""
    field, pattern = DOCUMENT_SEQUENCES[kind]
    ReceiptSequence.objects.get_or_create(year=year)
    sequence = ReceiptSequence.objects.select_for_update().get(year=year)
    number = getattr(sequence, field) + 1
    setattr(sequence, field, number)
    sequence.save(update_fields=[field])
    return pattern.format(year=year, number=number)


@transaction.atomic
def invoice_issue(*, membership: Membership, actor: User) -> ProformaInvoice:
    """The pro-forma invoice of the dues due now: the one already issued for this amount (a
    double click or two administrators get the same), or a new one with the next number."""
    membership = _lock_membership(membership)
    quote = _payable_quote(membership, timezone.localdate())
    invoice = membership.invoices.filter(
        year=quote.year, fee_cents=quote.fee_cents, amount_cents=quote.amount_cents
    ).first()
    if invoice is not None:
        return invoice
    invoice = ProformaInvoice.objects.create(
        membership=membership,
        year=quote.year,
        number=_document_number(timezone.localdate().year, kind="invoice"),
        fee_cents=quote.fee_cents,
        amount_cents=quote.amount_cents,
        reduction_percent=quote.reduction.percent if quote.reduction else 0,
        reference=selectors.payment_reference(membership=membership, year=quote.year),
        issued_by=actor,
    )
    log_action(
        actor,
        "members.invoice.issued",
        membership,
        {"invoice": invoice.number, "year": quote.year, "amount_cents": quote.amount_cents},
    )
    return invoice


def _locked_payment(payment: Payment, status: str) -> Payment | None:
    """The payment read again under its membership's lock, if it may move to `status`."""
    _lock_membership(Membership(pk=payment.membership_id))
    payment = Payment.objects.select_related("membership__institution").get(pk=payment.pk)
    return payment if payment_transition_allowed(payment.status, status) else None


@transaction.atomic
def payment_succeed(
    *, payment: Payment, paid_at: datetime | None = None, actor: User | None = None
) -> Payment | None:
    """The money arrived (or the dues were waived): a receipt number, and the period it buys.
    News of a payment already settled changes nothing (None)."""
    payment = _locked_payment(payment, PaymentStatus.SUCCEEDED)
    if payment is None:
        return None
    paid_at = paid_at or timezone.now()
    membership = payment.membership
    starts_on, ends_on = next_period(
        paid_on=timezone.localdate(paid_at), periods=selectors.periods_of(membership=membership)
    )
    before = _payment_state(payment, membership)
    payment.status, payment.paid_at, payment.checkout_url = PaymentStatus.SUCCEEDED, paid_at, ""
    payment.receipt_number = _document_number(timezone.localdate(paid_at).year)
    payment.save()
    MembershipPeriod.objects.create(
        membership=membership, payment=payment, starts_on=starts_on, ends_on=ends_on
    )
    _log_payment(
        actor,
        "members.payment.succeeded",
        payment,
        before,
        period=[str(starts_on), str(ends_on)],
        paid_at=paid_at.isoformat(),
    )
    return payment


def _payment_state(payment: Payment, membership: Membership) -> dict:
    return {"status": payment.status, "paid_until": membership.paid_until}


def _log_payment(actor, action: str, payment: Payment, before: dict, **data) -> None:
    """Refresh the membership's status, then log `action` on it: the payment's number, method,
    amount and documents, and its status and the membership's paid-until date before and after."""
    membership = membership_refresh(membership=payment.membership)
    after = _payment_state(payment, membership)
    entry = {
        "payment": payment.pk,
        "method": payment.method,
        "amount_cents": payment.amount_cents,
        "balance_cents": payment.balance_cents or "",
        "reference": payment.reference,
        "receipt": payment.receipt_number or "",
        "credit_note": payment.credit_note_number or "",
        **data,
        "changes": value_changes(before, after),
    }
    log_action(actor, action, membership, {k: v for k, v in entry.items() if v not in ("", None)})


@transaction.atomic
def payment_fail(*, payment: Payment) -> Payment | None:
    payment = _locked_payment(payment, PaymentStatus.FAILED)
    if payment is None:
        return None
    before = _payment_state(payment, payment.membership)
    payment.status, payment.checkout_url = PaymentStatus.FAILED, ""
    payment.save(update_fields=["status", "checkout_url"])
    _log_payment(None, "members.payment.failed", payment, before)
    return payment


@transaction.atomic
def payment_take_back(
    *, payment: Payment, status: str, at: datetime | None = None
) -> Payment | None:
    """Refunded or disputed (in Stripe): the money went back, so the period the payment bought
    no longer counts. News of a payment already taken back changes nothing (None)."""
    payment = _locked_payment(payment, status)
    if payment is None:
        return None
    before = _payment_state(payment, payment.membership)
    payment.status, payment.checkout_url = status, ""
    payment.refunded_at = at or timezone.now()
    if status == PaymentStatus.REFUNDED and payment.receipt_number:
        # The money went back to the member: a credit note cancels the receipt.
        payment.credit_note_number = _document_number(
            timezone.localdate(payment.refunded_at).year, kind="credit_note"
        )
    payment.save(update_fields=["status", "checkout_url", "refunded_at", "credit_note_number"])
    _log_payment(
        None, f"members.payment.{status}", payment, before, at=payment.refunded_at.isoformat()
    )
    return payment


@transaction.atomic
def payment_record_offline(
    *,
    membership: Membership,
    reference: str,
    received_on: date,
    actor: User,
    amount_cents: int | None = None,
) -> Payment:
    """The secretariat records a bank transfer of the dues due (computed here, as online). A
    transfer that arrived short (`amount_cents`, e.g. bank fees deducted) buys the period and
    leaves the rest as the payment's balance. A date after today is refused."""
    if not reference.strip():
        raise ValidationError(_("Give the bank transfer's reference."))
    if received_on > timezone.localdate():
        raise ValidationError(_("The date received cannot be after today."))
    membership = _lock_membership(membership)
    quote = _payable_quote(membership, received_on)
    due = quote.amount_cents
    received = due if amount_cents is None else amount_cents
    if not 0 < received <= due:
        raise ValidationError(
            _("The amount received must be more than nothing and at most the %(due)s USD due.")
            % {"due": quote.amount}
        )
    payment = _new_payment(
        membership,
        quote,
        PaymentMethod.OFFLINE,
        actor,
        reference=reference.strip(),
        amount_cents=received,
        balance_cents=due - received,
    )
    paid_at = timezone.make_aware(datetime.combine(received_on, time(12)))
    payment = payment_succeed(payment=payment, paid_at=paid_at, actor=actor)
    queue("members.tasks.send_receipt_email", payment.pk)
    return payment


@transaction.atomic
def payment_void(*, membership: Membership, payment: Payment, reason: str, actor: User) -> Payment:
    """Void a bank transfer or waiver recorded by mistake (a wrong date, amount or member): a
    numbered credit note, and the period it bought no longer counts. Audited."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for voiding the payment."))
    if payment.membership_id != membership.pk or payment.method == PaymentMethod.STRIPE:
        raise ValidationError(
            _("Only bank transfers and waivers can be voided; refund online payments in Stripe.")
        )
    payment = _locked_payment(payment, PaymentStatus.VOIDED)
    if payment is None:
        raise ValidationError(_("Only a payment that is paid can be voided."))
    now = timezone.now()
    before = _payment_state(payment, payment.membership)
    payment.status, payment.voided_at, payment.voided_by = PaymentStatus.VOIDED, now, actor
    payment.void_reason = reason.strip()
    payment.credit_note_number = _document_number(timezone.localdate(now).year, kind="credit_note")
    payment.save()
    _log_payment(actor, "members.payment.voided", payment, before, reason=payment.void_reason)
    return payment


@transaction.atomic
def dues_waive(*, membership: Membership, reason: str, actor: User) -> Payment:
    """Waive the dues due now: a 100 % reduction, and a payment of nothing (no Stripe) that buys
    the period."""
    membership = _lock_membership(membership)
    quote = _payable_quote(membership, timezone.localdate(), waiver=True)
    reduction = reduction_grant(
        membership=membership, year=quote.year, percent=100, reason=reason, approver=actor
    )
    payment = _new_payment(
        membership,
        selectors.DuesQuote(year=quote.year, fee_cents=quote.fee_cents, reduction=reduction),
        PaymentMethod.WAIVER,
        actor,
    )
    payment = payment_succeed(payment=payment, actor=actor)
    queue("members.tasks.send_receipt_email", payment.pk)
    return payment


def _email_admins(*, institution: Institution, template_prefix: str, link, context: dict):
    """One email to each administrator of `institution`, in their language; `link` is
    (url name, args) of a page, reversed in that language."""
    for admin in selectors.admins_of(institution=institution):
        with translation.override(admin.preferred_language):
            path = reverse(link[0], args=link[1])
        send_templated_email(
            to=[admin.email],
            language=admin.preferred_language,
            template_prefix=template_prefix,
            context={**context, "institution": institution, "path": path},
            time_zone=admin.time_zone,
        )


def receipt_email_send(*, payment: Payment) -> None:
    institution = payment.membership.institution
    _email_admins(
        institution=institution,
        template_prefix="members/email/dues_receipt",
        link=("members:receipt", [institution.slug, payment.receipt_number]),
        context={"payment": payment},
    )


def dues_reminders_send() -> None:
    """Daily (beat): email the reminders due today to each institution's administrators. Each
    is sent once per period and kind, so running this twice sends nothing more."""
    today = timezone.localdate()
    members = Membership.objects.filter(
        status__in=[MembershipStatus.ACTIVE, MembershipStatus.GRACE]
    ).select_related("institution")
    for membership in members:
        period = selectors.counted_periods(membership=membership).order_by("-ends_on").first()
        kind = period and reminder_due(today=today, ends_on=period.ends_on)
        if kind:
            _dues_reminder_send(period=period, kind=kind, today=today)


@transaction.atomic
def _dues_reminder_send(*, period: MembershipPeriod, kind: str, today: date) -> None:
    """Send unless sent already; an email that fails rolls the row back, to be tried again."""
    _reminder, created = DuesReminder.objects.get_or_create(period=period, kind=kind)
    if created:
        membership = period.membership
        _email_admins(
            institution=membership.institution,
            template_prefix="members/email/dues_reminder",
            link=("members:membership", [membership.institution.slug]),
            context={
                "kind": kind,
                "period": period,
                "grace_ends_on": period.ends_on + timedelta(days=GRACE_DAYS),
                "quote": selectors.dues_quote(membership=membership, today=today),
            },
        )


# Stripe's webhook events: stored once by the view, processed once by a task.
#
# An event names our payment by its Checkout session, its payment intent, or the payment id we
# gave Stripe in the metadata. Charges and disputes name only the payment intent, which we learn
# from the first session or payment intent event: one that comes earlier waits, unprocessed, and
# is processed as soon as a payment has that payment intent.

# The objects whose events name our payment themselves (a session's id, a payment intent's
# metadata): when none of ours matches, the event is not ours.
OBJECTS_THAT_NAME_THE_PAYMENT = ("checkout.session", "payment_intent")


class StripeEventConflict(Exception):
    """The event's ids name two different payments, or another payment intent than the one the
    payment has: it is not recorded."""


def stripe_payment_intent_of(obj: dict) -> str:
    """The payment intent an event's object (session, payment intent, charge, dispute) names."""
    value = obj.get("id") if obj.get("object") == "payment_intent" else obj.get("payment_intent")
    return value if isinstance(value, str) else ""


@transaction.atomic
def stripe_event_receive(*, payload: dict) -> StripeEvent:
    """Store a verified event once by its id and process it after the commit. A replay changes
    nothing; one not processed yet is queued again (processing happens once whatever the number
    of tasks)."""
    event, _created = StripeEvent.objects.get_or_create(
        id=payload["id"],
        defaults={
            "type": payload["type"],
            "payload": payload,
            "payment_intent": stripe_payment_intent_of(payload["data"]["object"]),
        },
    )
    if event.processed_at is None:
        queue("members.tasks.process_stripe_event", event.pk)
    return event


@transaction.atomic
def stripe_event_process(*, event: StripeEvent) -> str:
    """Act on a stored event once (its row stays locked meanwhile); keep the result on it. An
    event that waits for its payment intent is left unprocessed."""
    event = StripeEvent.objects.select_for_update().get(pk=event.pk)
    if event.processed_at is not None:
        return event.result
    handler = STRIPE_EVENT_HANDLERS.get(event.type)
    if handler is None:
        logger.info("Stripe event %s (%s) acknowledged and ignored.", event.pk, event.type)
        result = "ignored: not an event the platform acts on"
    else:
        result = _stripe_event_apply(event, handler)
    if result is None:
        event.result = f"waiting for payment intent {event.payment_intent}"[:200]
        event.save(update_fields=["result"])
        return event.result
    event.processed_at, event.result = timezone.now(), result[:200]
    event.save(update_fields=["processed_at", "result"])
    return result


def _stripe_event_apply(event: StripeEvent, handler) -> str | None:
    """The handler's result for the event's payment; None while its payment intent is not
    known (charges and disputes that came first)."""
    obj = event.payload["data"]["object"]
    try:
        payment = _find_payment(obj, event.payment_intent)
    except StripeEventConflict as conflict:
        logger.error("Stripe event %s not recorded: %s", event.pk, conflict)
        return f"conflict, not recorded: {conflict}"
    waits = event.payment_intent and obj.get("object") not in OBJECTS_THAT_NAME_THE_PAYMENT
    if payment is None and waits:
        return None
    if payment is None:
        logger.warning("Stripe event %s names no payment of ours.", event.pk)
        return "ignored: no payment of ours"
    _link_payment_intent(payment, event.payment_intent)
    created = event.payload.get("created")
    at = datetime.fromtimestamp(created, tz=UTC) if isinstance(created, int) else None
    return handler(payment, obj, at)


def _find_payment(obj: dict, payment_intent: str) -> Payment | None:
    """Our payment named by the event's session id, payment intent and metadata, or None; a
    StripeEventConflict when they name different payments."""
    lookups = Q(pk__in=[])
    if obj.get("object") == "checkout.session" and isinstance(obj.get("id"), str):
        lookups |= Q(stripe_checkout_session_id=obj["id"])
    if payment_intent:
        lookups |= Q(stripe_payment_intent_id=payment_intent)
    metadata = obj.get("metadata")
    payment_id = str(metadata.get("payment_id", "")) if isinstance(metadata, dict) else ""
    if payment_id.isdigit() and len(payment_id) < 19:  # a 64-bit integer
        lookups |= Q(pk=int(payment_id), method=PaymentMethod.STRIPE)
    payments = list(Payment.objects.filter(lookups)[:2])
    if len(payments) > 1:
        raise StripeEventConflict(f"it names payments {payments[0].pk} and {payments[1].pk}")
    payment = payments[0] if payments else None
    known = payment and payment.stripe_payment_intent_id
    if known and payment_intent and known != payment_intent:
        raise StripeEventConflict(f"payment {payment.pk} has another payment intent")
    return payment


def _link_payment_intent(payment: Payment, payment_intent: str) -> None:
    """The payment's intent, the first time an event tells it; the events that waited for it
    are processed next."""
    if not payment_intent or payment.stripe_payment_intent_id:
        return
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id=payment_intent)
    payment.stripe_payment_intent_id = payment_intent
    waiting = StripeEvent.objects.filter(payment_intent=payment_intent, processed_at=None)
    for event_id in waiting.values_list("pk", flat=True):
        queue("members.tasks.process_stripe_event", event_id)


def _on_created(payment: Payment, obj: dict, at: datetime | None) -> str:
    """payment_intent.created: the payment intent is linked, nothing else changes."""
    return f"payment {payment.pk}: payment intent known"


def _on_paid(payment: Payment, obj: dict, at: datetime | None) -> str:
    """checkout.session.completed, checkout.session.async_payment_succeeded,
    payment_intent.succeeded: whichever comes first records the payment."""
    is_session = obj.get("object") == "checkout.session"
    if is_session and obj.get("payment_status") != "paid":
        # Checkout is done, the bank has not confirmed yet (e.g. a debit): no new Checkout.
        Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(checkout_url="")
        return f"payment {payment.pk}: waiting for the bank"
    amount = obj.get("amount_total" if is_session else "amount_received")
    currency = str(obj.get("currency", "")).lower()
    if amount != payment.amount_cents or currency != "usd":
        logger.error(
            "Stripe paid %s %s for payment %s: not recorded.", amount, currency, payment.pk
        )
        return f"payment {payment.pk}: {amount} {currency} does not match, not recorded"
    if payment_succeed(payment=payment, paid_at=at) is None:
        return f"payment {payment.pk}: no change"
    queue("members.tasks.send_receipt_email", payment.pk)
    return f"payment {payment.pk}: paid"


def _on_failed(payment: Payment, obj: dict, at: datetime | None) -> str:
    """checkout.session.async_payment_failed, checkout.session.expired."""
    changed = payment_fail(payment=payment)
    return f"payment {payment.pk}: {'failed' if changed else 'no change'}"


def _on_attempt_failed(payment: Payment, obj: dict, at: datetime | None) -> str:
    """payment_intent.payment_failed: one attempt failed (a card declined); the Checkout page
    stays open for another, so the payment stays as it is."""
    return f"payment {payment.pk}: an attempt failed, no change"


def _on_refunded(payment: Payment, obj: dict, at: datetime | None) -> str:
    """charge.refunded: a full refund takes back the period; a partial one changes nothing."""
    if obj.get("refunded") is not True:
        logger.warning("Partial refund of payment %s: the membership is kept.", payment.pk)
        return f"payment {payment.pk}: partial refund, no change"
    changed = payment_take_back(payment=payment, status=PaymentStatus.REFUNDED, at=at)
    return f"payment {payment.pk}: {'refunded' if changed else 'no change'}"


def _on_disputed(payment: Payment, obj: dict, at: datetime | None) -> str:
    """charge.dispute.created: the bank took the money back; the period no longer counts."""
    logger.error("Payment %s is disputed: its period no longer counts.", payment.pk)
    changed = payment_take_back(payment=payment, status=PaymentStatus.DISPUTED, at=at)
    return f"payment {payment.pk}: {'disputed' if changed else 'no change'}"


STRIPE_EVENT_HANDLERS = {
    "checkout.session.completed": _on_paid,
    "checkout.session.async_payment_succeeded": _on_paid,
    "payment_intent.created": _on_created,
    "payment_intent.succeeded": _on_paid,
    "payment_intent.payment_failed": _on_attempt_failed,
    "checkout.session.async_payment_failed": _on_failed,
    "checkout.session.expired": _on_failed,
    "charge.refunded": _on_refunded,
    "charge.dispute.created": _on_disputed,
}
