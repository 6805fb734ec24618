"""The reference rows' names in the other languages move from `names` ({"fr": "…"}) to the one
shape of alliance.models.Translated: `translations` ({"fr": {"name": "…"}}); institutions get
the same field for their names."""

from django.db import migrations, models

MODELS = ("FieldOfEducation", "Platform")


def forwards(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("members", name)
        rows = list(model.objects.exclude(names={}))
        for row in rows:
            row.translations = {code: {"name": text} for code, text in row.names.items() if text}
        model.objects.bulk_update(rows, ["translations"], batch_size=500)


def backwards(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("members", name)
        rows = list(model.objects.exclude(translations={}))
        for row in rows:
            row.names = {code: texts["name"] for code, texts in row.translations.items()}
        model.objects.bulk_update(rows, ["names"], batch_size=500)


def translations_field():
    return models.JSONField(
        blank=True,
        default=dict,
        help_text='By language code, e.g. {"fr": {"title": "…"}, "zh-hans": {"title": "…"}}.',
        verbose_name="translations",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0016_detailed_field_names"),
    ]

    operations = [
        migrations.AddField("fieldofeducation", "translations", translations_field()),
        migrations.AddField("platform", "translations", translations_field()),
        migrations.AddField("institution", "translations", translations_field()),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("fieldofeducation", "names"),
        migrations.RemoveField("platform", "names"),
    ]
