"""Celery tasks of projects/: thin, by primary key."""

from celery import shared_task
from django.urls import reverse
from django.utils import timezone, translation

from alliance.emails import send_templated_email
from members.services import invitation_token
from projects import services
from projects.models import Frequency, ProjectInvitation


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
