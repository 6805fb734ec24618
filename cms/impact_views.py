"""The impact dashboard, its open data, and the yearly report (docs/programmes.md). Thin: the
figures come from cms.impact, the writes from cms.impact_services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alliance.exports import csv_response
from cms import impact, impact_services
from cms.impact_pdf import yearly_report_pdf
from cms.models import YearlyReport
from members.permissions import can_review_reports


def _year(request) -> tuple[int, str | None]:
    """The asked year (?year=), or the default one and why the asked one was refused."""
    asked = request.GET.get("year")
    if asked is None:
        return impact.default_year(), None
    if asked.isdigit() and int(asked) in impact_services.report_years():
        return int(asked), None
    return impact.default_year(), _("Choose a year from %(first)s to this year.") % {
        "first": impact_services.FIRST_YEAR
    }


def _context(figures: dict) -> dict:
    rtl = get_language_info(get_language())["bidi"]
    regions = impact.labelled(figures, "regions")
    incomes = impact.labelled(figures, "income_groups")
    countries = impact.labelled(figures, "countries")
    return {
        "figures": figures,
        "year": figures["year"],
        "indicators": impact.indicator_rows(figures),
        "sdg_targets": impact.SDG_TARGETS,
        "regions": regions,
        "income_groups": incomes,
        "countries": countries,
        "region_chart": impact.bar_chart(regions, rtl=rtl),
        "income_chart": impact.bar_chart(incomes, rtl=rtl),
        "tile_map": impact.tile_map(countries, rtl=rtl),
        "licence": impact.LICENCE,
        "licence_url": impact.LICENCE_URL,
    }


@require_GET
def dashboard(request):
    year, error = _year(request)
    if error:
        messages.error(request, error)
    context = _context(impact.compute(year))
    context["years"] = impact_services.report_years()
    context["published"] = YearlyReport.objects.filter(status="published").order_by("-year")
    return TemplateResponse(
        request, "cms/impact/dashboard.html", context, status=400 if error else 200
    )


def _data_year(request) -> int:
    year, error = _year(request)
    if error:
        raise ValidationError(error)
    return year


@require_GET
def data_csv(request):
    try:
        year = _data_year(request)
    except ValidationError as error:
        return HttpResponse(error.messages[0], status=400, content_type="text/plain")
    header, rows = impact.csv_rows(impact.compute(year))
    return csv_response(f"alliance-impact-{year}.csv", header, rows)


@require_GET
def data_json(request):
    try:
        year = _data_year(request)
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    document = impact.json_document(
        impact.compute(year), request.build_absolute_uri(reverse("cms:impact"))
    )
    response = JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="alliance-impact-{year}.json"'
    return response


# The yearly report ---------------------------------------------------------------------------


def yearly_reports(request):
    """The published reports; for the secretariat also the drafts and the form to open one."""
    reviewer = can_review_reports(request.user)
    if request.method == "POST":
        if not reviewer:
            raise PermissionDenied
        try:
            year = int(request.POST.get("year", ""))
            report = impact_services.yearly_report_open(year=year, actor=request.user)
        except (ValueError, ValidationError):
            messages.error(
                request,
                _("Choose a year from %(first)s to this year.")
                % {"first": impact_services.FIRST_YEAR},
            )
            return redirect("cms:yearly_reports")
        return redirect("cms:yearly_report", year=report.year)
    reports = YearlyReport.objects.all()
    if not reviewer:
        reports = reports.filter(status="published")
    return TemplateResponse(
        request,
        "cms/impact/yearly_list.html",
        {"reports": reports, "reviewer": reviewer, "years": impact_services.report_years()},
    )


def _report_for(request, year: int) -> tuple[YearlyReport, dict]:
    """A published report and its kept figures; a draft (live figures) for the secretariat."""
    report = get_object_or_404(YearlyReport, year=year)
    if report.is_published:
        return report, report.figures
    if not can_review_reports(request.user):
        raise Http404
    return report, impact.compute(year)


@require_GET
def yearly_report(request, year: int):
    report, figures = _report_for(request, year)
    context = {**_context(figures), "report": report}
    context["reviewer"] = can_review_reports(request.user)
    return TemplateResponse(request, "cms/impact/yearly_report.html", context)


@require_GET
def yearly_report_pdf_view(request, year: int):
    _report, figures = _report_for(request, year)
    response = HttpResponse(yearly_report_pdf(figures), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="alliance-impact-report-{year}-{get_language()}.pdf"'
    )
    return response


@require_POST
def yearly_report_publish(request, year: int):
    if not can_review_reports(request.user):
        raise PermissionDenied
    report = get_object_or_404(YearlyReport, year=year)
    try:
        impact_services.yearly_report_publish(report=report, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The yearly report is published."))
    return redirect("cms:yearly_report", year=year)
