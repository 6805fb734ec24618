"""Reads of projects/: the showcase, workspaces, activity, calendars and notifications."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from alliance.images import images_with_renditions, with_images
from members.models import Institution, User
from projects.models import (
    Comment,
    Document,
    DocumentVersion,
    Frequency,
    Meeting,
    NotificationSetting,
    Participant,
    Project,
    ProjectRole,
    ProjectSDGTarget,
    ProjectStatus,
    Training,
    Update,
    Visibility,
)
from projects.permissions import is_alliance_member

# Events people are told about; uploads come in bulk, so by default they wait for the daily digest.
ACTIVITY_MESSAGES = {
    "projects.project.created": _("%(actor)s created the project"),
    "projects.project.updated": _("%(actor)s edited the project"),
    "projects.participant.added": _("%(person)s joined the project"),
    "projects.participant.role_changed": _("%(actor)s changed the role of %(person)s"),
    "projects.participant.removed": _("%(actor)s removed %(person)s"),
    "projects.participant.left": _(
        "%(person)s no longer has a role at %(institution)s: their participation has ended"
    ),
    "projects.participant.kept": _(
        "%(actor)s kept %(person)s as a personal participant (viewer), without %(institution)s"
    ),
    "projects.update.posted": _("%(actor)s posted an update"),
    "projects.comment.posted": _("%(actor)s commented on an update"),
    "projects.document.uploaded": _("%(actor)s uploaded “%(title)s” (version %(version)s)"),
    "projects.milestone.created": _("%(actor)s added the milestone “%(title)s”"),
    "projects.milestone.updated": _("%(actor)s updated the milestone “%(title)s”"),
    "projects.meeting.scheduled": _("%(actor)s scheduled the meeting “%(title)s”"),
    "projects.meeting.updated": _("%(actor)s changed the meeting “%(title)s”"),
    "projects.training.created": _("%(actor)s recorded the training “%(title)s”"),
    "projects.training.updated": _("%(actor)s updated the training “%(title)s”"),
    "projects.invitation.sent": _("%(actor)s invited %(email)s"),
    "projects.invitation.resent": _("%(actor)s sent the invitation to %(email)s again"),
    "projects.invitation.revoked": _("%(actor)s withdrew the invitation to %(email)s"),
    "projects.invitation.accepted": _("%(actor)s accepted the invitation"),
}
NOTIFY_ACTIONS = {
    "projects.update.posted",
    "projects.comment.posted",
    "projects.document.uploaded",
    "projects.milestone.created",
    "projects.milestone.updated",
    "projects.meeting.scheduled",
    "projects.meeting.updated",
}
BULK_ACTIONS = {"projects.document.uploaded"}
# The leads hear of these right away, whatever they chose.
LEAD_ACTIONS = {"projects.participant.left"}


@dataclass(frozen=True)
class ShowcaseFilters:
    kind: str = ""
    region: str = ""
    sdg: str = ""
    status: str = ""


def public_projects() -> QuerySet[Project]:
    return Project.objects.filter(visibility=Visibility.PUBLIC)


def featured_projects(*, limit: int = 3) -> QuerySet[Project]:
    """For the home page: the public active projects most recently brought up to date."""
    return (
        with_images(public_projects())
        .filter(status=ProjectStatus.ACTIVE)
        .select_related("lead_institution")
        .order_by("-modified_at", "-pk")[:limit]
    )


def projects_for_showcase(*, filters: ShowcaseFilters) -> QuerySet[Project]:
    qs = with_images(public_projects()).select_related("lead_institution")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.region:
        partner = Project.partners.through.objects.filter(
            project=OuterRef("pk"), institution__region=filters.region
        )
        qs = qs.filter(Q(lead_institution__region=filters.region) | Exists(partner))
    if filters.sdg:
        qs = qs.filter(
            Exists(
                ProjectSDGTarget.objects.filter(project=OuterRef("pk")).filter(
                    Q(target=filters.sdg) | Q(target__startswith=f"{filters.sdg}.")
                )
            )
        )
    return qs.order_by("title", "pk")


def projects_for_api(*, filters: ShowcaseFilters, institution: str = "") -> QuerySet[Project]:
    """Public projects with what the API shows of them, in a fixed number of queries."""
    from members.selectors import published_courses

    qs = projects_for_showcase(filters=filters).select_related("parent")
    if institution:
        partner = Project.partners.through.objects.filter(
            project=OuterRef("pk"), institution__slug=institution
        )
        qs = qs.filter(Q(lead_institution__slug=institution) | Exists(partner))
    return qs.prefetch_related(
        Prefetch("partners", queryset=Institution.objects.order_by("name")),
        "sdg_rows",
        Prefetch("courses", queryset=published_courses().order_by("title")),
    )


def sdg_goals_in_showcase() -> list[str]:
    targets = ProjectSDGTarget.objects.filter(project__visibility=Visibility.PUBLIC)
    goals = {target.split(".")[0] for target in targets.values_list("target", flat=True)}
    return sorted(goals, key=int)


def project_for_page(*, slug: str) -> Project | None:
    return (
        Project.objects.select_related("lead_institution", "parent")
        .prefetch_related(
            Prefetch("partners", queryset=Institution.objects.order_by("name")),
            "co_teaching_institutions",
            "sdg_rows",
            "courses",
            Prefetch("children", queryset=Project.objects.order_by("title")),
            Prefetch("image", queryset=images_with_renditions()),
        )
        .filter(slug=slug)
        .first()
    )


def public_projects_of_institution(*, institution: Institution) -> QuerySet[Project]:
    return (
        public_projects()
        .filter(Q(lead_institution=institution) | Q(partners=institution))
        .distinct()
        .order_by("title")
    )


def _live_projects_of(user: User) -> QuerySet:
    return Participant.objects.filter(user=user).live().values("project")


def participations_of(*, user: User) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(user=user)
        .live()
        .select_related("project__lead_institution")
        .order_by("project__title")
    )


def alliance_projects_for(*, user: User) -> QuerySet[Project]:
    """Projects open to every member, which the person does not take part in."""
    if not is_alliance_member(user):
        return Project.objects.none()
    return (
        with_images(Project.objects.filter(visibility__in=[Visibility.ALLIANCE, Visibility.PUBLIC]))
        .exclude(pk__in=_live_projects_of(user))
        .select_related("lead_institution")
        .order_by("title")
    )


def participant_of(*, project: Project, user: User) -> Participant | None:
    if not user.is_authenticated:
        return None
    return project.participants.live().filter(user=user).first()


def participants_of(*, project: Project) -> QuerySet[Participant]:
    """Everyone, with `has_left` for those whose participation ended with their institution."""
    return (
        project.participants.with_standing()
        .select_related("user", "institution")
        .order_by("role", "user__email")
    )


def open_invitations_of(*, project: Project):
    return project.invitations.filter(accepted_at=None, revoked_at=None).select_related(
        "invited_by"
    )


def updates_of(*, project: Project) -> QuerySet[Update]:
    return project.updates.select_related("author").prefetch_related("comments__author")


def documents_of(*, project: Project) -> QuerySet[Document]:
    return project.documents.prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by"))
    )


def milestones_of(*, project: Project):
    return project.milestones.select_related("owner")


def meetings_of(*, project: Project) -> QuerySet[Meeting]:
    return project.meetings.select_related("organizer", "project")


def meetings_of_user(*, user: User) -> QuerySet[Meeting]:
    return Meeting.objects.filter(project__in=_live_projects_of(user)).select_related("project")


def training_outcomes(*, project: Project) -> dict:
    totals = project.trainings.aggregate(
        women=Sum("women"), men=Sum("men"), other=Sum("other"), reached=Sum("institutions_reached")
    )
    totals = {key: value or 0 for key, value in totals.items()}
    totals["people"] = totals["women"] + totals["men"] + totals["other"]
    totals["countries"] = project.trainings.values("country").distinct().count()
    return totals


def trainings_by_country(*, project: Project) -> list[dict]:
    """People trained per country and gender, and institutions reached, most people first."""
    rows = (
        project.trainings.values("country")
        .annotate(
            women=Sum("women"),
            men=Sum("men"),
            other=Sum("other"),
            reached=Sum("institutions_reached"),
        )
        .order_by("country")
    )
    found = [{**row, "country": Country(row["country"])} for row in rows]
    for row in found:
        row["people"] = row["women"] + row["men"] + row["other"]
    return sorted(found, key=lambda row: -row["people"])


def trainings_of(*, project: Project) -> QuerySet[Training]:
    return project.trainings.all()


# Activity and notifications -----------------------------------------------------------------


def _project_entries() -> QuerySet[ModelLogEntry]:
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Project)
    ).select_related("user")


def person_name(user: User | None, fallback: str = "") -> str:
    """How a person is named in the workspace; `fallback` (“Former participant”) for someone
    deleted or never set (a milestone without an owner)."""
    if user is None:
        return str(fallback or _("Former participant"))
    return user.get_full_name() or user.email


def describe(entry: ModelLogEntry) -> str:
    data = entry.data or {}
    message = ACTIVITY_MESSAGES.get(entry.action)
    if message is None:  # never the raw code: the action's label in the audit log
        return str(log_registry.get_action_label(entry.action))
    actor = person_name(entry.user, _("Someone"))
    return str(message) % {
        "actor": actor,
        "email": data.get("email", ""),
        "person": data.get("name") or data.get("person", ""),
        "title": data.get("title", ""),
        "version": data.get("version", ""),
        "institution": data.get("institution", ""),
    }


def activity_of(*, project: Project, limit: int = 30) -> list[dict]:
    entries = _project_entries().filter(object_id=str(project.pk)).order_by("-timestamp")[:limit]
    return [
        {"text": describe(entry), "at": entry.timestamp, "excerpt": entry.data.get("excerpt", "")}
        for entry in entries
    ]


def effective_frequency(settings_by_user: dict, user_id: int, action: str) -> str:
    if user_id in settings_by_user:
        return settings_by_user[user_id]
    return Frequency.DAILY if action in BULK_ACTIONS else Frequency.INSTANT


def _settings_of(project_ids) -> dict[int, dict[int, str]]:
    found = defaultdict(dict)
    for project_id, user_id, frequency in NotificationSetting.objects.filter(
        project_id__in=project_ids
    ).values_list("project_id", "user_id", "frequency"):
        found[project_id][user_id] = frequency
    return found


def instant_recipients(*, entry_id: int) -> tuple[ModelLogEntry, list[User]]:
    """Who hears of this event now: right-away settings, and those @mentioned unless off."""
    entry = ModelLogEntry.objects.get(pk=entry_id)
    project_id = int(entry.object_id)
    if entry.action in LEAD_ACTIONS:
        leads = Participant.objects.filter(project_id=project_id, role=ProjectRole.LEAD).live()
        return entry, [lead.user for lead in leads.select_related("user") if lead.user.is_active]
    if entry.action not in NOTIFY_ACTIONS:
        return entry, []
    chosen = _settings_of([project_id])[project_id]
    mentions = set(entry.data.get("mentions", []))
    recipients = []
    for participant in (
        Participant.objects.filter(project_id=project_id).live().select_related("user")
    ):
        if participant.user_id == entry.user_id or not participant.user.is_active:
            continue
        frequency = effective_frequency(chosen, participant.user_id, entry.action)
        if frequency == Frequency.INSTANT or (
            participant.user_id in mentions and frequency != Frequency.OFF
        ):
            recipients.append(participant.user)
    return entry, recipients


def digest_entries(*, frequency: str, start: datetime, end: datetime) -> dict[int, list[int]]:
    """{person: [log entries]} of the period that go into `frequency` digests."""
    entries = list(
        _project_entries()
        .filter(action__in=NOTIFY_ACTIONS, timestamp__gte=start, timestamp__lt=end)
        .order_by("timestamp", "pk")
        .values_list("pk", "object_id", "user_id", "action", "data")
    )
    project_ids = {int(object_id) for _pk, object_id, _user, _action, _data in entries}
    chosen = _settings_of(project_ids)
    people = defaultdict(list)
    for project_id, user_id in (
        Participant.objects.filter(project_id__in=project_ids, user__is_active=True)
        .live()
        .values_list("project_id", "user_id")
    ):
        people[project_id].append(user_id)
    found = defaultdict(list)
    for pk, object_id, actor_id, action, data in entries:
        project_id = int(object_id)
        # Those @mentioned had it right away (instant_recipients): not again in their digest.
        mentioned = set((data or {}).get("mentions", []))
        for user_id in people[project_id]:
            if user_id == actor_id or user_id in mentioned:
                continue
            if effective_frequency(chosen[project_id], user_id, action) == frequency:
                found[user_id].append(pk)
    return dict(found)


def events_for_email(*, entry_ids: list[int], language: str) -> list[dict]:
    """The events, described in `language`, with their project (ordered by project, then time)."""
    entries = list(_project_entries().filter(pk__in=entry_ids).order_by("timestamp", "pk"))
    projects = Project.objects.in_bulk({int(entry.object_id) for entry in entries})
    meetings = Meeting.objects.select_related("project").in_bulk(
        {entry.data["meeting_id"] for entry in entries if entry.data.get("meeting_id")}
    )
    with translation.override(language):
        events = [
            {
                "project": projects[int(entry.object_id)],
                "text": describe(entry),
                "excerpt": entry.data.get("excerpt", ""),
                "at": entry.timestamp,
                # A scheduled or changed meeting (None once deleted): its time and calendar file.
                "meeting": meetings.get(entry.data.get("meeting_id")),
            }
            for entry in entries
            if int(entry.object_id) in projects
        ]
    return sorted(events, key=lambda event: (event["project"].title, event["at"]))


def account_data(*, user: User) -> dict:
    """What projects/ holds about a person, for their own download (cms.account_data)."""
    return {
        "project_participations": list(
            user.participations.values("project__title", "role", "institution__name", "created_at")
        ),
        "project_updates": list(
            Update.objects.filter(author=user).values("project__title", "body", "created_at")
        ),
        "project_comments": list(
            Comment.objects.filter(author=user).values(
                "update__project__title", "body", "created_at"
            )
        ),
    }
