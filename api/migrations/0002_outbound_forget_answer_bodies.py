"""Delivery logs used to keep the first 500 characters of a partner's (or an internal server's)
answer: keep only its status, as deliveries now do (alliance.outbound, issue 12)."""

from django.db import migrations
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat


def forget_answer_bodies(apps, schema_editor):
    WebhookDelivery = apps.get_model("api", "WebhookDelivery")
    WebhookDelivery.objects.filter(response_status__isnull=False).exclude(error="").update(
        error=Concat(Value("HTTP status "), Cast("response_status", CharField()))
    )


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(forget_answer_bodies, migrations.RunPython.noop)]
