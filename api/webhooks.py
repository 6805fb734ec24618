"""Partner webhooks: catalog changes are delivered, signed, by a Celery task with retries.

Signature header: `X-Alliance-Signature: t=<unix time>,v1=<hex>[,v1=<hex>]`, each v1 the
HMAC-SHA256 of "<t>.<body>" under one of the webhook's valid secrets (two during a rotation).
"""

import hashlib
import hmac
import json
import secrets
import time
from datetime import timedelta

import requests
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import outbound
from api.caching import forget_catalog_version
from api.models import Webhook, WebhookDelivery
from members.models import Course, Institution, Tombstone
from projects.models import Project

ROTATION_OVERLAP = timedelta(days=7)
MAX_ANSWER_BYTES = 64 * 1024  # a partner's answer is not read, only its status


def sign(body: bytes, secrets_: list[str], timestamp: int) -> str:
    signed = f"{timestamp}.".encode() + body
    parts = [f"t={timestamp}"] + [
        "v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest() for secret in secrets_
    ]
    return ",".join(parts)


def webhook_create(*, owner, url: str) -> Webhook:
    return Webhook.objects.create(owner=owner, url=url, secret=secrets.token_hex(32))


@transaction.atomic
def webhook_rotate_secret(*, webhook: Webhook) -> Webhook:
    """A new secret; the old one stays valid for ROTATION_OVERLAP so the partner can switch."""
    webhook.previous_secret = webhook.secret
    webhook.previous_secret_expires_at = timezone.now() + ROTATION_OVERLAP
    webhook.secret = secrets.token_hex(32)
    webhook.save()
    return webhook


def queue_event(event: str, payload: dict) -> None:
    from api import tasks

    # Forget now, and again once committed (a reader may cache the old version in between).
    forget_catalog_version()
    transaction.on_commit(forget_catalog_version)
    for webhook in Webhook.objects.filter(active=True):
        delivery = WebhookDelivery.objects.create(webhook=webhook, event=event, payload=payload)
        tasks.deliver_webhook.delay_on_commit(delivery.pk)


def deliver(delivery: WebhookDelivery) -> bool:
    """One attempt; True when the partner answered 2xx."""
    body = json.dumps(
        {"event": delivery.event, "id": delivery.pk, **delivery.payload}, cls=DjangoJSONEncoder
    ).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Alliance-Event": delivery.event,
        "X-Alliance-Delivery": str(delivery.pk),
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
    delivery.save()
    return ok


@receiver(post_save, sender=Course)
def course_saved(sender, instance, created, **kwargs):
    queue_event(
        "course.created" if created else "course.updated",
        {"key": instance.slug, "uuid": str(instance.uuid), "at": instance.modified_at.isoformat()},
    )


@receiver(post_save, sender=Institution)
def institution_saved(sender, instance, created, **kwargs):
    queue_event(
        "institution.created" if created else "institution.updated",
        {"key": instance.slug, "at": instance.modified_at.isoformat()},
    )


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


@receiver([post_save, post_delete], sender=Project)
def project_changed(sender, **kwargs):
    """Projects are in the API's version (for ETags); partners' webhooks are about the catalog."""
    forget_catalog_version()
    transaction.on_commit(forget_catalog_version)
