"""Celery tasks of members/: thin, by primary key."""

from datetime import UTC, timedelta

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from alliance.emails import send_templated_email
from members.imports import feed_sync, imports_sweep, run_import
from members.models import (
    Affiliation,
    CourseFeed,
    InstitutionRole,
    Invitation,
    MembershipApplication,
    Payment,
    StripeEvent,
    User,
)
from members.services.dues import dues_reminders_send, membership_refresh_all, receipt_email_send
from members.services.invitations import invitation_token
from members.services.stripe_events import stripe_event_process


@shared_task(once=True)
def send_application_received_email(application_id: int) -> None:
    """Tell each member of the secretariat, in their language, that an application arrived."""
    application = MembershipApplication.objects.get(pk=application_id)
    for person in User.objects.filter(
        groups__name=settings.SECRETARIAT_GROUP, is_active=True
    ).distinct():
        send_templated_email(
            to=[person.email],
            language=person.preferred_language,
            template_prefix="members/email/application_received",
            context={"application": application},
            time_zone=person.time_zone,
        )


@shared_task(once=True)
def send_role_changed_email(affiliation_id: int, old_role: str, actor_id: int | None) -> None:
    """Tell the person whose role at an institution changed: from what to what, and by whom."""
    affiliation = Affiliation.objects.select_related("user", "institution").get(pk=affiliation_id)
    person = affiliation.user
    send_templated_email(
        to=[person.email],
        language=person.preferred_language,
        template_prefix="members/email/role_changed",
        context={
            "affiliation": affiliation,
            "old_role": InstitutionRole(old_role).label,
            "actor": User.objects.filter(pk=actor_id).first(),
        },
        time_zone=person.time_zone,
    )


@shared_task(once=True)
def send_invitation_accepted_email(invitation_id: int) -> None:
    """Tell the person who invited that the invitation was accepted."""
    invitation = Invitation.objects.select_related("institution", "invited_by", "accepted_by").get(
        pk=invitation_id
    )
    inviter = invitation.invited_by
    if inviter is None or not inviter.is_active:
        return
    send_templated_email(
        to=[inviter.email],
        language=inviter.preferred_language,
        template_prefix="members/email/invitation_accepted",
        context={"invitation": invitation},
        time_zone=inviter.time_zone,
    )


@shared_task(once=True)
def send_invitation_email(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("institution", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_pending:
        return
    with translation.override(invitation.language):
        path = reverse("members:invitation_accept", args=[invitation_token(invitation)])
    send_templated_email(
        to=[invitation.email],
        language=invitation.language,
        template_prefix="members/email/invitation",
        context={"invitation": invitation, "path": path},
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


@shared_task(once=True)
def send_application_email(application_id: int) -> None:
    """Tell the applicant where their application stands (one email per step)."""
    application = MembershipApplication.objects.select_related("applicant", "institution").get(
        pk=application_id
    )
    send_templated_email(
        to=[application.applicant.email],
        language=application.applicant.preferred_language or application.language,
        template_prefix=f"members/email/application_{application.status}",
        context={"application": application},
        time_zone=application.applicant.time_zone,
    )


@shared_task
def run_course_import(import_id: int) -> None:
    """A file's times without an offset are UTC, wherever the task runs (inline in a request
    too, where the viewer's zone is active)."""
    with timezone.override(UTC):
        run_import(import_id)


@shared_task
def sweep_course_imports() -> None:
    """Every 5 minutes (beat): resume imports with no progress for 15 minutes (a lost task, a
    killed worker); fail those a day old."""
    imports_sweep(stuck_after=timedelta(minutes=15), give_up_after=timedelta(hours=24))


@shared_task
def sync_course_feed(feed_id: int) -> None:
    feed_sync(feed_id)


@shared_task
def sync_all_course_feeds() -> None:
    """Daily (beat): one sync per active feed."""
    for feed_id in CourseFeed.objects.filter(active=True).values_list("pk", flat=True):
        sync_course_feed.delay_on_commit(feed_id)


@shared_task
def process_stripe_event(event_id: str) -> None:
    stripe_event_process(event=StripeEvent.objects.get(pk=event_id))


@shared_task
def refresh_membership_statuses() -> None:
    """Daily (beat): store each membership's status of the day."""
    membership_refresh_all()


@shared_task
def send_dues_reminders() -> None:
    """Daily (beat): the reminders due today, each once per period and kind."""
    dues_reminders_send()


@shared_task(once=True)
def send_receipt_email(payment_id: int) -> None:
    receipt_email_send(
        payment=Payment.objects.select_related("membership__institution", "period").get(
            pk=payment_id
        )
    )
