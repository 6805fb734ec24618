"""Writes of the member reports and the course-sharing agreements (docs/programmes.md)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.audit import field_changes, log_action

from .models import (
    REPORT_FIGURES,
    CourseSharingAgreement,
    Institution,
    MemberReport,
    ReportStatus,
    User,
)

REPORT_FIELDS = (*REPORT_FIGURES, "notes")


def report_years(today=None) -> list[int]:
    """The years a report may be given for: this one and the five before, newest first."""
    year = (today or timezone.localdate()).year
    return list(range(year, year - 6, -1))


@transaction.atomic
def report_save(
    *, institution: Institution, year: int, data: dict, actor: User, submit: bool
) -> MemberReport:
    """The institution's administrators draft their report for `year`, then submit it; an
    accepted report is the secretariat's to correct."""
    if year not in report_years():
        raise ValidationError(_("Reports are given for this year and the five before it."))
    report, _created = MemberReport.objects.select_for_update().get_or_create(
        institution=institution, year=year
    )
    if report.status == ReportStatus.ACCEPTED:
        raise ValidationError(
            _("The secretariat has accepted this report: it can no longer be changed.")
        )
    changes = field_changes(report, data, REPORT_FIELDS)
    for field in REPORT_FIELDS:
        setattr(report, field, data[field])
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at, report.submitted_by = timezone.now(), actor
    report.save()
    action = "members.report.submitted" if submit else "members.report.saved"
    log_action(actor, action, report, {"changes": changes} if changes else {})
    return report


@transaction.atomic
def report_accept(*, report: MemberReport, data: dict, actor: User) -> MemberReport:
    """The secretariat corrects a submitted report's figures (each change logged) and accepts
    it: from then on it counts on the impact dashboard."""
    report = MemberReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    changes = field_changes(report, data, REPORT_FIELDS)
    for field in REPORT_FIELDS:
        setattr(report, field, data[field])
    report.status = ReportStatus.ACCEPTED
    report.accepted_at, report.accepted_by = timezone.now(), actor
    report.save()
    log_action(actor, "members.report.accepted", report, {"changes": changes} if changes else {})
    return report


@transaction.atomic
def agreement_record(
    *, institution: Institution, data: dict, actor: User
) -> CourseSharingAgreement:
    """`institution` (the offering one) opens its `data["courses"]` to the partner's students."""
    partner = data["partner_institution"]
    courses = list(data["courses"])
    if partner.pk == institution.pk:
        raise ValidationError(_("An agreement is between two different institutions."))
    if not courses or any(
        institution.pk not in {i.pk for i in course.institutions.all()} for course in courses
    ):
        raise ValidationError(_("Choose one or more of your institution's courses."))
    if data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise ValidationError(_("The agreement cannot end before it starts."))
    agreement = CourseSharingAgreement.objects.create(
        offering_institution=institution,
        partner_institution=partner,
        students=data["students"],
        credit_recognition=data["credit_recognition"],
        credits=data.get("credits"),
        starts_on=data["starts_on"],
        ends_on=data.get("ends_on"),
        recorded_by=actor,
    )
    agreement.courses.set(courses)
    log_action(
        actor,
        "members.agreement.recorded",
        agreement,
        {"partner": partner.name, "courses": ", ".join(c.title for c in courses)},
    )
    return agreement
