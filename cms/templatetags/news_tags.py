"""News tags in the reader's language: the demo's tags are fixed words, translated here; a tag
an editor adds stays as written, in English (mark it with `tag_lang`).

    {% load news_tags content_lang %}
    {% content_lang tag.name|tag_lang inline %}{{ tag.name|tag_name }}{% endcontent_lang %}
"""

from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()

# English tag -> its name in the other languages (ar, zh-hans, fr, ru, es).
TAG_NAMES = {
    name: dict(zip(("ar", "zh-hans", "fr", "ru", "es"), names, strict=True))
    for name, *names in [
        ("alliance", "التحالف", "联盟", "alliance", "альянс", "alianza"),
        ("conference", "مؤتمر", "会议", "conférence", "конференция", "conferencia"),
        ("consultation", "تشاور", "征求意见", "consultation", "консультации", "consulta"),
        ("covid-19", "كوفيد-19", "2019冠状病毒病", "COVID-19", "COVID-19", "COVID-19"),
        ("declaration", "إعلان", "宣言", "déclaration", "декларация", "declaración"),
        (
            "good practices",
            "الممارسات الجيدة",
            "良好实践",
            "bonnes pratiques",
            "передовой опыт",
            "buenas prácticas",
        ),
        ("guidance", "إرشادات", "指导", "orientations", "рекомендации", "orientaciones"),
        ("inclusion", "الإدماج", "包容", "inclusion", "инклюзивность", "inclusión"),
        ("membership", "العضوية", "会员资格", "adhésion", "членство", "afiliación"),
        ("platforms", "المنصات", "平台", "plateformes", "платформы", "plataformas"),
        ("students", "الطلاب", "学生", "étudiants", "студенты", "estudiantes"),
        (
            "sub-forums",
            "المنتديات الفرعية",
            "分论坛",
            "forums thématiques",
            "тематические форумы",
            "foros temáticos",
        ),
        ("teachers", "المعلمون", "教师", "enseignants", "преподаватели", "docentes"),
        ("webinar", "ندوة إلكترونية", "网络研讨会", "webinaire", "вебинар", "seminario web"),
    ]
}


def _translated(name: str) -> str | None:
    return TAG_NAMES.get(name.lower(), {}).get(get_language())


@register.filter
def tag_name(name: str) -> str:
    """The tag in the reader's language, else as written."""
    return _translated(name) or name


@register.filter
def tag_lang(name: str) -> str:
    """The language `tag_name` shows the tag in."""
    return get_language() if _translated(name) else settings.LANGUAGE_CODE
