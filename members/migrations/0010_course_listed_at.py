from django.db import migrations, models


def published_were_listed(apps, schema_editor):
    """Partners may have read every course published so far: its feed entries stay."""
    Course = apps.get_model("members", "Course")
    Course.objects.filter(status="published").update(listed_at=models.F("modified_at"))


class Migration(migrations.Migration):
    dependencies = [("members", "0009_dues_offline")]

    operations = [
        migrations.AddField(
            model_name="course",
            name="listed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(published_were_listed, migrations.RunPython.noop),
    ]
