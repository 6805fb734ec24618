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
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import outbound
from api.caching import forget_catalog_version
from api.models import Webhook, WebhookDelivery
from members.models import Course, Institution, Tombstone
from members.selectors import public_institutions
from members.signals import catalog_changed
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
