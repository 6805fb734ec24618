import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.exports import csv_response
from alliance.timezones import safe_next, viewer_zone
from members.models import Institution, Region
from members.selectors import institutions_of
from members.services import invitations as invitations_services
from projects import ics, permissions, selectors, services
from projects.forms import (
    CommentForm,
    DocumentForm,
    InvitationForm,
    MeetingForm,
    MilestoneForm,
    NotificationForm,
    ProjectForm,
    ProjectImageForm,
    RoleForm,
    TrainingForm,
    UpdateForm,
)
from projects.models import (
    CalendarToken,
    Document,
    Frequency,
    Meeting,
    Milestone,
    Participant,
    Project,
    ProjectInvitation,
    ProjectKind,
    ProjectStatus,
    Update,
)

SHOWCASE_PAGE_SIZE = 20
KIND_TABS = {
    ProjectKind.JOINT_TEACHING: ("teaching", gettext_lazy("Teaching")),
    ProjectKind.CAPACITY_BUILDING: ("trainings", gettext_lazy("Trainings")),
    ProjectKind.ADVOCACY: ("campaign", gettext_lazy("Campaign")),
}


def _first_error(error: ValidationError) -> str:
    return " ".join(error.messages)


# Public showcase ----------------------------------------------------------------------------


def showcase(request):
    params = request.GET
    goals = selectors.sdg_goals_in_showcase()
    filters = selectors.ShowcaseFilters(
        kind=params.get("kind", "") if params.get("kind") in ProjectKind else "",
        region=params.get("region", "") if params.get("region") in Region else "",
        sdg=params.get("sdg", "") if params.get("sdg") in goals else "",
        status=params.get("status", "") if params.get("status") in ProjectStatus else "",
    )
    page = Paginator(selectors.projects_for_showcase(filters=filters), SHOWCASE_PAGE_SIZE).get_page(
        params.get("page")
    )
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/showcase.html",
        {
            "page_obj": page,
            "filters": filters,
            "kinds": ProjectKind.choices,
            "regions": Region.choices,
            "statuses": ProjectStatus.choices,
            "goals": goals,
            "query": query.urlencode(),
        },
    )


def detail(request, slug):
    project = selectors.project_for_page(slug=slug)
    if project is None or not permissions.can_view_page(request.user, project):
        raise Http404
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "can_open_workspace": permissions.can_view_workspace(request.user, project),
            "outcomes": selectors.training_outcomes(project=project)
            if project.kind == ProjectKind.CAPACITY_BUILDING
            else None,
            "by_country": selectors.trainings_by_country(project=project)
            if project.kind == ProjectKind.CAPACITY_BUILDING
            else None,
            "children": [
                child
                for child in project.children.all()
                if permissions.can_view_page(request.user, child)
            ],
        },
    )


# My projects --------------------------------------------------------------------------------


@login_required
def my_projects(request):
    return render(
        request,
        "projects/my_projects.html",
        {
            "participations": selectors.participations_of(user=request.user),
            "open_projects": selectors.alliance_projects_for(user=request.user),
            "can_create": bool(_lead_choices(request.user)),
        },
    )


def _parent_choices(user):
    """Projects a new or edited project may belong to: one's own (all, for the secretariat)."""
    if user.has_perm("projects.change_project"):
        return Project.objects.order_by("title")
    return Project.objects.filter(
        pk__in=Participant.objects.filter(user=user).live().values("project")
    ).order_by("title")


def _lead_choices(user) -> list[int]:
    if user.has_perm("projects.add_project"):
        return list(Institution.objects.values_list("pk", flat=True))
    return [
        affiliation.institution_id
        for affiliation in institutions_of(user=user)
        if permissions.can_create_project(user, affiliation.institution)
    ]


@login_required
def project_new(request):
    choices = _lead_choices(request.user)
    if not choices:
        raise PermissionDenied
    form = ProjectForm(
        request.POST or None,
        lead_choices=Institution.objects.filter(pk__in=choices).order_by("name"),
        parent_choices=_parent_choices(request.user),
        initial={"visibility": "private", "status": ProjectStatus.PROPOSED},
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The project has been created. Invite its participants."))
            return redirect("projects:people", slug=project.slug)
    return render(request, "projects/project_form.html", {"form": form})


# The workspace ------------------------------------------------------------------------------


def _project_for(request, slug, check=permissions.can_view_workspace) -> Project:
    """The project if the viewer may see its workspace (404 otherwise), and `check` (403).

    Every tab is open to whoever may see the workspace; only Settings depends on the role.
    """
    project = get_object_or_404(Project.objects.select_related("lead_institution"), slug=slug)
    if not permissions.can_view_workspace(request.user, project):
        raise Http404
    if not check(request.user, project):
        raise PermissionDenied
    return project


def _workspace(request, project, template, **context):
    kind_tab = KIND_TABS.get(project.kind)
    return render(
        request,
        f"projects/workspace/{template}.html",
        {
            "project": project,
            "can_edit": permissions.can_edit(request.user, project),
            "kind_tab": kind_tab,
            "can_comment": permissions.can_comment(request.user, project),
            "can_contribute": permissions.can_contribute(request.user, project),
            "can_coordinate": permissions.can_coordinate(request.user, project),
            **context,
        },
    )


@login_required
def overview(request, slug):
    project = _project_for(request, slug)
    participant = selectors.participant_of(project=project, user=request.user)
    form = None
    if participant is not None:
        setting = project.notification_settings.filter(user=request.user).first()
        form = NotificationForm(
            request.POST or None,
            initial={"frequency": setting.frequency if setting else Frequency.INSTANT},
        )
        if request.method == "POST" and form.is_valid():
            services.notification_set(
                user=request.user, project=project, frequency=form.cleaned_data["frequency"]
            )
            messages.success(request, _("Your email settings for this project have been saved."))
            return redirect("projects:overview", slug=slug)
    elif request.method == "POST":
        raise PermissionDenied
    return _workspace(
        request,
        project,
        "overview",
        participant=participant,
        notification_form=form,
        activity=selectors.activity_of(project=project),
        milestones=selectors.milestones_of(project=project).exclude(status="done")[:5],
    )


@login_required
def updates(request, slug):
    project = _project_for(request, slug)
    form = UpdateForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_contribute(request.user, project):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_post(
                    project=project, actor=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error("body", error)
            else:
                messages.success(request, _("Your update has been posted."))
                _report_unknown_mentions(request, project, form.cleaned_data["body"])
                return redirect("projects:updates", slug=slug)
    page = Paginator(selectors.updates_of(project=project), 20).get_page(request.GET.get("page"))
    return _workspace(request, project, "updates", form=form, page_obj=page)


@login_required
@require_POST
def comment(request, slug, update_id):
    project = _project_for(request, slug, permissions.can_comment)
    update = get_object_or_404(Update, pk=update_id, project=project)
    form = CommentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write a comment of at most 4,000 characters."))
        services.comment_post(update=update, actor=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Your comment has been posted."))
        _report_unknown_mentions(request, update.project, form.cleaned_data["body"])
    except ValidationError as error:
        messages.error(request, _first_error(error))
    return redirect(reverse("projects:updates", args=[slug]) + f"#update-{update.pk}")


def _report_unknown_mentions(request, project, text) -> None:
    unknown = services.unknown_mentions(project=project, text=text)
    if unknown:
        messages.warning(
            request,
            _("No participant of this project is called %(names)s: nobody was notified of it.")
            % {"names": ", ".join(f"@{name}" for name in unknown)},
        )


@login_required
def documents(request, slug, document_id=None):
    project = _project_for(request, slug)
    document = get_object_or_404(Document, pk=document_id, project=project) if document_id else None
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not permissions.can_contribute(request.user, project):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.document_upload(
                    project=project,
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    document=document,
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("The document has been uploaded."))
                return redirect("projects:documents", slug=slug)
    return _workspace(
        request,
        project,
        "documents",
        form=form,
        document=document,
        documents=selectors.documents_of(project=project),
    )


@login_required
def download(request, slug, document_id, number):
    """The file, to those who may see the workspace: there is no other way to fetch it."""
    project = _project_for(request, slug)
    document = get_object_or_404(Document, pk=document_id, project=project)
    version = get_object_or_404(document.versions, number=number)
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.filename,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def milestones(request, slug, milestone_id=None):
    project = _project_for(request, slug)
    milestone = (
        get_object_or_404(Milestone, pk=milestone_id, project=project) if milestone_id else None
    )
    participants = selectors.participants_of(project=project)
    initial = (
        {
            "title": milestone.title,
            "due_date": milestone.due_date,
            "owner": milestone.owner_id,
            "status": milestone.status,
        }
        if milestone
        else None
    )
    form = MilestoneForm(request.POST or None, initial=initial, participants=participants)
    if request.method == "POST":
        if not permissions.can_coordinate(request.user, project):
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["owner"] = next((p.user for p in participants if p.user_id == data["owner"]), None)
            try:
                services.milestone_save(
                    project=project, actor=request.user, data=data, milestone=milestone
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The milestone has been saved."))
                return redirect("projects:milestones", slug=slug)
    return _workspace(
        request,
        project,
        "milestones",
        form=form,
        milestone=milestone,
        milestones=selectors.milestones_of(project=project),
    )


@login_required
def meetings(request, slug, meeting_id=None):
    project = _project_for(request, slug)
    meeting = get_object_or_404(Meeting, pk=meeting_id, project=project) if meeting_id else None
    if meeting:
        local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
        initial = {
            "title": meeting.title,
            "day": local.date(),
            "at": local.time(),
            "time_zone": meeting.time_zone,
            "duration_minutes": meeting.duration_minutes,
            "location": meeting.location,
            "agenda": meeting.agenda,
        }
    else:
        initial = {"time_zone": str(viewer_zone(request))}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not permissions.can_coordinate(request.user, project):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.meeting_save(
                    project=project, actor=request.user, data=form.cleaned_data, meeting=meeting
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The meeting has been saved."))
                return redirect("projects:meetings", slug=slug)
    is_participant = selectors.participant_of(project=project, user=request.user) is not None
    return _workspace(
        request,
        project,
        "meetings",
        form=form,
        meeting=meeting,
        meetings=selectors.meetings_of(project=project),
        calendar_token=CalendarToken.objects.filter(user=request.user).first()
        if is_participant
        else None,
        is_participant=is_participant,
    )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def meeting_ics(request, slug, meeting_id):
    project = _project_for(request, slug)
    meeting = get_object_or_404(selectors.meetings_of(project=project), pk=meeting_id)
    return _ics_response(
        ics.calendar_of([meeting], name=project.title), f"meeting-{meeting.pk}.ics"
    )


def calendar_feed(request, token):
    """A person's meetings, for calendar apps: the secret address is the only credential."""
    calendar_token = CalendarToken.objects.filter(token=token).select_related("user").first()
    if calendar_token is None or not calendar_token.user.is_active:
        raise Http404
    meetings_ = selectors.meetings_of_user(user=calendar_token.user)
    response = _ics_response(
        ics.calendar_of(meetings_, name=_("Alliance project meetings")), "meetings.ics"
    )
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@require_POST
def calendar_rotate(request):
    """Create the secret feed address, or replace it (the old one stops working)."""
    services.calendar_token_rotate(user=request.user)
    messages.success(
        request, _("Your calendar address has been created. Copy it into your calendar app.")
    )
    return redirect(safe_next(request, reverse("projects:my_projects")))


@login_required
def people(request, slug):
    project = _project_for(request, slug)
    can_manage = permissions.can_manage_participants(request.user, project)
    form = InvitationForm(
        request.POST or None, allow_experts=permissions.can_add_outside_expert(request.user)
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.invitation_create(
                    project=project,
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
                return redirect("projects:people", slug=slug)
    return _workspace(
        request,
        project,
        "people",
        participants=selectors.participants_of(project=project),
        invitations=selectors.open_invitations_of(project=project) if can_manage else [],
        can_manage=can_manage,
        form=form,
        roles=RoleForm.base_fields["role"].choices,
    )


@login_required
@require_POST
def change_role(request, slug, participant_id):
    project = _project_for(request, slug, permissions.can_manage_participants)
    participant = get_object_or_404(Participant, pk=participant_id, project=project)
    form = RoleForm(request.POST)
    try:
        if "remove" in request.POST:
            services.participant_remove(participant=participant, actor=request.user)
            messages.success(
                request, _("%(person)s has been removed.") % {"person": participant.user}
            )
        elif "keep" in request.POST:
            services.participant_keep_personally(participant=participant, actor=request.user)
            messages.success(
                request,
                _("%(person)s now takes part personally, as a viewer.")
                % {"person": participant.user},
            )
        else:
            if not form.is_valid():
                raise ValidationError(_("Choose one of the roles."))
            services.participant_change_role(
                participant=participant, role=form.cleaned_data["role"], actor=request.user
            )
            messages.success(request, _("The role has been changed."))
    except ValidationError as error:
        messages.error(request, _first_error(error))
    return redirect("projects:people", slug=slug)


@login_required
@require_POST
def invitation_action(request, slug, invitation_id):
    project = _project_for(request, slug, permissions.can_manage_participants)
    invitation = get_object_or_404(ProjectInvitation, pk=invitation_id, project=project)
    try:
        if "revoke" in request.POST:
            invitations_services.invitation_revoke(invitation=invitation, actor=request.user)
            messages.success(request, _("The invitation has been withdrawn."))
        else:
            services.invitation_resend(invitation=invitation, actor=request.user)
            messages.success(request, _("The invitation has been sent again."))
    except ValidationError as error:
        messages.error(request, _first_error(error))
    return redirect("projects:people", slug=slug)


def invitation_accept(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except invitations_services.InvitationError as error:
        return render(request, "projects/invitation.html", {"error": _first_error(error)})
    context = {"invitation": invitation}
    if request.user.is_authenticated:
        try:
            invitations_services.invitation_check(invitation=invitation, user=request.user)
            if request.method == "POST":
                services.invitation_accept(invitation=invitation, user=request.user)
                messages.success(
                    request,
                    _("Welcome! You now take part in %(project)s.")
                    % {"project": invitation.project},
                )
                return redirect("projects:overview", slug=invitation.project.slug)
        except ValidationError as error:
            context["error"] = _first_error(error)
    elif not invitation.is_pending:
        context["error"] = _("This invitation is no longer valid. Ask for a new one.")
    return render(request, "projects/invitation.html", context)


@login_required
def kind_tab(request, slug):
    project = _project_for(request, slug)
    if project.kind not in KIND_TABS:
        raise Http404
    context = {}
    if project.kind == ProjectKind.CAPACITY_BUILDING:
        form = TrainingForm(request.POST or None)
        if request.method == "POST":
            if not permissions.can_contribute(request.user, project):
                raise PermissionDenied
            if form.is_valid():
                try:
                    services.training_save(
                        project=project, actor=request.user, data=form.cleaned_data
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("The training has been recorded."))
                    return redirect("projects:kind_tab", slug=slug)
        context = {
            "form": form,
            "trainings": selectors.trainings_of(project=project),
            "outcomes": selectors.training_outcomes(project=project),
            "by_country": selectors.trainings_by_country(project=project),
        }
    elif request.method == "POST":
        raise PermissionDenied
    else:
        project = selectors.project_for_page(slug=slug)
    return _workspace(request, project, f"kind_{project.kind}", **context)


@login_required
def trainings_report(request, slug):
    """The trainings and their participants as CSV (one row per training)."""
    project = _project_for(request, slug)
    if project.kind != ProjectKind.CAPACITY_BUILDING:
        raise Http404
    header = [
        _("Kind"),
        _("Title"),
        _("First day"),
        _("Last day"),
        _("Country"),
        _("Women"),
        _("Men"),
        _("Others"),
        _("People trained"),
        _("Institutions reached"),
        _("Outcomes"),
    ]
    rows = (
        [
            training.get_kind_display(),
            training.title,
            training.starts_on.isoformat(),
            training.ends_on.isoformat(),
            training.country.name,
            training.women,
            training.men,
            training.other,
            training.people_trained,
            training.institutions_reached,
            training.outcomes,
        ]
        for training in selectors.trainings_of(project=project)
    )
    return csv_response(f"{project.slug}-trainings.csv", header, rows)


@login_required
def project_settings(request, slug):
    project = _project_for(request, slug, permissions.can_edit)
    # Only those who manage the participants may hand the lead to another institution.
    choices = {project.lead_institution_id}
    if permissions.can_manage_participants(request.user, project):
        choices |= set(_lead_choices(request.user))
    form = ProjectForm(
        request.POST or None,
        project=project,
        lead_choices=Institution.objects.filter(pk__in=choices).order_by("name"),
        parent_choices=_parent_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(project=project, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect("projects:settings", slug=project.slug)
    return _workspace(request, project, "settings", form=form)


@login_required
def project_image(request, slug):
    """The project's image: upload a new one (with its alt texts) or remove it."""
    project = _project_for(request, slug, permissions.can_edit)
    if request.method == "POST" and "remove" in request.POST:
        services.project_image_remove(project=project, actor=request.user)
        messages.success(request, _("The image has been removed."))
        return redirect("projects:image", slug=project.slug)
    form = ProjectImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.project_image_set(
            project=project,
            actor=request.user,
            upload=form.cleaned_data["image"],
            alt=form.cleaned_data["alt"],
            alt_texts=form.alt_texts(),
        )
        messages.success(request, _("The image has been saved."))
        return redirect("projects:image", slug=project.slug)
    return _workspace(request, project, "image", form=form)
