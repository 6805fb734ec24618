"""Writes of the yearly impact report: the secretariat opens a draft for a year, reviews it
(the draft shows the dashboard's live figures) and publishes it, which keeps the figures."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.audit import log_action
from cms import impact
from cms.models import YearlyReport, YearlyReportStatus

FIRST_YEAR = 2020  # the alliance's launch


def report_years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def yearly_report_open(*, year: int, actor) -> YearlyReport:
    if year not in report_years():
        raise ValidationError(
            _("Choose a year from %(first)s to this year.") % {"first": FIRST_YEAR}
        )
    report, created = YearlyReport.objects.get_or_create(year=year)
    if created:
        log_action(actor, "cms.yearly_report.opened", report)
    return report


@transaction.atomic
def yearly_report_publish(*, report: YearlyReport, actor) -> YearlyReport:
    report = YearlyReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError(_("This report is already published."))
    report.figures = impact.compute(report.year)
    report.status = YearlyReportStatus.PUBLISHED
    report.published_at, report.published_by = timezone.now(), actor
    report.save()
    log_action(actor, "cms.yearly_report.published", report)
    return report
