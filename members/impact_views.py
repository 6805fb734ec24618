"""The member reports (the institution's administrators submit, the secretariat corrects and
accepts) and the course-sharing agreements (docs/programmes.md). Thin: forms, then
members.impact_services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from members import impact_selectors, impact_services, permissions
from members.impact_forms import AgreementForm, ReportForm
from members.models import Institution, MemberReport


def _institution_for(request, slug) -> Institution:
    institution = get_object_or_404(Institution.objects.select_related("membership"), slug=slug)
    if not permissions.can_submit_report(request.user, institution):
        raise PermissionDenied
    return institution


def _year(request) -> int:
    years = impact_services.report_years()
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or years[1])
    except ValueError:
        year = 0
    if year not in years:
        raise ValidationError(_("Reports are given for this year and the five before it."))
    return year


@login_required
def reports(request, slug):
    """The institution's reports by year, the form of the chosen year, its agreements."""
    institution = _institution_for(request, slug)
    try:
        year = _year(request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("members:reports", slug=slug)
    report = MemberReport.objects.filter(institution=institution, year=year).first()
    locked = report is not None and report.status == "accepted"
    form = ReportForm(request.POST or None, instance=report)
    status = 200
    if request.method == "POST" and not locked and form.is_valid():
        try:
            impact_services.report_save(
                institution=institution,
                year=year,
                data=form.cleaned_data,
                actor=request.user,
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("Report submitted to the secretariat.")
                if "submit" in request.POST
                else _("Draft saved."),
            )
            return redirect(f"{request.path}?year={year}")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "members/reports.html",
        {
            "institution": institution,
            "year": year,
            "years": impact_services.report_years(),
            "report": report,
            "locked": locked,
            "form": form,
            "reports": impact_selectors.reports_of(institution=institution),
            "agreements": impact_selectors.agreements_of(institution=institution),
        },
        status=status,
    )


@login_required
def agreement_new(request, slug):
    institution = _institution_for(request, slug)
    form = AgreementForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        try:
            impact_services.agreement_record(
                institution=institution, data=form.cleaned_data, actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Course-sharing agreement recorded."))
            return redirect("members:reports", slug=slug)
    return render(
        request,
        "members/agreement_form.html",
        {"institution": institution, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def review_list(request):
    if not permissions.can_review_reports(request.user):
        raise PermissionDenied
    return render(
        request,
        "members/report_review_list.html",
        {"reports": impact_selectors.reports_to_review()},
    )


@login_required
def review(request, pk):
    if not permissions.can_review_reports(request.user):
        raise PermissionDenied
    report = get_object_or_404(MemberReport.objects.select_related("institution"), pk=pk)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            impact_services.report_accept(report=report, data=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Report accepted: it now counts on the impact dashboard."))
            return redirect("members:report_review_list")
    return render(
        request,
        "members/report_review.html",
        {"report": report, "form": form},
        status=400 if form.errors else 200,
    )
