"""Names of the reference rows in the other UN languages: ISCED-F fields (from the data file)
and the platforms whose names differ by language."""

from django.db import migrations, models

OWN = {
    "ar": "المنصة الخاصة بالمؤسسة",
    "zh-hans": "本机构自有平台",
    "fr": "La plateforme de l’établissement",
    "ru": "Собственная платформа учреждения",
    "es": "La plataforma propia de la institución",
}
PLATFORM_NAMES = {
    "xuetangx": {"zh-hans": "学堂在线"},
    "icourse": {"zh-hans": "中国大学MOOC"},
    "openedu-ru": {"ru": "Открытое образование (openedu.ru)"},
    "edraak": {"ar": "إدراك"},
    "own-platform": OWN,
}


def load(apps, schema_editor):
    from members.reference import isced_field_names

    FieldOfEducation = apps.get_model("members", "FieldOfEducation")
    Platform = apps.get_model("members", "Platform")
    for code, names in isced_field_names().items():
        FieldOfEducation.objects.filter(code=code).update(names=names)
    for slug, names in PLATFORM_NAMES.items():
        Platform.objects.filter(slug=slug).update(names=names)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0014_course_import_progress_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="fieldofeducation",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='By language code, e.g. {"fr": "…", "zh-hans": "…"}; English is the name.',
                verbose_name="names in other languages",
            ),
        ),
        migrations.AddField(
            model_name="platform",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='By language code, e.g. {"fr": "…", "zh-hans": "…"}; English is the name.',
                verbose_name="names in other languages",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
