"""Celery tasks of projects/: thin, by primary key."""

from celery import shared_task
from django.urls import reverse
from django.utils import timezone, translation

from alliance.emails import send_templated_email
from members.models import User
from members.services.invitations import invitation_token
from projects import services
from projects.models import Frequency, Participant, ProjectInvitation, ProjectRole


@shared_task(once=True)
def send_invitation_email(invitation_id: int) -> None:
    invitation = ProjectInvitation.objects.select_related("project", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_pending:
        return
    with translation.override(invitation.language):
        path = reverse("projects:invitation_accept", args=[invitation_token(invitation)])
    send_templated_email(
        to=[invitation.email],
        language=invitation.language,
        template_prefix="projects/email/invitation",
        context={"invitation": invitation, "path": path},
    )
    ProjectInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


@shared_task
def notify_instant(entry_id: int) -> None:
    services.notify_instant(entry_id=entry_id)


@shared_task(once=True)
def send_notification_email(user_id: int, entry_ids: list[int], frequency: str) -> None:
    services.notification_email_send(user_id=user_id, entry_ids=entry_ids, frequency=frequency)


@shared_task
def send_digests() -> None:
    """Hourly (beat): the daily and weekly digests of the last closed period, each once."""
    services.digests_send(frequency=Frequency.DAILY)
    services.digests_send(frequency=Frequency.WEEKLY)


@shared_task(once=True)
def send_role_changed_email(participant_id: int, old_role: str, actor_id: int | None) -> None:
    """Tell the person whose project role changed: in which project, from what to what, by whom."""
    participant = Participant.objects.select_related("user", "project").get(pk=participant_id)
    person = participant.user
    if not person.is_active:
        return
    language = person.preferred_language
    with translation.override(language):
        path = reverse("projects:overview", args=[participant.project.slug])
    send_templated_email(
        to=[person.email],
        language=language,
        template_prefix="projects/email/role_changed",
        context={
            "participant": participant,
            "project_title": participant.project.translated("title", language)[0],
            "old_role": ProjectRole(old_role).label,
            "actor": User.objects.filter(pk=actor_id).first(),
            "path": path,
        },
        time_zone=person.time_zone,
    )


@shared_task(once=True)
def send_invitation_accepted_email(invitation_id: int) -> None:
    """Tell the person who invited, and the project's leads, that the invitation was accepted."""
    invitation = ProjectInvitation.objects.select_related(
        "project", "invited_by", "accepted_by"
    ).get(pk=invitation_id)
    leads = Participant.objects.filter(project=invitation.project, role=ProjectRole.LEAD).live()
    people = {lead.user for lead in leads.select_related("user")}
    if invitation.invited_by is not None:
        people.add(invitation.invited_by)
    for person in sorted(people, key=lambda user: user.pk):
        if not person.is_active or person.pk == invitation.accepted_by_id:
            continue
        language = person.preferred_language
        with translation.override(language):
            path = reverse("projects:people", args=[invitation.project.slug])
        send_templated_email(
            to=[person.email],
            language=language,
            template_prefix="projects/email/invitation_accepted",
            context={
                "invitation": invitation,
                "project_title": invitation.project.translated("title", language)[0],
                "path": path,
            },
            time_zone=person.time_zone,
        )
