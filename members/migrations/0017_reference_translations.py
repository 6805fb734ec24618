"""The reference rows' names in the other languages move from `names` ({"fr": "…"}) to the one
shape of alliance.models.Translated: `translations` ({"fr": {"name": "…"}}); institutions get
the same field for their names."""

import importlib

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


def sqlite_triggers(apps, schema_editor):
    """SQLite rebuilds a table to add a JSON field (its CHECK constraint), which drops the table's
    triggers: the catalog change log's (0011) on members_institution are made again."""
    if schema_editor.connection.vendor != "sqlite":
        return
    log = importlib.import_module("members.migrations.0011_catalog_change_log")
    with schema_editor.connection.cursor() as cursor:
        for statement in log.SQLITE:
            cursor.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]};")
            cursor.execute(statement)


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
        migrations.RunPython(sqlite_triggers, migrations.RunPython.noop),
    ]
