"""Writes of projects/: projects, participants, invitations, workspace content, notifications."""

import re
import zoneinfo
from datetime import date, datetime, time, timedelta

import filetype
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from alliance.audit import field_changes, log_action, value_changes
from alliance.celery import queue
from alliance.images import image_create
from alliance.timezones import validate_time_zone
from alliance.validators import validate_file_size
from members.models import INVITATION_VALIDITY, Affiliation, Institution, User
from members.permissions import is_secretariat

# The mechanics of institution invitations (token, checks, withdrawal) serve projects too.
from members.services import invitations as invitations_services
from projects import selectors
from projects.models import (
    CalendarToken,
    Comment,
    DigestLog,
    Document,
    DocumentVersion,
    Frequency,
    Meeting,
    Milestone,
    NotificationSetting,
    Participant,
    Project,
    ProjectInvitation,
    ProjectRole,
    ProjectSDGTarget,
    Training,
    Update,
)
from projects.models.workspace import new_calendar_token
from projects.permissions import ROLE_PERMISSIONS, member_affiliations, role_group_name

SDG_TARGET = re.compile(r"^(1[0-7]|[1-9])(\.([1-9]|1[0-9]|[a-d]))?$")

PROJECT_FIELDS = (
    "kind",
    "title",
    "summary",
    "translations",
    "description",
    "status",
    "visibility",
    "lead_institution",
    "start_date",
    "end_date",
    "parent",
    "teaching_plan",
    "campaign_goal",
    "campaign_url",
    "endorsement_goal",
    "endorsement_count",
)
RELATED_FIELDS = ("partners", "co_teaching_institutions", "courses")

# Documents: what a workspace accepts, recognised by content (the name's extension must agree).
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "csv": "text/csv",
    "txt": "text/plain",
}
TEXT_TYPES = {"csv", "txt"}
ZIP_BASED = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}


# Projects -----------------------------------------------------------------------------------


RESERVED_SLUGS = {"new", "calendar"}  # paths of their own under /my-projects/


def _unique_slug(text: str) -> str:
    base = slugify(text)[:70] or "project"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Project.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def clean_sdg_targets(values: list[str]) -> list[str]:
    targets = sorted({value.strip() for value in values if value.strip()})
    wrong = [target for target in targets if not SDG_TARGET.match(target)]
    if wrong:
        raise ValidationError(
            _("“%(target)s” is not an SDG goal or target (e.g. 4 or 4.3).") % {"target": wrong[0]}
        )
    return targets


def _set_related(project: Project, data: dict) -> None:
    for field in RELATED_FIELDS:
        if field in data:
            getattr(project, field).set(data[field])
    if "sdg_targets" in data:
        targets = clean_sdg_targets(data["sdg_targets"])
        project.sdg_rows.exclude(target__in=targets).delete()
        ProjectSDGTarget.objects.bulk_create(
            [ProjectSDGTarget(project=project, target=target) for target in targets],
            ignore_conflicts=True,
        )


def _affiliation_for(user: User, institution: Institution | None) -> Affiliation | None:
    """The person's role at `institution` if it is a member in good standing, else at any."""
    affiliations = member_affiliations().filter(user=user).select_related("institution")
    return (
        affiliations.filter(institution=institution).first()
        or affiliations.order_by("institution__name").first()
    )


@transaction.atomic
def project_create(*, actor: User, data: dict) -> Project:
    """A project with its role groups; the person creating it is its first lead."""
    project = Project(
        slug=data.get("slug") or _unique_slug(data["title"]),
        **{key: value for key, value in data.items() if key in PROJECT_FIELDS},
    )
    project.full_clean()
    project.save()
    _set_related(project, data)
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.create(name=role_group_name(project, role))
        for perm in perms:
            assign_perm(f"projects.{perm}", group, project)
    affiliation = _affiliation_for(actor, project.lead_institution)
    _participant_create(
        project, actor, ProjectRole.LEAD, affiliation.institution if affiliation else None
    )
    log_action(actor, "projects.project.created", project, {"title": project.title})
    return project


def _related_of(project: Project, data: dict) -> dict:
    """The project's partners, co-teaching institutions, courses and SDG targets that `data`
    sets, as the log shows them (names, sorted)."""
    related = {
        field: sorted(str(item) for item in getattr(project, field).all())
        for field in RELATED_FIELDS
        if field in data
    }
    if "sdg_targets" in data:
        related["sdg_targets"] = sorted(project.sdg_rows.values_list("target", flat=True))
    return related


@transaction.atomic
def project_update(*, project: Project, actor: User, data: dict) -> Project:
    """Audited: each changed setting (visibility, status, dates, partners…) before and after."""
    changes = field_changes(project, data, PROJECT_FIELDS)
    entry = {}
    if changes.pop("translations", None):  # which languages' texts changed, not the texts
        before, after = project.translations or {}, data["translations"] or {}
        entry["translations"] = ", ".join(
            sorted(code for code in {*before, *after} if before.get(code) != after.get(code))
        )
    for field in PROJECT_FIELDS:
        if field in data:
            setattr(project, field, data[field])
    if project.parent_id and project.parent_id == project.pk:
        raise ValidationError(_("A project cannot be its own parent."))
    project.full_clean()
    project.save()
    related = _related_of(project, data)
    _set_related(project, data)
    changes.update(value_changes(related, _related_of(project, data)))
    if changes or entry:
        log_action(actor, "projects.project.updated", project, {**entry, "changes": changes})
    return project


@transaction.atomic
def project_image_set(
    *, project: Project, actor: User, upload, alt: str, alt_texts: dict[str, str]
) -> Project:
    """Give the project a new image (the upload re-encoded) with its alt texts; the previous
    image stays in the image library."""
    before = str(project.image_id or "")
    project.image = image_create(
        upload=upload, title=project.title, alt=alt, alt_texts=alt_texts, uploaded_by=actor
    )
    project.save(update_fields=["image", "modified_at"])
    changes = {"image": [before, str(project.image_id)]}
    log_action(actor, "projects.project.updated", project, {"changes": changes})
    return project


def project_image_remove(*, project: Project, actor: User) -> Project:
    if project.image_id:
        changes = {"image": [str(project.image_id), ""]}
        log_action(actor, "projects.project.updated", project, {"changes": changes})
        project.image = None
        project.save(update_fields=["image", "modified_at"])
    return project


# Participants -------------------------------------------------------------------------------


def _lock(project: Project) -> None:
    """Serialize role changes of one project (the last-lead rule needs a stable count)."""
    Project.objects.select_for_update().filter(pk=project.pk).first()


def _role_group(project: Project, role: str) -> Group:
    return Group.objects.get(name=role_group_name(project, role))


def _participant_create(project, user, role, institution) -> Participant:
    participant = Participant.objects.create(
        project=project, user=user, role=role, institution=institution
    )
    user.groups.add(_role_group(project, role))
    return participant


@transaction.atomic
def participant_add(
    *, project: Project, user: User, role: str, actor: User | None, outside_expert: bool = False
) -> Participant:
    """People of member institutions in any role; an outside expert only as a viewer, added by
    the secretariat."""
    _lock(project)
    if role not in ProjectRole.values:
        raise ValidationError(_("Choose one of the roles."))
    if Participant.objects.filter(project=project, user=user).exists():
        raise ValidationError(_("This person already takes part in the project."))
    affiliation = _affiliation_for(user, None)
    if affiliation is None:
        if not outside_expert:
            raise ValidationError(
                _(
                    "Only people of member institutions take part; the secretariat may add "
                    "outside experts as viewers."
                )
            )
        if role != ProjectRole.VIEWER:
            raise ValidationError(_("An outside expert can only be a viewer."))
    participant = _participant_create(
        project, user, role, affiliation.institution if affiliation else None
    )
    log_action(
        actor,
        "projects.participant.added",
        project,
        {"person": user.email, "name": selectors.person_name(user), "role": role},
    )
    return participant


def _ensure_another_lead(participant: Participant) -> None:
    others = (
        Participant.objects.filter(project=participant.project, role=ProjectRole.LEAD)
        .live()
        .exclude(pk=participant.pk)
    )
    if participant.role == ProjectRole.LEAD and not others.exists():
        raise ValidationError(_("A project must keep at least one lead."))


@transaction.atomic
def participant_change_role(*, participant: Participant, role: str, actor: User) -> Participant:
    _lock(participant.project)
    participant.refresh_from_db()
    if role not in ProjectRole.values:
        raise ValidationError(_("Choose one of the roles."))
    if role == participant.role:
        return participant
    if participant.institution_id is None and role != ProjectRole.VIEWER:
        raise ValidationError(_("An outside expert can only be a viewer."))
    if role != ProjectRole.LEAD:
        _ensure_another_lead(participant)
    old = participant.role
    participant.user.groups.remove(_role_group(participant.project, old))
    participant.user.groups.add(_role_group(participant.project, role))
    participant.role = role
    participant.save(update_fields=["role"])
    log_action(
        actor,
        "projects.participant.role_changed",
        participant.project,
        {
            "person": participant.user.email,
            "name": selectors.person_name(participant.user),
            "role": [old, role],
        },
    )
    if participant.user_id != getattr(actor, "pk", None):
        queue(
            "projects.tasks.send_role_changed_email",
            participant.pk,
            old,
            getattr(actor, "pk", None),
        )
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant, actor: User) -> None:
    _lock(participant.project)
    participant.refresh_from_db()
    _ensure_another_lead(participant)
    participant.user.groups.remove(_role_group(participant.project, participant.role))
    participant.delete()
    log_action(
        actor,
        "projects.participant.removed",
        participant.project,
        {
            "person": participant.user.email,
            "name": selectors.person_name(participant.user),
            "role": participant.role,
        },
    )


def participations_left(*, user_id: int, institution_id: int) -> int:
    """The person no longer has a role at the institution: each participation that came through
    it has ended (the permission checks see that); tell each project's leads. Returns how many."""
    left = Participant.objects.filter(user_id=user_id, institution_id=institution_id).left()
    count = 0
    for participant in left.select_related("user", "institution", "project"):
        _notify(
            None,
            "projects.participant.left",
            participant.project,
            {
                "person": participant.user.email,
                "name": selectors.person_name(participant.user),
                "institution": participant.institution.name,
                "role": participant.role,
            },
        )
        count += 1
    return count


@transaction.atomic
def participant_keep_personally(*, participant: Participant, actor: User) -> Participant:
    """A lead's decision: the participation no longer depends on an institution. As for an
    outside expert, the role becomes viewer."""
    _lock(participant.project)
    participant = Participant.objects.select_related("institution", "user").get(pk=participant.pk)
    if participant.institution is None:
        raise ValidationError(_("This person already takes part personally."))
    if participant.role != ProjectRole.VIEWER:
        _ensure_another_lead(participant)
        participant.user.groups.remove(_role_group(participant.project, participant.role))
        participant.user.groups.add(_role_group(participant.project, ProjectRole.VIEWER))
    institution, old = participant.institution, participant.role
    participant.institution, participant.role = None, ProjectRole.VIEWER
    participant.save(update_fields=["institution", "role"])
    log_action(
        actor,
        "projects.participant.kept",
        participant.project,
        {
            "person": participant.user.email,
            "name": selectors.person_name(participant.user),
            "institution": institution.name,
            "role": [old, ProjectRole.VIEWER],
        },
    )
    return participant


# Invitations (the mechanics of members' invitations) ----------------------------------------


def invitation_from_token(token: str) -> ProjectInvitation:
    return invitations_services.invitation_from_token(token, model=ProjectInvitation)


def _has_member_institution(email: str) -> bool:
    """Whether the account of `email` (its sign-in or a verified address) has a role at a member
    institution in good standing: without one, accepting a project invitation fails."""
    return (
        member_affiliations()
        .filter(
            Q(user__email__iexact=email)
            | Q(user__emailaddress__email__iexact=email, user__emailaddress__verified=True)
        )
        .exists()
    )


@transaction.atomic
def invitation_create(
    *,
    project: Project,
    email: str,
    role: str,
    actor: User,
    language: str,
    outside_expert: bool = False,
) -> ProjectInvitation:
    email = email.strip().lower()
    if outside_expert and not is_secretariat(actor):
        raise ValidationError(_("Only the secretariat may invite outside experts."))
    if outside_expert and role != ProjectRole.VIEWER:
        raise ValidationError(_("An outside expert can only be a viewer."))
    if Participant.objects.filter(project=project, user__email__iexact=email).exists():
        raise ValidationError(_("This person already takes part in the project."))
    if ProjectInvitation.objects.filter(
        project=project, email=email, accepted_at=None, revoked_at=None
    ).exists():
        raise ValidationError(_("This person has already been invited. Resend the invitation."))
    if not outside_expert and not _has_member_institution(email):
        raise ValidationError(
            _(
                "%(email)s has no role at a member institution in good standing, so they cannot "
                "take part. Their institution's administrator adds them "
                "first; the secretariat may invite outside experts as viewers."
            )
            % {"email": email}
        )
    invitation = ProjectInvitation.objects.create(
        project=project,
        email=email,
        role=role,
        invited_by=actor,
        language=language,
        outside_expert=outside_expert,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    log_action(actor, "projects.invitation.sent", project, {"email": email, "role": role})
    queue("projects.tasks.send_invitation_email", invitation.pk)
    return invitation


def invitation_resend(*, invitation: ProjectInvitation, actor: User) -> ProjectInvitation:
    return invitations_services.invitation_resend(invitation=invitation, actor=actor)


@transaction.atomic
def invitation_accept(*, invitation: ProjectInvitation, user: User) -> Participant:
    invitation = ProjectInvitation.objects.select_for_update().get(pk=invitation.pk)
    invitations_services.invitation_check(invitation=invitation, user=user)
    participant = participant_add(
        project=invitation.project,
        user=user,
        role=invitation.role,
        actor=user,
        outside_expert=invitation.outside_expert,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(
        user,
        "projects.invitation.accepted",
        invitation.project,
        {
            "person": user.email,
            "email": invitation.email,
            "role": invitation.role,
            "inviter": invitation.invited_by and selectors.person_name(invitation.invited_by),
        },
    )
    queue("projects.tasks.send_invitation_accepted_email", invitation.pk)
    return participant


# Workspace content --------------------------------------------------------------------------

MENTION = re.compile(r"(?<![\w.])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def mentioned_users(*, project: Project, text: str) -> list[User]:
    """Participants named as @local-part or @full-address in `text`."""
    handles = {handle.lower().rstrip(".") for handle in MENTION.findall(text)}
    if not handles:
        return []
    found = []
    for participant in project.participants.live().select_related("user"):
        email = participant.user.email.lower()
        if email in handles or email.split("@")[0] in handles:
            found.append(participant.user)
    return found


def unknown_mentions(*, project: Project, text: str) -> list[str]:
    """The @names in `text` that name no participant (to tell the writer nobody was told)."""
    handles = {handle.rstrip(".") for handle in MENTION.findall(text)}
    known = set()
    for user in mentioned_users(project=project, text=text):
        email = user.email.lower()
        known |= {email, email.split("@")[0]}
    return sorted(handle for handle in handles if handle.lower() not in known)


def _notify(actor: User, action: str, project: Project, data: dict) -> None:
    """Log the event on the project (its activity feed) and queue the instant emails."""
    entry = log_action(actor, action, project, data)
    queue("projects.tasks.notify_instant", entry.pk)


@transaction.atomic
def update_post(*, project: Project, actor: User, body: str) -> Update:
    body = body.strip()
    if not body:
        raise ValidationError(_("Write something to post."))
    update = Update(project=project, author=actor, body=body)
    update.full_clean()
    update.save()
    mentions = [user.pk for user in mentioned_users(project=project, text=body)]
    _notify(
        actor,
        "projects.update.posted",
        project,
        {"update_id": update.pk, "excerpt": body[:200], "mentions": mentions},
    )
    return update


@transaction.atomic
def comment_post(*, update: Update, actor: User, body: str) -> Comment:
    body = body.strip()
    if not body:
        raise ValidationError(_("Write something to post."))
    comment = Comment(update=update, author=actor, body=body)
    comment.full_clean()
    comment.save()
    project = update.project
    mentions = [user.pk for user in mentioned_users(project=project, text=body)]
    _notify(
        actor,
        "projects.comment.posted",
        project,
        {"update_id": update.pk, "excerpt": body[:200], "mentions": mentions},
    )
    return comment


def check_document(upload) -> tuple[str, str]:
    """(extension, content type) of an acceptable upload, else ValidationError."""
    validate_file_size(upload, DOCUMENT_MAX_BYTES)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension == "jpeg":
        extension = "jpg"
    allowed = ", ".join(sorted(DOCUMENT_TYPES))
    refused = ValidationError(
        _("This kind of file cannot be shared here. Accepted: %(types)s.") % {"types": allowed}
    )
    if extension not in DOCUMENT_TYPES:
        raise refused
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if extension in TEXT_TYPES:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # A multi-byte character may be cut at the end of the sample.
            try:
                head[:-3].decode("utf-8")
            except UnicodeDecodeError:
                raise refused from None
        if b"\x00" in head:
            raise refused
        return extension, DOCUMENT_TYPES[extension]
    kind = filetype.guess(head)
    detected = kind.extension if kind else ""
    if detected == "zip" and extension in ZIP_BASED:
        detected = extension  # Office and OpenDocument files are ZIP archives.
    if detected != extension:
        raise refused
    return extension, DOCUMENT_TYPES[extension]


@transaction.atomic
def document_upload(
    *, project: Project, actor: User, upload, title: str = "", document: Document | None = None
) -> DocumentVersion:
    """A new document, or a new version of `document`. Nothing is stored if the file is refused."""
    _extension, content_type = check_document(upload)
    filename = upload.name.rsplit("/", 1)[-1][-200:]
    if document is None:
        document = Document.objects.create(
            project=project, title=(title.strip() or filename)[:200], created_by=actor
        )
    else:
        document = Document.objects.select_for_update().get(pk=document.pk, project=project)
        document.save(update_fields=["modified_at"])
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        filename=filename,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    version.file.save(filename, upload, save=False)
    try:
        version.save()
    except Exception:
        version.file.delete(save=False)
        raise
    _notify(
        actor,
        "projects.document.uploaded",
        project,
        {"document_id": document.pk, "title": document.title, "version": number},
    )
    return version


@transaction.atomic
def milestone_save(
    *, project: Project, actor: User, data: dict, milestone: Milestone | None = None
) -> Milestone:
    milestone = milestone or Milestone(project=project)
    for field in ("title", "due_date", "owner", "status"):
        if field in data:
            setattr(milestone, field, data[field])
    if milestone.owner_id and not project.participants.filter(user_id=milestone.owner_id).exists():
        raise ValidationError(_("The owner must take part in the project."))
    created = milestone.pk is None
    milestone.full_clean()
    milestone.save()
    _notify(
        actor,
        "projects.milestone.created" if created else "projects.milestone.updated",
        project,
        {
            "milestone_id": milestone.pk,
            "title": milestone.title,
            "status": milestone.status,
            "due_date": milestone.due_date.isoformat(),
        },
    )
    return milestone


def meeting_start(*, day: date, at: time, time_zone: str) -> datetime:
    """The UTC instant of a wall-clock time in an IANA zone (the first one, across a change)."""
    validate_time_zone(time_zone)
    local = datetime.combine(day, at).replace(tzinfo=zoneinfo.ZoneInfo(time_zone))
    return local.astimezone(zoneinfo.ZoneInfo("UTC"))


@transaction.atomic
def meeting_save(
    *, project: Project, actor: User, data: dict, meeting: Meeting | None = None
) -> Meeting:
    """`data` holds the organizer's local `day`, `at` and `time_zone`, with the other fields."""
    meeting = meeting or Meeting(project=project, organizer=actor)
    meeting.starts_at = meeting_start(day=data["day"], at=data["at"], time_zone=data["time_zone"])
    meeting.time_zone = data["time_zone"]
    for field in ("title", "duration_minutes", "location", "agenda"):
        if field in data:
            setattr(meeting, field, data[field])
    created = meeting.pk is None
    meeting.full_clean()
    meeting.save()
    _notify(
        actor,
        "projects.meeting.scheduled" if created else "projects.meeting.updated",
        project,
        {
            "meeting_id": meeting.pk,
            "title": meeting.title,
            "starts_at": meeting.starts_at.isoformat(),
        },
    )
    return meeting


def calendar_token_for(*, user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


def calendar_token_rotate(*, user: User) -> CalendarToken:
    """A new secret: the old feed address stops working at once."""
    token = calendar_token_for(user=user)
    token.token = new_calendar_token()
    token.save(update_fields=["token", "created_at"])
    return token


@transaction.atomic
def training_save(
    *, project: Project, actor: User, data: dict, training: Training | None = None
) -> Training:
    training = training or Training(project=project)
    for field, value in data.items():
        setattr(training, field, value)
    created = training.pk is None
    training.full_clean()
    training.save()
    log_action(
        actor,
        "projects.training.created" if created else "projects.training.updated",
        project,
        {"training_id": training.pk, "title": training.title},
    )
    return training


# Notifications ------------------------------------------------------------------------------


def notification_set(*, user: User, project: Project, frequency: str) -> NotificationSetting:
    if frequency not in Frequency.values:
        raise ValidationError(_("Choose how often to hear about the project."))
    setting, _created = NotificationSetting.objects.update_or_create(
        user=user, project=project, defaults={"frequency": frequency}
    )
    return setting


def notify_instant(*, entry_id: int) -> int:
    """Email the event to the participants who hear about it right away; returns how many."""
    entry, recipients = selectors.instant_recipients(entry_id=entry_id)
    mentioned = set(entry.data.get("mentions", []))
    for user in recipients:
        kind = "mention" if user.pk in mentioned else "instant"  # its own subject and opening
        queue("projects.tasks.send_notification_email", user.pk, [entry.pk], kind)
    return len(recipients)


def digest_period(*, frequency: str, now: datetime) -> tuple[datetime, datetime]:
    """The last closed period: yesterday (UTC), or last week from Monday."""
    utc = zoneinfo.ZoneInfo("UTC")
    today = datetime.combine(now.astimezone(utc).date(), time(), tzinfo=utc)
    if frequency == Frequency.DAILY:
        return today - timedelta(days=1), today
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(days=7), monday


def digests_send(*, frequency: str, now: datetime | None = None) -> int:
    """Queue each person's digest of the last closed period once: a second run sends nothing."""
    start, end = digest_period(frequency=frequency, now=now or timezone.now())
    sent = 0
    for user_id, entry_ids in selectors.digest_entries(
        frequency=frequency, start=start, end=end
    ).items():
        try:
            with transaction.atomic():
                DigestLog.objects.create(
                    user_id=user_id,
                    frequency=frequency,
                    period_start=start,
                    entry_count=len(entry_ids),
                )
                queue("projects.tasks.send_notification_email", user_id, entry_ids, frequency)
        except IntegrityError:
            continue  # already sent for this period
        sent += 1
    return sent


def notification_email_send(*, user_id: int, entry_ids: list[int], frequency: str) -> None:
    from alliance.emails import send_templated_email
    from projects.ics import calendar_of

    user = User.objects.get(pk=user_id)
    events = selectors.events_for_email(entry_ids=entry_ids, language=user.preferred_language)
    if not events:
        return
    meetings = [event["meeting"] for event in events if event["meeting"]]
    unique = list({meeting.pk: meeting for meeting in meetings}.values())
    attachments = (
        [("meeting.ics", calendar_of(unique, name=unique[0].project.title), "text/calendar")]
        if unique
        else []
    )
    send_templated_email(
        to=[user.email],
        language=user.preferred_language or settings.LANGUAGE_CODE,
        template_prefix="projects/email/notification",
        context={"user": user, "events": events, "frequency": frequency},
        attachments=attachments,
        time_zone=user.time_zone,
    )
