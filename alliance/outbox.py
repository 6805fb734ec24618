"""The transactional outbox: a task queued with `delay_on_commit` is a row of the change's own
transaction, so a broker that is down loses nothing (docs/operations-tasks.md).

On commit the row is published at once; if the broker cannot take it, the person still sees
success and `relay` (beat, every minute) publishes it when the broker is back. A row is published
under its lock (`skip_locked`), so two relays never send it together; a task marked `once` claims
its row in the transaction it runs in, so a message sent or delivered twice runs it once.
"""

import logging
import uuid
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alliance.celery import app
from alliance.models import OutboxTask

logger = logging.getLogger(__name__)

# A `once` task published but not claimed after this long is published again (its message was
# lost with a broker's data, or it failed after its retries), at most RESEND_LIMIT times in all.
RESEND_AFTER = timedelta(minutes=20)
RESEND_LIMIT = 5
BATCH = 500
KEEP = timedelta(days=7)  # sent rows are deleted after this long


def record(task, args: tuple, kwargs: dict) -> None:
    """Write the intent in the current transaction; publish it once that commits."""
    row = OutboxTask.objects.create(
        task_id=uuid.uuid4(), name=task.name, args=list(args), kwargs=kwargs
    )
    transaction.on_commit(lambda: publish(pk=row.pk))


def _send(app, row: OutboxTask) -> None:
    app.tasks[row.name].apply_async(
        args=row.args,
        kwargs=row.kwargs,
        task_id=str(row.task_id),
        retry=False,  # a broker that is down answers at once; the relay sends it later
    )
    row.sent_at = timezone.now()
    row.publish_count += 1
    row.save(update_fields=["sent_at", "publish_count"])


def publish(*, pk: int) -> None:
    """Publish one row right after its commit; on a broker error leave it for `relay`."""
    try:
        with transaction.atomic():
            row = (
                OutboxTask.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, sent_at=None)
                .first()
            )
            if row is not None:
                _send(app, row)
    except Exception:  # a broker that is down must not fail the request
        logger.warning("Task %s not published; the outbox relay will send it", pk, exc_info=True)


def relay(*, now=None) -> int:
    """Publish the rows not sent yet, and the `once` rows sent long ago and never run; returns
    how many went. Stops at the first broker error (the rest waits for the next run). Deletes
    the rows sent more than KEEP ago."""
    now = now or timezone.now()
    OutboxTask.objects.filter(sent_at__lt=now - KEEP).delete()
    once = [name for name, task in app.tasks.items() if getattr(task, "once", False)]
    sent = 0
    with transaction.atomic():
        rows = (
            OutboxTask.objects.select_for_update(skip_locked=True)
            .filter(done_at=None, created_at__lt=now)
            .filter(
                Q(sent_at=None)
                | Q(name__in=once, sent_at__lt=now - RESEND_AFTER, publish_count__lt=RESEND_LIMIT)
            )
            .order_by("created_at")[:BATCH]
        )
        for row in rows:
            try:
                _send(app, row)
            except Exception:
                logger.warning("Broker unavailable: the rest waits in the outbox", exc_info=True)
                break
            sent += 1
    return sent


def claim(*, task_id: str) -> bool:
    """In the running task's transaction: False when this message's task already ran (a
    duplicate); a rollback (an error, a retry) gives the claim back."""
    if OutboxTask.objects.filter(task_id=task_id, done_at=None).update(done_at=timezone.now()):
        return True
    return not OutboxTask.objects.filter(task_id=task_id).exists()
