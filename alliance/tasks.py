from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from alliance.outbox import relay


@shared_task
def clear_expired_sessions() -> int:
    """Delete expired sessions (daily, from the beat schedule); returns how many went."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def relay_outbox() -> int:
    """Every minute (beat): publish the tasks the broker could not take when they were queued."""
    return relay()
