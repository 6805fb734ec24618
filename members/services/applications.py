"""Membership applications: drafts, submission and the secretariat's decisions."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.audit import log_action
from alliance.celery import queue
from members.models import (
    ApplicationDraft,
    ApplicationStatus,
    Institution,
    InstitutionRole,
    MembershipApplication,
    User,
)
from members.services.institutions import institution_create
from members.services.people import person_add
from members.status import (
    check_application_transition,
)

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
