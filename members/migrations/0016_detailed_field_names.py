"""The detailed (4-digit) ISCED-F fields' names in the other UN languages, from the data file."""

from django.db import migrations


def load(apps, schema_editor):
    from members.reference import isced_field_names

    FieldOfEducation = apps.get_model("members", "FieldOfEducation")
    for code, names in isced_field_names().items():
        if len(code) == 4:
            FieldOfEducation.objects.filter(code=code).update(names=names)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0015_reference_names"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
