"""The demo catalog: courses with runs across languages, regions and fields (fixed seed).

Built in bulk (the large benchmark set has 100,000 courses), then indexed for search.
Idempotent: courses are keyed by external id `demo-<n>`; existing ones are left alone.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.search.backends import get_search_backend

from members.models import (
    Course,
    CourseLanguage,
    CourseLevel,
    CourseRun,
    CourseSDGTarget,
    CourseStatus,
    Institution,
    Pacing,
    Platform,
)
from members.signals import forget_catalog_reads

# (ISCED-F detailed field, topics)
TOPICS = [
    ("0111", ["Learning Sciences", "Designing Online Courses", "Assessment for Learning"]),
    ("0114", ["Teaching Mathematics", "Teaching Languages Online"]),
    ("0211", ["Digital Storytelling", "Video Production for Education"]),
    (
        "0231",
        ["Academic English", "Chinese for Beginners", "Spanish Conversation", "Arabic Script"],
    ),
    ("0222", ["World History", "History of the Silk Road"]),
    ("0311", ["Development Economics", "Behavioural Economics"]),
    ("0312", ["Global Governance", "International Relations"]),
    ("0413", ["Social Entrepreneurship", "Project Management"]),
    ("0421", ["International Law", "Human Rights Law"]),
    ("0511", ["Molecular Biology", "Genetics and Society"]),
    ("0521", ["Climate Change Science", "Ecosystems and Biodiversity"]),
    ("0533", ["Quantum Physics", "Astrophysics for Everyone"]),
    ("0541", ["Linear Algebra", "Calculus", "Statistics for Data Science"]),
    ("0613", ["Python Programming", "Data Structures and Algorithms", "Web Development"]),
    ("0612", ["Cloud Computing", "Cybersecurity Essentials"]),
    ("0619", ["Artificial Intelligence", "Machine Learning", "AI Ethics"]),
    ("0713", ["Renewable Energy Systems", "Smart Grids"]),
    ("0732", ["Sustainable Cities", "Earthquake Engineering"]),
    ("0811", ["Sustainable Agriculture", "Food Security"]),
    ("0912", ["Global Health", "Epidemiology", "Public Health in Emergencies"]),
    ("0913", ["Nursing Care", "Mental Health First Aid"]),
    ("1014", ["Sport and Health"]),
    ("1015", ["Sustainable Tourism"]),
]
# One course in twenty is taught in one of these, its title and summary in that language.
# (language, field, title, summary, description, learning outcomes): courses in other languages.
LOCALISED = [
    (
        "zh-Hans",
        "0111",
        "在线教育导论",
        "面向教师的在线教育与教学设计入门课程。",
        "本课程介绍该领域的主要理念和方法，每周提供视频、阅读材料、练习和讨论区。",
        "解释关键概念。\n将其应用于真实案例。",
    ),
    (
        "fr",
        "0111",
        "Éducation numérique",
        "Une introduction à l'éducation en ligne.",
        "Ce cours présente les grandes idées et méthodes du domaine, avec chaque semaine des "
        "vidéos, des lectures, des exercices et un forum de discussion.",
        "Expliquer les notions clés.\nLes appliquer à des cas réels.",
    ),
    (
        "es",
        "0111",
        "Educación a distancia",
        "Cómo diseñar cursos en línea: educación.",
        "Este curso presenta las principales ideas y métodos del campo, con videos, lecturas, "
        "ejercicios y un foro de debate cada semana.",
        "Explicar los conceptos clave.\nAplicarlos a casos reales.",
    ),
    (
        "ru",
        "0521",
        "Изменение климата",
        "Введение в науку об изменении климата.",
        "Курс знакомит с основными идеями и методами области: каждую неделю видеолекции, "
        "материалы для чтения, упражнения и форум для обсуждения.",
        "Объяснять ключевые понятия.\nПрименять их на практике.",
    ),
    (
        "ar",
        "0912",
        "الصحة العامة",
        "مقدمة في الصحة العامة والتعليم الصحي عبر الإنترنت.",
        "يعرّف هذا المقرر بالأفكار والأساليب الرئيسية في هذا المجال، مع مقاطع فيديو وقراءات "
        "وتمارين ومنتدى للنقاش كل أسبوع.",
        "شرح المفاهيم الأساسية.\nتطبيقها على حالات واقعية.",
    ),
]
QUALIFIERS = ["", "Introduction to ", "Foundations of ", "Advanced ", "Applied ", "Topics in "]
SDGS = {"05": ["13", "15"], "09": ["3", "3.3"], "08": ["2", "2.4"], "07": ["7", "11"]}
LANGUAGES = {
    "africa": ["en", "fr", "sw"],
    "arab_states": ["ar", "en", "fr"],
    "asia_pacific": ["zh-Hans", "en", "hi", "id"],
    "europe_north_america": ["en", "fr", "ru", "es", "de"],
    "latin_america_caribbean": ["es", "pt", "en"],
}
LICENSES = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "proprietary"]
ACCESSIBILITY = ["captions", "transcripts", "audio description", "keyboard navigation"]


def _runs(rng, course, today):
    runs = []
    for _ in range(rng.randrange(4)):
        start = today + timedelta(days=rng.randrange(-400, 300))
        weeks = course.length_weeks or 6
        pacing = rng.choice([Pacing.SELF_PACED, Pacing.INSTRUCTOR_LED])
        runs.append(
            CourseRun(
                course=course,
                starts_at=start,
                ends_at=start + timedelta(weeks=weeks),
                enrollment_starts_at=start - timedelta(days=30),
                enrollment_ends_at=start + timedelta(days=14),
                pacing=pacing,
                url=f"{course.url}/runs/{start:%Y%m}",
            )
        )
    return runs


def load(stdout, count: int) -> None:
    rng = random.Random(4)
    institutions = list(Institution.objects.order_by("pk").values_list("pk", "region", "name"))
    platforms = list(Platform.objects.order_by("pk"))
    if not institutions or not platforms:
        return
    existing = set(
        Course.objects.filter(external_id__startswith="demo-").values_list("external_id", flat=True)
    )
    today = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    batch_size = 2000
    for first in range(0, count, batch_size):
        numbers = range(first, min(first + batch_size, count))
        plans = []
        for n in numbers:
            field, topics = TOPICS[rng.randrange(len(TOPICS))]
            title = rng.choice(QUALIFIERS) + rng.choice(topics)
            offered = [institutions[rng.randrange(len(institutions))]]
            if rng.random() < 0.08:
                offered.append(institutions[rng.randrange(len(institutions))])
            summary = f"{title}: an open online course by {offered[0][2]}."
            texts = (
                f"{title} introduces the main ideas and methods of the field, with weekly"
                " videos, readings, exercises and a discussion forum.",
                "Explain the key concepts.\nApply them to real cases.",
            )
            region = offered[0][1]
            languages = rng.sample(LANGUAGES[region], 1 + (rng.random() < 0.2))
            # Written in English: English is the first language it is taught in.
            languages = ["en", *(code for code in languages if code != "en")][: len(languages)]
            if n % 20 == 0:
                language, field, title, summary, *texts = LOCALISED[n // 20 % len(LOCALISED)]
                languages = [language]
            subtitles = rng.sample(["en", "fr", "es", "ar", "zh-Hans", "ru"], rng.randrange(3))
            is_free = rng.random() < 0.8
            plans.append((n, field, title, summary, texts, offered, languages, subtitles, is_free))
        plans = [plan for plan in plans if f"demo-{plan[0]}" not in existing]
        if plans:
            _create_batch(rng, plans, platforms, today)
        stdout.write(f"Courses: {min(first + batch_size, count)} of {count}")


@transaction.atomic
def _create_batch(rng, plans, platforms, today):
    courses = []
    for n, _field, title, summary, (description, outcomes), *_rest, is_free in plans:
        platform = platforms[rng.randrange(len(platforms))]
        slug = f"{slugify(title)[:90] or 'course'}-{n}"
        courses.append(
            Course(
                title=title,
                slug=slug,
                summary=summary,
                description=description,
                platform=platform,
                url=f"https://{platform.slug}.example.org/courses/{slug}",
                level=rng.choice(list(CourseLevel.values)),
                learning_outcomes=outcomes,
                effort_hours_per_week=Decimal(rng.choice([2, 3, 4, 5, 6, 8])),
                length_weeks=rng.choice([4, 6, 8, 10, 12]),
                is_free=is_free,
                price=None if is_free else Decimal(rng.choice([49, 99, 149])),
                has_certificate=rng.random() < 0.6,
                license=rng.choice(LICENSES),
                accessibility_features=rng.sample(ACCESSIBILITY, rng.randrange(3)),
                status=CourseStatus.PUBLISHED if rng.random() < 0.97 else CourseStatus.DRAFT,
                external_id=f"demo-{n}",
            )
        )
    for course in courses:  # partners may read the published ones (the change feed's key)
        course.listed_at = course.modified_at if course.status == CourseStatus.PUBLISHED else None
    Course.objects.bulk_create(courses)
    saved = {
        c.external_id: c
        for c in Course.objects.filter(external_id__in=[c.external_id for c in courses])
    }
    offered_rows, field_rows, language_rows, sdg_rows, runs = [], [], [], [], []
    for n, field, _title, _summary, _texts, offered, languages, subtitles, _free in plans:
        course = saved[f"demo-{n}"]
        for pk in {pk for pk, _region, _name in offered}:
            offered_rows.append(Course.institutions.through(course_id=course.pk, institution_id=pk))
        field_rows.append(Course.fields.through(course_id=course.pk, fieldofeducation_id=field))
        language_rows += [CourseLanguage(course=course, code=code) for code in languages]
        language_rows += [
            CourseLanguage(course=course, code=code, is_subtitle=True) for code in subtitles
        ]
        targets = ["4", "4.3", *SDGS.get(field[:2], [])]
        sdg_rows += [CourseSDGTarget(course=course, target=t) for t in targets]
        runs += _runs(rng, course, today)
    Course.institutions.through.objects.bulk_create(offered_rows)
    Course.fields.through.objects.bulk_create(field_rows)
    CourseLanguage.objects.bulk_create(language_rows)
    CourseSDGTarget.objects.bulk_create(sdg_rows)
    CourseRun.objects.bulk_create(runs)
    indexed = Course.objects.filter(pk__in=[c.pk for c in saved.values()])
    get_search_backend().add_bulk(Course, list(indexed.prefetch_related("institutions")))
    forget_catalog_reads()  # bulk_create sends no signals
