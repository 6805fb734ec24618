"""One HomePage tree per language: replaces Wagtail's welcome page with six translated home pages."""

import uuid

from django.db import migrations

TITLES = {
    "en": ("Global MOOC Alliance", "Universities and online learning platforms from every region, working together for inclusive, equitable, quality education for all."),
    "ar": ("التحالف العالمي للمقررات الإلكترونية المفتوحة", "جامعات ومنصات تعلّم إلكتروني من جميع المناطق تعمل معًا من أجل تعليم جيد ومنصف وشامل للجميع."),
    "zh-hans": ("全球慕课联盟", "来自世界各地区的大学和在线教育平台携手合作，为所有人提供包容、公平、有质量的教育。"),
    "fr": ("Alliance mondiale des MOOC", "Des universités et des plateformes d'apprentissage en ligne de toutes les régions, ensemble pour une éducation inclusive, équitable et de qualité pour tous."),
    "ru": ("Глобальный альянс МООК", "Университеты и платформы онлайн-обучения из всех регионов работают вместе ради инклюзивного, справедливого и качественного образования для всех."),
    "es": ("Alianza Mundial de MOOC", "Universidades y plataformas de aprendizaje en línea de todas las regiones, juntas por una educación inclusiva, equitativa y de calidad para todos."),
}
ORDER = ["en", "ar", "zh-hans", "fr", "ru", "es"]


def create_home_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    translation_key = uuid.uuid4()
    homes = {}
    for index, code in enumerate(ORDER, start=1):
        locale, _ = Locale.objects.get_or_create(language_code=code)
        title, intro = TITLES[code]
        slug = "home" if code == "en" else f"home-{code}"
        homes[code] = HomePage.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            intro=intro,
            content_type=content_type,
            path=f"{root.path}{index:04d}",
            depth=2,
            numchild=0,
            url_path=f"/{slug}/",
            locale=locale,
            translation_key=translation_key,
            live=True,
        )
    root.numchild = len(ORDER)
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": homes["en"], "site_name": "Global MOOC Alliance"},
    )


def remove_home_pages(apps, schema_editor):
    """The reverse: the home pages go, with whatever was built under them, so that `migrate`
    can create them again."""
    Page = apps.get_model("wagtailcore.Page")
    for home in Page.objects.filter(depth=2, content_type__app_label="cms", content_type__model="homepage"):
        Page.objects.filter(path__startswith=home.path).delete()
    root = Page.objects.get(depth=1)
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_pages, remove_home_pages)]
