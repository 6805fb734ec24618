import json

import stripe
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import OperationalError, connection, transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from formtools.wizard.views import SessionWizardView
from wagtail.log_actions import registry as log_registry

from alliance import timezones
from alliance.audit import details
from alliance.exports import csv_response
from members import documents, impact_selectors, imports, jsonld, permissions, selectors
from members.forms import (
    APPLICATION_STEPS,
    BCP47,
    CourseForm,
    CourseRunFormSet,
    InstitutionProfileForm,
    InvitationForm,
    ProfileChangeRequestForm,
    ReasonForm,
    RoleForm,
)
from members.import_forms import CourseFeedForm, CourseImportForm
from members.models import (
    Affiliation,
    BankDetails,
    Course,
    CourseLevel,
    CourseStatus,
    Institution,
    InstitutionKind,
    Invitation,
    Pacing,
    Payment,
    ProformaInvoice,
    Region,
)
from members.services import applications as applications_services
from members.services import courses as courses_services
from members.services import dues as dues_services
from members.services import institutions as institutions_services
from members.services import invitations as invitations_services
from members.services import people as people_services
from members.services import stripe_events as stripe_events_services
from members.status import renewal_open

DIRECTORY_PAGE_SIZE = 24
PROFILE_COURSES = 12


def _first_error(error: ValidationError) -> str:
    return " ".join(error.messages)


# Public directory ---------------------------------------------------------------------------


def directory(request):
    filters = selectors.DirectoryFilters(
        q=request.GET.get("q", "").strip()[:100],
        region=request.GET.get("region", "") if request.GET.get("region") in Region else "",
        country=request.GET.get("country", "")[:2].upper(),
        kind=request.GET.get("kind", "") if request.GET.get("kind") in InstitutionKind else "",
    )
    page = Paginator(
        selectors.institutions_for_directory(filters=filters), DIRECTORY_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/directory.html",
        {
            "page_obj": page,
            "filters": filters,
            "regions": Region.choices,
            "kinds": InstitutionKind.choices,
            "countries": selectors.countries_in_directory(),
            "per_region": selectors.members_per_region(),
            "query": query.urlencode(),
        },
    )


def institution_detail(request, slug):
    institution = selectors.institution_for_profile(slug=slug, user=request.user)
    if institution is None:
        raise Http404
    description, description_language = institution.description_in(get_language())
    return render(
        request,
        "members/institution_detail.html",
        {
            "institution": institution,
            "description": description,
            "description_language": description_language,
            "can_edit": permissions.can_edit_profile(request.user, institution),
            "courses": selectors.published_courses()
            .filter(institutions=institution)
            .prefetch_related("language_rows")
            .order_by("title", "pk")[:PROFILE_COURSES],
            "agreements": impact_selectors.agreements_of(institution=institution),
        },
    )


# My institution -----------------------------------------------------------------------------


def _institution_for(request, slug, check) -> Institution:
    institution = get_object_or_404(Institution, slug=slug)
    if not check(request.user, institution):
        raise PermissionDenied
    return institution


@login_required
def my_institutions(request):
    affiliations = list(selectors.institutions_of(user=request.user))
    if len(affiliations) == 1:
        return redirect("members:my_institution", slug=affiliations[0].institution.slug)
    return render(
        request,
        "members/my_institutions.html",
        {
            "affiliations": affiliations,
            "application": selectors.open_application_of(user=request.user),
        },
    )


@login_required
def my_institution(request, slug):
    institution = get_object_or_404(Institution, slug=slug)
    if not permissions.can_view_member_area(request.user, institution):
        # Out of good standing, the administrators can still pay the dues.
        if permissions.can_manage_billing(request.user, institution):
            return redirect("members:membership", slug=slug)
        raise PermissionDenied
    return render(
        request,
        "members/my_institution.html",
        {
            "institution": institution,
            "can_edit": permissions.can_edit_profile(request.user, institution),
            "can_manage_people": permissions.can_manage_people(request.user, institution),
        },
    )


@login_required
def edit_profile(request, slug):
    """The profile, and the request to change the kind or country (they set the dues), which
    the secretariat reviews."""
    institution = _institution_for(request, slug, permissions.can_edit_profile)
    is_change = "request_change" in request.POST
    form = InstitutionProfileForm(
        request.POST if request.method == "POST" and not is_change else None,
        request.FILES or None,
        institution=institution,
    )
    change_form = ProfileChangeRequestForm(
        request.POST if is_change else None, institution=institution
    )
    if request.method == "POST" and not is_change and form.is_valid():
        try:
            institutions_services.institution_update(
                institution=institution, user=request.user, data=form.to_service_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect("members:my_institution", slug=institution.slug)
    if is_change and change_form.is_valid():
        try:
            institutions_services.profile_change_request(
                institution=institution, actor=request.user, **change_form.cleaned_data
            )
        except ValidationError as error:
            change_form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request has been sent. The secretariat will review it.")
            )
            return redirect("members:edit_profile", slug=institution.slug)
    return render(
        request,
        "members/edit_profile.html",
        {
            "institution": institution,
            "form": form,
            "change_form": change_form,
            "pending_change": selectors.pending_change_request(institution=institution),
        },
    )


def _audit_rows(entries):
    """Each entry as people read it: when, who, what, and its details (alliance.audit)."""
    return [
        {
            "entry": entry,
            "actor": entry.user.get_full_name() or entry.user.email if entry.user else "",
            # get_formatter, unlike get_action_label, loads the registry in a fresh process.
            "action": getattr(log_registry.get_formatter(entry), "label", entry.action),
            "details": details(entry),
        }
        for entry in entries
    ]


@login_required
def audit_log(request, slug):
    institution = _institution_for(request, slug, permissions.can_view_audit_log)
    rows = _audit_rows(selectors.audit_log_of(institution=institution))
    return render(
        request,
        "members/audit_log.html",
        {"institution": institution, "rows": rows, "limit": selectors.AUDIT_LOG_LIMIT},
    )


@login_required
def audit_log_csv(request, slug):
    """The whole log, formula-safe (alliance.exports)."""
    institution = _institution_for(request, slug, permissions.can_view_audit_log)
    rows = _audit_rows(selectors.audit_log_of(institution=institution, limit=None))
    return csv_response(
        f"log-{institution.slug}.csv",
        [_("Date and time (UTC)"), _("Person"), _("Action"), _("Details")],
        (
            [
                row["entry"].timestamp.isoformat(timespec="seconds"),
                row["actor"] or _("The system"),
                row["action"],
                "\n".join(row["details"]),
            ]
            for row in rows
        ),
    )


@login_required
def people(request, slug):
    institution = _institution_for(request, slug, permissions.can_manage_people)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations_services.invitation_create(
                institution=institution,
                actor=request.user,
                language=get_language(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("members:people", slug=institution.slug)
    return render(
        request,
        "members/people.html",
        {
            "institution": institution,
            "people": selectors.people_of(institution=institution),
            "invitations": selectors.open_invitations_of(institution=institution),
            "form": form,
            "roles": RoleForm.base_fields["role"].choices,
        },
    )


@login_required
@require_POST
def change_role(request, slug, affiliation_id):
    institution = _institution_for(request, slug, permissions.can_manage_people)
    affiliation = get_object_or_404(Affiliation, pk=affiliation_id, institution=institution)
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose one of the roles."))
        if "remove" in request.POST:
            people_services.person_remove(affiliation=affiliation, actor=request.user)
            messages.success(
                request, _("%(person)s has been removed.") % {"person": affiliation.user}
            )
        else:
            people_services.person_change_role(
                affiliation=affiliation, role=form.cleaned_data["role"], actor=request.user
            )
            messages.success(request, _("The role has been changed."))
    except ValidationError as error:
        messages.error(request, _first_error(error))
    return redirect("members:people", slug=institution.slug)


@login_required
@require_POST
def invitation_action(request, slug, invitation_id):
    institution = _institution_for(request, slug, permissions.can_manage_people)
    invitation = get_object_or_404(Invitation, pk=invitation_id, institution=institution)
    try:
        if "revoke" in request.POST:
            invitations_services.invitation_revoke(invitation=invitation, actor=request.user)
            messages.success(request, _("The invitation has been withdrawn."))
        else:
            invitations_services.invitation_resend(invitation=invitation, actor=request.user)
            messages.success(request, _("The invitation has been sent again."))
    except ValidationError as error:
        messages.error(request, _first_error(error))
    return redirect("members:people", slug=institution.slug)


def invitation_accept(request, token):
    try:
        invitation = invitations_services.invitation_from_token(token)
    except invitations_services.InvitationError as error:
        return render(request, "members/invitation.html", {"error": _first_error(error)})
    context = {"invitation": invitation}
    if request.user.is_authenticated:
        try:
            invitations_services.invitation_check(invitation=invitation, user=request.user)
            if request.method == "POST":
                invitations_services.invitation_accept(invitation=invitation, user=request.user)
                messages.success(
                    request,
                    _("Welcome! You now have a role at %(institution)s.")
                    % {"institution": invitation.institution},
                )
                return redirect("members:my_institution", slug=invitation.institution.slug)
        except ValidationError as error:
            context["error"] = _first_error(error)
    elif not invitation.is_pending:
        context["error"] = _("This invitation is no longer valid. Ask for a new one.")
    return render(request, "members/invitation.html", context)


# Course catalog -----------------------------------------------------------------------------

CATALOG_PAGE_SIZE = 20
CATALOG_STATEMENT_TIMEOUT = "2s"  # per SQL statement of the public catalog (docs/courses.md)
CATALOG_FACETS_TIMEOUT = "10s"  # its count and facets, once per filter set and catalog change
YES_NO = {"yes": True, "no": False}


@require_POST
def set_time_zone(request):
    """POST time_zone, next: show times in that zone (saved for a person, else in a cookie)."""
    name = request.POST.get("time_zone", "")
    response = redirect(timezones.safe_next(request))
    if timezones.zone_or_none(name) is None:
        messages.error(request, _("Choose a time zone from the list."))
        return response
    if request.user.is_authenticated:
        people_services.user_set_time_zone(user=request.user, time_zone=name)
    timezones.remember_zone(response, name)
    messages.success(request, _("Times are now shown in %(zone)s.") % {"zone": name})
    return response


def _catalog_filters(params) -> selectors.CatalogFilters:
    """Filters from the query string; a value that cannot be right is ignored."""
    field = params.get("field", "")
    return selectors.CatalogFilters(
        q=params.get("q", "").strip()[:200],
        language=params.get("language", "")[:35] if BCP47.match(params.get("language", "")) else "",
        field=field if field.isdigit() and len(field) <= 4 else "",
        region=params.get("region", "") if params.get("region") in Region else "",
        institution=params.get("institution", "")[:80],
        platform=params.get("platform", "")[:50],
        free=YES_NO.get(params.get("free")),
        certificate=YES_NO.get(params.get("certificate")),
        pacing=params.get("pacing", "") if params.get("pacing") in Pacing else "",
        when=params.get("when", "") if params.get("when") in ("upcoming", "running") else "",
        sort=params.get("sort", "") if params.get("sort") in selectors.CATALOG_SORTS else "",
    )


def _statement_timeout(value: str) -> None:
    if connection.vendor == "postgresql":  # for the rest of the transaction
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = %s", [value])


def _catalog_facets(courses):
    _statement_timeout(CATALOG_FACETS_TIMEOUT)
    facets = selectors.catalog_facets(courses=courses)
    _statement_timeout(CATALOG_STATEMENT_TIMEOUT)
    return facets


def catalog(request):
    filters = _catalog_filters(request.GET)
    try:
        with transaction.atomic():
            _statement_timeout(CATALOG_STATEMENT_TIMEOUT)  # stricter than the site's own
            courses = selectors.courses_for_catalog(filters=filters)
            facets = selectors.catalog_cached(  # the true number of results; labels in the
                f"facets:{get_language()}", filters, lambda: _catalog_facets(courses)
            )  # reader's language
            paginator = Paginator(courses, CATALOG_PAGE_SIZE)
            paginator.count = facets["count"]
            page = paginator.get_page(request.GET.get("page"))
            page.object_list = selectors.attach_next_start(list(page.object_list))
    except OperationalError:  # the timeout (or the database) gave up: say so, not a 500
        return HttpResponse(_("The catalog is busy. Try again in a moment."), status=503)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/catalog.html",
        {
            "page_obj": page,
            "filters": filters,
            "facets": facets,
            "query": query.urlencode(),
            "params": request.GET,
            "sorts": [("title", _("Title")), ("newest", _("Newest")), ("start", _("Next start"))],
        },
    )


def course_detail(request, slug):
    course = selectors.course_for_page(slug=slug)
    if course is None:
        raise Http404
    return render(
        request,
        "members/course_detail.html",
        {
            "course": course,
            "fields": selectors.fields_of_education(codes=[s["code"] for s in course.subjects]),
            "jsonld": jsonld.course(course, request.build_absolute_uri("/")[:-1]),
        },
    )


@login_required
def my_courses(request, slug):
    institution = _institution_for(request, slug, permissions.can_manage_courses)
    return render(
        request,
        "members/my_courses.html",
        {"institution": institution, "courses": selectors.courses_of(institution=institution)},
    )


def _course_of(institution, pk) -> Course:
    return get_object_or_404(Course, pk=pk, institutions=institution)


@login_required
def course_edit(request, slug, pk=None):
    institution = _institution_for(request, slug, permissions.can_manage_courses)
    course = _course_of(institution, pk) if pk else None
    form = CourseForm(request.POST or None, request.FILES or None, course=course)
    runs = CourseRunFormSet(request.POST or None, instance=course or Course(), prefix="runs")
    if request.method == "POST" and form.is_valid() and runs.is_valid():
        data = {
            **form.cleaned_data,
            "runs": [
                run.cleaned_data
                for run in runs.forms
                if run.cleaned_data and not run.cleaned_data.get("DELETE")
            ],
        }
        for run in data["runs"]:
            for key in ("DELETE", "id", "course"):
                run.pop(key, None)
        if course is None:
            course = courses_services.course_create(
                actor=request.user, data={**data, "institutions": [institution]}
            )
        else:
            courses_services.course_update(course=course, actor=request.user, data=data)
        messages.success(request, _("The course has been saved."))
        if "more_runs" in request.POST:  # back to the form, with new empty rows for runs
            return redirect("members:course_edit", slug=institution.slug, pk=course.pk)
        return redirect("members:my_courses", slug=institution.slug)
    return render(
        request,
        "members/course_form.html",
        {"institution": institution, "course": course, "form": form, "runs": runs},
    )


@login_required
def course_delete(request, slug, pk):
    institution = _institution_for(request, slug, permissions.can_manage_courses)
    course = _course_of(institution, pk)
    if request.method == "POST":
        courses_services.course_delete(course=course, actor=request.user)
        messages.success(request, _("The course has been deleted."))
        return redirect("members:my_courses", slug=institution.slug)
    return render(
        request, "members/course_delete.html", {"institution": institution, "course": course}
    )


# Membership application ---------------------------------------------------------------------


def _display(form, name, value) -> str:
    """A step's value as people read it: choices by label, yes for a box ticked, — for none."""
    field = form.fields[name]
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value) or "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value in (None, ""):
        return "—"
    return str(choices.get(value, value))


class ApplicationWizard(SessionWizardView):
    form_list = APPLICATION_STEPS
    storage_name = "members.wizard_storage.AccountStorage"
    template_name = "members/apply_step.html"

    def get(self, request, *args, **kwargs):
        """A reload, or coming back in the same session, shows the step one was at with what
        one wrote; "?start=1" alone (the page's button) starts again."""
        if request.GET.get("start") or not self.storage.data.get(self.storage.step_data_key):
            return super().get(request, *args, **kwargs)
        step = self.storage.current_step or self.steps.first
        form = self.get_form(
            step=step,
            data=self.storage.get_step_data(step),
            files=self.storage.get_step_files(step),
        )
        return self.render(form)

    def get_form_kwargs(self, step=None):
        """The charter step links the charter page, in the reader's language."""
        if step == "motivation":
            return {"charter_url": selectors.charter_url()}
        return super().get_form_kwargs(step)

    def get_form_initial(self, step):
        """The contact step starts from the account: its name and email address."""
        if step == "contact":
            user = self.request.user
            return {"contact_name": user.get_full_name(), "contact_email": user.email}
        return super().get_form_initial(step)

    def get_context_data(self, form, **kwargs):
        """After the institution step: members or open applications it may duplicate."""
        context = super().get_context_data(form=form, **kwargs)
        if self.steps.current != "institution":
            institution = self.get_cleaned_data_for_step("institution") or {}
            if institution:
                context["duplicates"] = applications_services.application_possible_duplicates(
                    name=institution["institution_name"], website=institution["website"]
                )
        if self.steps.current == "review":
            context["fee"] = selectors.application_fee(
                kind=institution.get("kind", ""), country=institution.get("country", "")
            )
            context["review"] = [
                (step, field.label, _display(form_class(), name, data.get(name)))
                for step, form_class in APPLICATION_STEPS[:-1]
                for data in [self.get_cleaned_data_for_step(step) or {}]
                for name, field in form_class().fields.items()
            ]
        return context

    def done(self, form_list, **kwargs):
        data = {}
        for form in form_list:
            data.update(form.cleaned_data)
        try:
            applications_services.application_submit(
                applicant=self.request.user, data=data, language=get_language()
            )
        except ValidationError as error:
            messages.error(self.request, _first_error(error))
            return redirect("members:apply")
        messages.success(
            self.request,
            _("Thank you: your application has been submitted. We have sent you a confirmation."),
        )
        return redirect("members:apply")


application_wizard = login_required(ApplicationWizard.as_view())


def fee_schedule(request):
    """The public fee schedule: a year's annual dues by kind of institution and income group."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    return render(request, "members/fee_schedule.html", {"table": selectors.fee_table(year=year)})


WIZARD_PREFIX = "application_wizard"  # formtools' session key is "wizard_<prefix>"


def apply(request):
    """The membership page: explains, then the wizard, or where one's application stands."""
    if not request.user.is_authenticated:
        return render(request, "members/apply.html", {})
    application = selectors.open_application_of(user=request.user)
    in_progress = bool(
        request.session.get(f"wizard_{WIZARD_PREFIX}", {}).get("step_data")
        or selectors.application_draft_of(user=request.user)
    )
    if application is None and (
        request.GET.get("start") or request.method == "POST" or in_progress
    ):
        return application_wizard(request)
    if request.method == "POST":
        messages.error(request, _("You already have an application under consideration."))
        return redirect("members:apply")
    return render(
        request,
        "members/apply.html",
        {
            "application": application,
            "applications": selectors.applications_of(user=request.user),
            "withdraw_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def withdraw_application(request, pk):
    application = selectors.open_application_of(user=request.user)
    if application is None or application.pk != pk:
        raise Http404
    try:
        applications_services.application_withdraw(
            application=application, actor=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Your application has been withdrawn."))
    except ValidationError as error:
        messages.error(request, _first_error(error))
    return redirect("members:apply")


# Course import ------------------------------------------------------------------------------

IMPORT_PROGRESS_FIELDS = (
    "status",
    "total_rows",
    "processed_rows",
    "created_count",
    "updated_count",
    "error_count",
    "message",
    "report",
)


@login_required
def course_import(request, slug):
    """Upload a file of courses, or register a feed; lists the feeds and the recent imports."""
    institution = _institution_for(request, slug, permissions.can_manage_courses)
    is_feed = "register_feed" in request.POST
    import_form = CourseImportForm(
        request.POST if request.method == "POST" and not is_feed else None,
        request.FILES or None,
        prefix="upload",
    )
    feed_form = CourseFeedForm(request.POST if is_feed else None, prefix="feed")
    form = feed_form if is_feed else import_form
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if is_feed:
                imports.feed_register(institution=institution, actor=request.user, **data)
                messages.success(request, _("The feed has been registered. It is synced daily."))
                return redirect("members:course_import", slug=institution.slug)
            data["upload"] = data.pop("file")
            created = imports.import_create(institution=institution, actor=request.user, **data)
            return redirect("members:course_import_detail", slug=institution.slug, pk=created.pk)
        except ValidationError as error:
            form.add_error(None if is_feed else "file", error)
    return render(
        request,
        "members/course_import.html",
        {
            "institution": institution,
            "import_form": import_form,
            "feed_form": feed_form,
            "feeds": institution.course_feeds.select_related("platform"),
            "can_manage_feeds": permissions.can_manage_feeds(request.user, institution),
            "imports": institution.course_imports.select_related("platform", "feed")[:20],
            # The columns whose values come from a list: each value, and how people read it.
            "allowed_values": [
                ("level", CourseLevel.choices),
                ("status", CourseStatus.choices),
                ("run_pacing", Pacing.choices),
            ],
        },
    )


FEED_ACTIONS = {
    "pause": (
        lambda feed, actor: imports.feed_set_active(feed=feed, actor=actor, active=False),
        _lazy("The feed has been paused: it is no longer synced daily."),
    ),
    "resume": (
        lambda feed, actor: imports.feed_set_active(feed=feed, actor=actor, active=True),
        _lazy("The feed has been resumed: it is synced daily again."),
    ),
    "sync": (
        lambda feed, actor: imports.feed_sync_request(feed=feed, actor=actor),
        _lazy("The feed will be synced in a moment: its import appears below."),
    ),
    "remove": (
        lambda feed, actor: imports.feed_remove(feed=feed, actor=actor),
        _lazy("The feed has been removed. The courses it brought stay."),
    ),
}


@login_required
@require_POST
def course_feed_action(request, slug, pk, action):
    """Pause, resume, sync now or remove a feed: the institution's admins and the secretariat."""
    institution = _institution_for(request, slug, permissions.can_manage_feeds)
    feed = get_object_or_404(institution.course_feeds, pk=pk)
    if action not in FEED_ACTIONS:
        raise Http404
    act, done = FEED_ACTIONS[action]
    try:
        act(feed, request.user)
        messages.success(request, done)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    return redirect(reverse("members:course_import", args=[institution.slug]) + "#feeds")


REPORT_COLUMNS = ("row", "external_id", "column", "value", "message")


@login_required
def course_import_detail(request, slug, pk):
    """An import's progress while it runs (the page reloads itself), then its report."""
    institution = _institution_for(request, slug, permissions.can_manage_courses)
    course_import = get_object_or_404(institution.course_imports, pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {field: getattr(course_import, field) for field in IMPORT_PROGRESS_FIELDS}
        )
    lines = imports.import_report_lines(course_import)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"course-import-{course_import.pk}-errors.csv",
            [_("Row"), _("External id"), _("Column"), _("Value"), _("Problem")],
            ([line[key] for key in REPORT_COLUMNS] for line in lines),
        )
    return render(
        request,
        "members/course_import_detail.html",
        {"institution": institution, "course_import": course_import, "lines": lines},
    )


# Membership dues ----------------------------------------------------------------------------


@login_required
def membership(request, slug):
    """Status, periods, the dues computed here, any balance, the Pay button (or the bank
    details and the reference to give) and the receipts."""
    institution = _institution_for(request, slug, permissions.can_manage_billing)
    membership = dues_services.membership_for(institution=institution)
    today = timezone.localdate()
    quote = selectors.dues_quote(membership=membership, today=today)
    return render(
        request,
        "members/membership.html",
        {
            "institution": institution,
            "membership": membership,
            "periods": selectors.counted_periods(membership=membership),
            "payments": selectors.payments_of(membership=membership),
            "balances": [
                (payment, selectors.payment_reference(membership=membership, year=payment.year))
                for payment in selectors.balances_of(membership=membership)
            ],
            "quote": quote,
            "reference": selectors.payment_reference(membership=membership, year=quote.year),
            "bank": BankDetails.load(request_or_site=request),
            "renewal_open": renewal_open(
                today=today, periods=selectors.periods_of(membership=membership)
            ),
            "online_payment": selectors.online_payment_enabled(),
            "just_paid": "paid" in request.GET,
        },
    )


@login_required
@require_POST
def membership_pay(request, slug):
    """To Stripe Checkout for the amount computed here (nothing of the amount is read from the
    form), or back with the reason why not."""
    institution = _institution_for(request, slug, permissions.can_manage_billing)
    try:
        url = dues_services.checkout_start(
            membership=dues_services.membership_for(institution=institution),
            actor=request.user,
            return_url=settings.SITE_URL + reverse("members:membership", args=[slug]),
        )
    except ValidationError as error:
        messages.error(request, _first_error(error))
        return redirect("members:membership", slug=slug)
    return redirect(url)


@login_required
def receipt(request, slug, number):
    institution = _institution_for(request, slug, permissions.can_manage_billing)
    payment = get_object_or_404(
        Payment.objects.select_related("period", "reduction", "membership"),
        membership__institution=institution,
        receipt_number=number,
    )
    return render(request, "members/receipt.html", {"institution": institution, "payment": payment})


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _payment_of(institution, **lookup) -> Payment:
    return get_object_or_404(
        Payment.objects.select_related("period", "reduction", "membership__institution"),
        membership__institution=institution,
        **lookup,
    )


@login_required
def receipt_pdf(request, slug, number):
    institution = _institution_for(request, slug, permissions.can_manage_billing)
    payment = _payment_of(institution, receipt_number=number)
    return _pdf(documents.receipt_pdf(payment), payment.receipt_number)


@login_required
def credit_note_pdf(request, slug, number):
    institution = _institution_for(request, slug, permissions.can_manage_billing)
    payment = _payment_of(institution, credit_note_number=number)
    return _pdf(documents.credit_note_pdf(payment), payment.credit_note_number)


@login_required
@require_POST
def invoice_issue(request, slug):
    """Issue (or find again) the pro-forma invoice of the dues due now, then download it."""
    institution = _institution_for(request, slug, permissions.can_manage_billing)
    try:
        invoice = dues_services.invoice_issue(
            membership=dues_services.membership_for(institution=institution), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, _first_error(error))
        return redirect("members:membership", slug=slug)
    return redirect("members:invoice_pdf", slug=slug, number=invoice.number)


@login_required
def invoice_pdf(request, slug, number):
    institution = _institution_for(request, slug, permissions.can_manage_billing)
    invoice = get_object_or_404(
        ProformaInvoice.objects.select_related("membership__institution"),
        membership__institution=institution,
        number=number,
    )
    return _pdf(documents.invoice_pdf(invoice), invoice.number)


# No event of Stripe's nests deeper than this; a deeper body is refused before it is stored.
STRIPE_EVENT_MAX_DEPTH = 32


def _depth(value, limit: int) -> int:
    """How deep `value`'s lists and objects nest, counted up to `limit` + 1, without recursion."""
    depth, level = 0, [value]
    while depth <= limit:
        containers = [item for item in level if isinstance(item, dict | list)]
        if not containers:
            break
        depth += 1
        level = [
            child
            for item in containers
            for child in (item.values() if isinstance(item, dict) else item)
        ]
    return depth


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events. The signature is checked on the raw body (missing, forged, or older than
    five minutes: 400 and nothing stored), then the body must be an event no deeper than Stripe
    sends; the event is stored once and processed by a task."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    try:
        if not secret:
            raise ValueError("STRIPE_WEBHOOK_SECRET is not set")
        stripe.WebhookSignature.verify_header(
            request.body,
            request.headers.get("Stripe-Signature"),
            secret,
            stripe.Webhook.DEFAULT_TOLERANCE,
        )
        payload = json.loads(request.body)
        if not (
            isinstance(payload, dict)
            and isinstance(payload["id"], str)
            and isinstance(payload["type"], str)
            and isinstance(payload["data"]["object"], dict)
            and isinstance(payload.get("created", 0), int)
            and 0 <= payload.get("created", 0) < 2**32
            and _depth(payload, STRIPE_EVENT_MAX_DEPTH) <= STRIPE_EVENT_MAX_DEPTH
        ):
            raise ValueError("not a Stripe event")
    except (
        ValueError,
        KeyError,
        TypeError,
        RecursionError,
        stripe.SignatureVerificationError,
    ):
        return HttpResponseBadRequest()
    stripe_events_services.stripe_event_receive(payload=payload)
    return HttpResponse()
