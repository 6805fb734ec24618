from django.db import migrations, models


def confirm_earlier_registrations(apps, schema_editor):
    """Registrations made before confirmation links existed were sent their live-stream link."""
    EventRegistration = apps.get_model("cms", "EventRegistration")
    EventRegistration.objects.filter(confirmed_at=None).update(confirmed_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_news_events_standard_pages"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventregistration",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="email confirmed at"),
        ),
        migrations.RunPython(confirm_earlier_registrations, migrations.RunPython.noop),
    ]
