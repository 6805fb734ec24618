import random

from celery import shared_task

from api.models import WebhookDelivery

MAX_ATTEMPTS = 8


def backoff_seconds(retries: int) -> int:
    """30 s, 1 min, 2 min, … up to 10 min, with jitter so retries do not come in waves. Kept
    under the broker's visibility timeout: a longer countdown would be delivered twice."""
    base = min(30 * 2**retries, 10 * 60)
    return base + random.randint(0, base // 4)  # noqa: S311


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1)
def deliver_webhook(self, delivery_id: int) -> None:
    """Deliver once; on failure retry with exponential backoff (never inline, under `make run`)."""
    from api.webhooks import deliver

    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    if delivery.status == WebhookDelivery.Status.DELIVERED or not delivery.webhook.active:
        return
    if not deliver(delivery) and not self.request.is_eager:
        raise self.retry(countdown=backoff_seconds(self.request.retries))
