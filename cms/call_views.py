"""The calls with review on the website (docs/programmes.md), routes of `CallPage`: the call and
its application form, the applicant's application, the reviewer's list and scoring, the
secretariat's (or host's) list and decision, and the results. Thin: a permission check, a
form, then a service or a selector."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alliance.templatetags.content_lang import text_lang
from cms import call_selectors as selectors
from cms import call_services as services
from cms import permissions
from cms.call_forms import AssignForm, DecisionForm, ScoreForm, answers_of, application_form
from cms.models.call import ApplicationState, CallApplication, CallPage, CallReview
from cms.views import page_route
from members.models import Affiliation


def _url(page, name: str, *args) -> str:
    return page.url + page.reverse_subpage(name, args=args)


def _render(request, page, template, context, status=200):
    questions = page.get_form_fields()
    context = {
        "page": page,
        "self": page,
        "now": timezone.now(),
        # The language the questions are written in (English, until translated).
        "questions_lang": text_lang(questions[0], "label") if questions else get_language(),
        **context,
    }
    return TemplateResponse(request, f"cms/{template}", context, status=status)


def _answers(page, application) -> list[tuple[str, str]]:
    """(question in the page's language, answer as text) for each question of the call."""

    def text(value) -> str:
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return "" if value in (None, False) else str(value)

    return [
        (field.label, text(application.answers.get(field.clean_name)))
        for field in page.get_form_fields()
    ]


def _denial(request, page) -> str | None:
    """Why the signed-in person may not apply (the first reason), when no institution may."""
    affiliation = (
        Affiliation.objects.filter(user=request.user).select_related("institution").first()
    )
    if affiliation is not None:
        return permissions.applying_denial(request.user, page, affiliation.institution)
    return _("Only the people of member institutions apply to the alliance's calls.")


@page_route(CallPage, "", name="call")
def call(request, page):
    user = request.user
    if request.method == "POST" and not user.is_authenticated:
        return redirect_to_login(page.url)
    application = selectors.application_of(call=page, user=user)
    institutions = selectors.applying_institutions(call=page, user=user)
    can_fill = bool(institutions) and (application is None or application.state == "draft")
    form, status = None, 200
    if can_fill:
        initial = {}
        if application is not None:
            initial = {**application.answers, "institution": application.institution_id}
        form = application_form(page, institutions=institutions, initial=initial)
    if request.method == "POST":
        if not can_fill:
            raise PermissionDenied
        submit = request.POST.get("action") == "submit"
        form = application_form(
            page, institutions=institutions, data=request.POST, draft=not submit
        )
        if form.is_valid():
            try:
                saved = services.application_save(
                    call=page,
                    institution=form.cleaned_data["institution"],
                    user=user,
                    answers=answers_of(form),
                    language=get_language(),
                    submit=submit,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if submit:
                    messages.success(request, _("Your application is submitted."))
                    return redirect(_url(page, "application", saved.pk))
                messages.success(
                    request,
                    _("Your draft is saved. Come back to finish it before the call closes."),
                )
                return redirect(page.url + "#apply")
        status = 400
    context = {
        "is_open": page.is_open(),
        "criteria": selectors.criteria_in(page),
        "application": application,
        "form": form,
        "denial": None if institutions or not user.is_authenticated else _denial(request, page),
        "can_manage": permissions.can_see_applications(user, page),
        "has_reviews": user.is_authenticated
        and selectors.reviews_of(page=page, user=user).exists(),
    }
    return _render(request, page, "call_page.html", context, status)


@page_route(CallPage, "applications/<int:pk>/", name="application")
def application(request, page, pk):
    """The applicant's own application: its answers and state, and the withdraw button."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = (
        CallApplication.objects.filter(pk=pk, call=page.original(), applicant=request.user)
        .select_related("institution")
        .first()
    )
    if application is None:
        raise Http404
    can_withdraw = permissions.can_withdraw_application(request.user, application)
    if request.method == "POST":
        if request.POST.get("action") != "withdraw" or not can_withdraw:
            raise PermissionDenied
        services.application_withdraw(application=application, user=request.user)
        messages.success(request, _("Your application is withdrawn."))
        return redirect(_url(page, "application", pk))
    context = {
        "application": application,
        "answers": _answers(page, application),
        "can_withdraw": can_withdraw,
        "can_edit": permissions.can_edit_application(request.user, application),
        "show_applicant": True,
    }
    return _render(request, page, "call_application.html", context)


@page_route(CallPage, "review/", name="reviews")
def reviews(request, page):
    """The applications the signed-in reviewer is assigned on this call."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    criteria = selectors.criteria_in(page)
    rows = [
        (review, selectors.review_total(review, criteria))
        for review in selectors.reviews_of(page=page, user=request.user)
    ]
    return _render(request, page, "call_reviews.html", {"rows": rows})


@page_route(CallPage, "review/<int:pk>/", name="review")
def review(request, page, pk):
    """One assigned application, anonymised when the call says so, and its scores."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    review = (
        CallReview.objects.filter(pk=pk, application__call=page.original(), reviewer=request.user)
        .select_related("application__institution", "application__applicant")
        .first()
    )
    if review is None:
        raise Http404
    if not permissions.can_review(request.user, review):
        raise PermissionDenied
    criteria = selectors.criteria_in(page)
    initial = {f"criterion_{key}": value for key, value in review.scores.items()}
    form = ScoreForm(initial={**initial, "comment": review.comment}, criteria=criteria)
    status = 200
    if request.method == "POST":
        form = ScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                services.review_score(
                    review=review,
                    user=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your scores are saved."))
                return redirect(_url(page, "reviews"))
        status = 400
    context = {
        "application": review.application,
        "answers": _answers(page, review.application),
        "show_applicant": not page.anonymised,
        "score_form": form,
    }
    return _render(request, page, "call_application.html", context, status)


def _managing(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_applications(request.user, page):
        raise PermissionDenied
    return None


@page_route(CallPage, "manage/", name="manage")
def manage(request, page):
    """The secretariat's (or the host's) list: every application with its weighted total."""
    if refused := _managing(request, page):
        return refused
    rows = selectors.applications_to_manage(page=page)
    return _render(request, page, "call_manage.html", {"rows": rows})


@page_route(CallPage, "manage/<int:pk>/", name="manage_application")
def manage_application(request, page, pk):
    """One application for the secretariat or the host: its reviews, and the assignment of a
    reviewer (secretariat) and the decision (whoever decides the call)."""
    if refused := _managing(request, page):
        return refused
    rows = [row for row in selectors.applications_to_manage(page=page) if row.application.pk == pk]
    if not rows:
        raise Http404
    row = rows[0]
    application = row.application
    can_assign = permissions.can_manage_call(request.user, page) and application.state in (
        ApplicationState.SUBMITTED,
        ApplicationState.UNDER_REVIEW,
    )
    can_decide = permissions.can_decide(request.user, application) and application.state in (
        ApplicationState.SUBMITTED,
        ApplicationState.UNDER_REVIEW,
    )
    assign_form = AssignForm() if can_assign else None
    decision_form = DecisionForm() if can_decide else None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "assign" and can_assign:
            assign_form = AssignForm(request.POST)
            form = assign_form
        elif action == "decide" and can_decide:
            decision_form = DecisionForm(request.POST)
            form = decision_form
        else:
            raise PermissionDenied
        if form.is_valid():
            try:
                if form is assign_form:
                    services.reviewer_assign(
                        application=application, reviewer=form.reviewer, actor=request.user
                    )
                    messages.success(request, _("The reviewer is assigned and told by email."))
                else:
                    services.application_decide(
                        application=application,
                        actor=request.user,
                        accept=form.cleaned_data["decision"] == "accept",
                        note=form.cleaned_data["note"],
                    )
                    messages.success(request, _("The decision is recorded and the applicant told."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(_url(page, "manage_application", pk))
        status = 400
    criteria = selectors.criteria_in(page)
    context = {
        "application": application,
        "answers": _answers(page, application),
        "show_applicant": True,
        "row": row,
        "criteria": criteria,
        "review_rows": [
            (
                r,
                [r.scores.get(str(c.source_pk)) for c in criteria],
                selectors.review_total(r, criteria),
            )
            for r in row.reviews
        ],
        "assign_form": assign_form,
        "decision_form": decision_form,
        # An accepted conference proposal: the secretariat adds it to its editions' programme.
        "programme_of": selectors.editions_of(page)
        if application.state == ApplicationState.ACCEPTED
        and permissions.can_run_conference(request.user)
        else [],
    }
    return _render(request, page, "call_application.html", context, status)


@page_route(CallPage, "results/", name="results_page")
def results(request, page):
    """The results the secretariat published on the page, with the accepted applications."""
    context = {"accepted": list(selectors.accepted_applications(page)) if page.results else []}
    return _render(request, page, "call_results.html", context)
