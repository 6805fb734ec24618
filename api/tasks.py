from celery import shared_task

from api.models import WebhookDelivery
from api.webhooks import deliver, retry_due_deliveries


@shared_task
def deliver_webhook(delivery_id: int) -> None:
    """The first attempt, once the change is committed; a failure is tried again, with backoff,
    by retry_webhook_deliveries (with or without a broker)."""
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    if delivery.status == WebhookDelivery.Status.PENDING and delivery.webhook.active:
        deliver(delivery)


@shared_task
def retry_webhook_deliveries() -> None:
    """Every minute (CELERY_BEAT_SCHEDULE): the failed deliveries that are due again."""
    retry_due_deliveries()
