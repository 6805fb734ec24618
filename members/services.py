"""Writes of members/: institutions, roles, invitations and membership applications."""

from io import BytesIO
from urllib.parse import urlsplit

from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm
from PIL import Image
from wagtail.search import index

from alliance.audit import log_action
from members import tasks
from members.models import (
    INVITATION_VALIDITY,
    Affiliation,
    ApplicationStatus,
    Course,
    CourseLanguage,
    CourseRun,
    CourseSDGTarget,
    Institution,
    InstitutionRole,
    Invitation,
    MembershipApplication,
    Tombstone,
    User,
)
from members.permissions import ROLE_PERMISSIONS, role_group_name
from members.reference import income_group_for_country, region_for_country
from members.status import check_application_transition

LOGO_MAX_SIDE = 400
INVITATION_SALT = "members.invitation"

PROFILE_FIELDS = [
    "name",
    "short_name",
    "kind",
    "country",
    "region",
    "region_overridden",
    "website",
    "description",
    "founding_year",
    "contact_email",
    "social_links",
    "joined_on",
    "is_public",
]


# Institutions -------------------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "institution"
    slug, n = base, 1
    while Institution.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _derive_geography(institution: Institution) -> None:
    if not institution.region_overridden or not institution.region:
        institution.region = region_for_country(institution.country)
        institution.region_overridden = False
    institution.income_group = income_group_for_country(institution.country)


def _process_logo(upload) -> SimpleUploadedFile:
    """Re-encode the (already validated) image as a PNG no larger than LOGO_MAX_SIDE."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = image.convert("RGBA")
        image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
        out = BytesIO()
        image.save(out, format="PNG", optimize=True)
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


@transaction.atomic
def institution_create(*, actor: User | None, data: dict) -> Institution:
    """Create an institution with its role groups and their object permissions."""
    fields = {key: value for key, value in data.items() if key in PROFILE_FIELDS}
    institution = Institution(slug=data.get("slug") or _unique_slug(data["name"]), **fields)
    _derive_geography(institution)
    institution.full_clean(exclude=["logo"])
    institution.save()
    if isinstance(data.get("logo"), UploadedFile):
        institution.logo.save("logo.png", _process_logo(data["logo"]), save=True)
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.create(name=role_group_name(institution, role))
        for perm in perms:
            assign_perm(f"members.{perm}", group, institution)
    log_action(actor, "members.institution.created", institution, {"name": institution.name})
    return institution


@transaction.atomic
def institution_update(*, institution: Institution, user: User, data: dict) -> Institution:
    """Apply profile changes; the audit log records each changed field with before and after."""
    changes = {}
    for field in PROFILE_FIELDS:
        if field in data and getattr(institution, field) != data[field]:
            changes[field] = [str(getattr(institution, field)), str(data[field])]
            setattr(institution, field, data[field])
    _derive_geography(institution)
    institution.full_clean(exclude=["logo"])
    if isinstance(data.get("logo"), UploadedFile):
        institution.logo.save("logo.png", _process_logo(data["logo"]), save=False)
        changes["logo"] = ["", institution.logo.name]
    elif data.get("logo") is False and institution.logo:
        institution.logo.delete(save=False)
        changes["logo"] = ["removed", ""]
    institution.save()
    if changes:
        log_action(user, "members.institution.updated", institution, {"changes": changes})
    return institution


@transaction.atomic
def institution_suspend(*, institution: Institution, actor: User, reason: str) -> Institution:
    if not reason.strip():
        raise ValidationError(_("Give the reason for the suspension."))
    institution.suspended_at = timezone.now()
    institution.suspension_reason = reason
    institution.save(update_fields=["suspended_at", "suspension_reason", "modified_at"])
    log_action(actor, "members.institution.suspended", institution, {"reason": reason})
    return institution


@transaction.atomic
def institution_reinstate(*, institution: Institution, actor: User) -> Institution:
    institution.suspended_at = None
    institution.suspension_reason = ""
    institution.save(update_fields=["suspended_at", "suspension_reason", "modified_at"])
    log_action(actor, "members.institution.reinstated", institution)
    return institution


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


# Invitations --------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


class InvitationError(ValidationError):
    pass


def invitation_from_token(token: str) -> Invitation:
    try:
        pk = signing.loads(token, salt=INVITATION_SALT)
        return Invitation.objects.select_related("institution").get(pk=pk)
    except (signing.BadSignature, Invitation.DoesNotExist) as error:
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
    tasks.send_invitation_email.delay_on_commit(invitation.pk)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User) -> Invitation:
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("Only an open invitation can be sent again."))
    invitation.expires_at = timezone.now() + INVITATION_VALIDITY
    invitation.save(update_fields=["expires_at"])
    log_action(
        actor, "members.invitation.resent", invitation.institution, {"email": invitation.email}
    )
    tasks.send_invitation_email.delay_on_commit(invitation.pk)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been accepted."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    log_action(
        actor, "members.invitation.revoked", invitation.institution, {"email": invitation.email}
    )
    return invitation


def invitation_check(*, invitation: Invitation, user: User) -> None:
    """Raise InvitationError unless `user` may accept `invitation` now."""
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
    application.full_clean()
    application.possible_duplicates = application_possible_duplicates(
        name=application.institution_name, website=application.website
    )
    application.save()
    log_action(applicant, "members.application.submitted", application)
    tasks.send_application_email.delay_on_commit(application.pk)
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
    tasks.send_application_email.delay_on_commit(application.pk)
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
    tasks.send_application_email.delay_on_commit(application.pk)
    return application


@transaction.atomic
def application_reject(*, application: MembershipApplication, actor: User, reason: str):
    if not reason.strip():
        raise ValidationError(_("Give the applicant the reason for the decision."))
    application = _decide(application, ApplicationStatus.REJECTED, actor, reason)
    application.save()
    log_action(actor, "members.application.rejected", application, {"reason": reason})
    tasks.send_application_email.delay_on_commit(application.pk)
    return application


@transaction.atomic
def application_withdraw(*, application: MembershipApplication, actor: User, reason: str = ""):
    if application.applicant_id != actor.pk:
        raise ValidationError(_("Only the applicant can withdraw an application."))
    application = _decide(application, ApplicationStatus.WITHDRAWN, actor, reason)
    application.reviewed_by = None
    application.save()
    log_action(actor, "members.application.withdrawn", application, {"reason": reason})
    tasks.send_application_email.delay_on_commit(application.pk)
    return application


# Courses ------------------------------------------------------------------------------------

COURSE_FIELDS = [
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
    "has_certificate",
    "license",
    "accessibility_features",
    "status",
    "external_id",
]


def _unique_course_slug(title: str) -> str:
    base = slugify(title)[:100] or "course"
    slug, n = base, 1
    while Course.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


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
    # The search index holds related data (institution names): index once everything is written.
    index.insert_or_update_object(course)


@transaction.atomic
def course_create(*, actor: User | None, data: dict) -> Course:
    """Create a course from validated data (members.forms.CourseForm's cleaned_data)."""
    course = Course(
        slug=data.get("slug") or _unique_course_slug(data["title"]),
        **{field: data[field] for field in COURSE_FIELDS if field in data},
    )
    course.save()
    if isinstance(data.get("image"), UploadedFile):
        course.image.save(data["image"].name, data["image"], save=True)
    _apply_course(course, data)
    log_action(actor, "members.course.created", course, {"title": course.title})
    return course


@transaction.atomic
def course_update(*, course: Course, actor: User | None, data: dict) -> Course:
    for field in COURSE_FIELDS:
        if field in data:
            setattr(course, field, data[field])
    if isinstance(data.get("image"), UploadedFile):
        course.image.save(data["image"].name, data["image"], save=False)
    course.modified_at = timezone.now()
    course.save()
    _apply_course(course, data)
    log_action(actor, "members.course.updated", course, {"title": course.title})
    return course


@transaction.atomic
def course_delete(*, course: Course, actor: User | None) -> Tombstone:
    """Delete a course, leaving a tombstone for mirrors (the API's change feed)."""
    tombstone = Tombstone.objects.create(
        kind="course", key=course.slug, uuid=course.uuid, deleted_by=actor
    )
    log_action(actor, "members.course.deleted", course, {"title": course.title})
    course.delete()
    return tombstone


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
