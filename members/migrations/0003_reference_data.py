"""Reference data: the ISCED-F 2013 fields of education and the managed list of platforms."""

from django.db import migrations

PLATFORMS = [
    ("xuetangX", "xuetangx", "https://www.xuetangx.com"),
    ("iCourse", "icourse", "https://www.icourse163.org"),
    ("edX", "edx", "https://www.edx.org"),
    ("Coursera", "coursera", "https://www.coursera.org"),
    ("FutureLearn", "futurelearn", "https://www.futurelearn.com"),
    ("FUN MOOC", "fun-mooc", "https://www.fun-mooc.fr"),
    ("MiríadaX", "miriadax", "https://miriadax.net"),
    ("Open Education (openedu.ru)", "openedu-ru", "https://openedu.ru"),
    ("Edraak", "edraak", "https://www.edraak.org"),
    ("SWAYAM", "swayam", "https://swayam.gov.in"),
    ("The institution's own platform", "own-platform", ""),
]


def load(apps, schema_editor):
    from members.reference import isced_fields

    FieldOfEducation = apps.get_model("members", "FieldOfEducation")
    Platform = apps.get_model("members", "Platform")
    for row in isced_fields():
        FieldOfEducation.objects.update_or_create(
            code=row["code"],
            defaults={"level": row["level"], "name": row["name"], "parent_id": row["parent"] or None},
        )
    for name, slug, url in PLATFORMS:
        Platform.objects.update_or_create(slug=slug, defaults={"name": name, "url": url})


class Migration(migrations.Migration):
    dependencies = [("members", "0002_courses")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
