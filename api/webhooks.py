"""Partner webhooks: catalog changes are delivered, signed, by a Celery task on commit; a failed
delivery is retried with backoff by the beat task api.tasks.retry_webhook_deliveries (so also
when tasks run inline, without a broker).

Signature header: `X-Alliance-Signature: t=<unix time>,v1=<hex>[,v1=<hex>]`, each v1 the
HMAC-SHA256 of "<t>.<body>" under one of the webhook's valid secrets (two during a rotation).
Each delivery carries its webhook's next sequence number (`X-Alliance-Sequence`, `sequence`).
"""

import hashlib
import hmac
import json
import random
import secrets
import time
from datetime import timedelta

import requests
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError as InvalidInput

from alliance import outbound
from alliance.audit import log_action
from alliance.celery import queue
from api.caching import forget_catalog_version
from api.models import Webhook, WebhookDelivery
from members.models import Course, Institution, Tombstone
from members.selectors import public_institutions
from members.signals import catalog_changed
from projects.models import Project

ROTATION_OVERLAP = timedelta(days=7)
MAX_ANSWER_BYTES = 64 * 1024  # a partner's answer is not read, only its status
MAX_WEBHOOKS = 5  # per account (all of its keys)
MAX_ATTEMPTS = 8


def sign(body: bytes, secrets_: list[str], timestamp: int) -> str:
    signed = f"{timestamp}.".encode() + body
    parts = [f"t={timestamp}"] + [
        "v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest() for secret in secrets_
    ]
    return ",".join(parts)


def backoff_seconds(retries: int) -> int:
    """30 s, 1 min, 2 min, … up to 6 h, with jitter so retries do not come in waves."""
    base = min(30 * 2**retries, 6 * 60 * 60)
    return base + random.randint(0, base // 4)  # noqa: S311


@transaction.atomic
def webhook_create(*, owner, url: str) -> Webhook:
    """A webhook with a new secret, at most MAX_WEBHOOKS per account (a 400 beyond)."""
    type(owner).objects.select_for_update().filter(pk=owner.pk).first()  # one count at a time
    if Webhook.objects.filter(owner=owner).count() >= MAX_WEBHOOKS:
        raise InvalidInput(
            {
                "url": [
                    _("An account may have at most %(count)d webhooks.") % {"count": MAX_WEBHOOKS}
                ]
            }
        )
    webhook = Webhook.objects.create(owner=owner, url=url, secret=secrets.token_hex(32))
    log_action(owner, "api.webhook.created", webhook, {"url": url})
    return webhook


@transaction.atomic
def webhook_rotate_secret(*, webhook: Webhook, actor) -> Webhook:
    """A new secret; the old one stays valid for ROTATION_OVERLAP so the partner can switch."""
    webhook.previous_secret = webhook.secret
    webhook.previous_secret_expires_at = timezone.now() + ROTATION_OVERLAP
    webhook.secret = secrets.token_hex(32)
    webhook.save()
    log_action(actor, "api.webhook.secret_rotated", webhook, {"url": webhook.url})
    return webhook


@transaction.atomic
def queue_event(event: str, payload: dict) -> None:
    # Forget now, and again once committed (a reader may cache the old version in between).
    forget_catalog_version()
    transaction.on_commit(forget_catalog_version)
    # Locked until commit, so that sequence numbers follow the order of the changes.
    for webhook in Webhook.objects.select_for_update().filter(active=True).order_by("pk"):
        webhook.last_sequence += 1
        Webhook.objects.filter(pk=webhook.pk).update(last_sequence=webhook.last_sequence)
        delivery = WebhookDelivery.objects.create(
            webhook=webhook, event=event, payload=payload, sequence=webhook.last_sequence
        )
        queue("api.tasks.deliver_webhook", delivery.pk)


def retry_due_deliveries() -> int:
    """Attempt again every failed delivery whose backoff is over, in sequence order; how many."""
    due = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.FAILED,
        next_attempt_at__lte=timezone.now(),
        webhook__active=True,
    ).order_by("webhook", "sequence")
    count = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():  # skipped while another run holds it
            delivery = (
                due.select_for_update(skip_locked=True, of=("self",))
                .select_related("webhook")
                .filter(pk=pk)
                .first()
            )
            if delivery is not None:
                deliver(delivery)
                count += 1
    return count


def deliver(delivery: WebhookDelivery) -> bool:
    """One attempt; True when the partner answered 2xx."""
    body = json.dumps(
        {
            "event": delivery.event,
            "id": delivery.pk,
            "sequence": delivery.sequence,
            **delivery.payload,
        },
        cls=DjangoJSONEncoder,
    ).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Alliance-Event": delivery.event,
        "X-Alliance-Delivery": str(delivery.pk),
        "X-Alliance-Sequence": str(delivery.sequence),
        "X-Alliance-Signature": sign(body, delivery.webhook.signing_secrets(), int(time.time())),
    }
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.response_status = None
    # The log keeps a status and a short reason, never what the partner's server answered.
    try:
        response = outbound.fetch(
            "POST", delivery.webhook.url, data=body, headers=headers, max_bytes=MAX_ANSWER_BYTES
        )
        delivery.response_status, ok = response.status_code, response.ok
        delivery.error = (
            "" if ok else _("HTTP status %(status)s") % {"status": response.status_code}
        )
    except ValidationError as error:
        delivery.error, ok = " ".join(error.messages), False
    except requests.RequestException as error:
        delivery.error, ok = type(error).__name__, False
    delivery.status = WebhookDelivery.Status.DELIVERED if ok else WebhookDelivery.Status.FAILED
    delivery.next_attempt_at = None
    if not ok and delivery.attempts < MAX_ATTEMPTS:
        wait = timedelta(seconds=backoff_seconds(delivery.attempts - 1))
        delivery.next_attempt_at = delivery.last_attempt_at + wait
    delivery.save()
    return ok


def _payload(instance) -> dict:
    payload = {"key": instance.slug, "at": instance.modified_at.isoformat()}
    if isinstance(instance, Course):
        payload["uuid"] = str(instance.uuid)
    return payload


@receiver(catalog_changed)
def catalog_change_announced(sender, instance, event, **kwargs):
    """members.services tells what partners may now read of a course or an institution."""
    queue_event(f"{sender._meta.model_name}.{event}", _payload(instance))


@receiver(pre_save, sender=Institution)
def institution_saving(sender, instance, **kwargs):
    instance._was_listed = bool(instance.pk) and _institution_is_listed(instance)


@receiver(post_save, sender=Institution)
def institution_saved(sender, instance, created, **kwargs):
    """Every save (the member's profile form, the secretariat's admin): announced as the change
    feed reads it, and not at all while partners could read it neither before nor after."""
    listed, was_listed = _institution_is_listed(instance), getattr(instance, "_was_listed", False)
    if listed or was_listed:
        event = ("created" if created else "updated") if listed else "deleted"
        queue_event(f"institution.{event}", _payload(instance))


def _institution_is_listed(institution) -> bool:
    return public_institutions().filter(pk=institution.pk).exists()


@receiver(post_save, sender=Tombstone)
def tombstone_saved(sender, instance, created, **kwargs):
    if created:
        queue_event(
            f"{instance.kind}.deleted",
            {
                "key": instance.key,
                "uuid": str(instance.uuid or ""),
                "at": instance.deleted_at.isoformat(),
            },
        )


@receiver([post_save, post_delete], sender=Course)
@receiver([post_save, post_delete], sender=Institution)
@receiver([post_save, post_delete], sender=Project)
def catalog_row_changed(sender, **kwargs):
    """Every write is in the API's version (for ETags), also one that partners are not told of
    (a draft, a project: partners' webhooks are about what they may read of the catalog)."""
    forget_catalog_version()
    transaction.on_commit(forget_catalog_version)
