"""News tags get a model of their own (cms.NewsTag, an alliance.models.Translated): the rows the
news use are copied from taggit's tags with their ids, and the tag names that
cms/templatetags/news_tags.py used to translate from a fixed table get those translations."""

import django.db.models.deletion
import modelcluster.contrib.taggit
from django.core.management.color import no_style
from django.db import migrations, models

LANGUAGES = ("ar", "zh-hans", "fr", "ru", "es")
# The table the template filter had (English tag -> ar, zh-hans, fr, ru, es).
TAG_NAMES = {
    "alliance": ("التحالف", "联盟", "alliance", "альянс", "alianza"),
    "conference": ("مؤتمر", "会议", "conférence", "конференция", "conferencia"),
    "consultation": ("تشاور", "征求意见", "consultation", "консультации", "consulta"),
    "covid-19": ("كوفيد-19", "2019冠状病毒病", "COVID-19", "COVID-19", "COVID-19"),
    "declaration": ("إعلان", "宣言", "déclaration", "декларация", "declaración"),
    "good practices": (
        "الممارسات الجيدة",
        "良好实践",
        "bonnes pratiques",
        "передовой опыт",
        "buenas prácticas",
    ),
    "guidance": ("إرشادات", "指导", "orientations", "рекомендации", "orientaciones"),
    "inclusion": ("الإدماج", "包容", "inclusion", "инклюзивность", "inclusión"),
    "membership": ("العضوية", "会员资格", "adhésion", "членство", "afiliación"),
    "platforms": ("المنصات", "平台", "plateformes", "платформы", "plataformas"),
    "students": ("الطلاب", "学生", "étudiants", "студенты", "estudiantes"),
    "sub-forums": (
        "المنتديات الفرعية",
        "分论坛",
        "forums thématiques",
        "тематические форумы",
        "foros temáticos",
    ),
    "teachers": ("المعلمون", "教师", "enseignants", "преподаватели", "docentes"),
    "webinar": ("ندوة إلكترونية", "网络研讨会", "webinaire", "вебинар", "seminario web"),
}


def copy_tags(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    NewsTag = apps.get_model("cms", "NewsTag")
    NewsPageTag = apps.get_model("cms", "NewsPageTag")
    used = Tag.objects.filter(pk__in=NewsPageTag.objects.values("tag_id")).order_by("pk")
    NewsTag.objects.bulk_create(
        NewsTag(
            pk=tag.pk,
            name=tag.name,
            slug=tag.slug,
            translations={
                code: {"name": name}
                for code, name in zip(LANGUAGES, TAG_NAMES.get(tag.name.lower(), ()), strict=False)
            },
        )
        for tag in used
    )
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [NewsTag]):
            cursor.execute(sql)


def copy_back(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    for tag in apps.get_model("cms", "NewsTag").objects.all():
        Tag.objects.get_or_create(pk=tag.pk, defaults={"name": tag.name, "slug": tag.slug})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0010_page_images"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="NewsTag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "translations",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='By language code, e.g. {"fr": {"title": "…"}, "zh-hans": '
                        '{"title": "…"}}.',
                        verbose_name="translations",
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                (
                    "slug",
                    models.SlugField(
                        allow_unicode=True, max_length=100, unique=True, verbose_name="slug"
                    ),
                ),
            ],
            options={"verbose_name": "news tag", "verbose_name_plural": "news tags"},
        ),
        migrations.RunPython(copy_tags, copy_back),
        migrations.AlterField(
            model_name="newspage",
            name="tags",
            field=modelcluster.contrib.taggit.ClusterTaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="cms.NewsPageTag",
                to="cms.NewsTag",
                verbose_name="tags",
            ),
        ),
        migrations.AlterField(
            model_name="newspagetag",
            name="tag",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="%(app_label)s_%(class)s_items",
                to="cms.newstag",
            ),
        ),
    ]
