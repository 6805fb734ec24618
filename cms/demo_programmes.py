"""The demo's conference series (the 2020 Global MOOC Conference as its first edition, a 2021
edition in Saint Petersburg, recordings in the library) and the commitments of the Declaration's
signatories, with their yearly progress. Loaded after cms.demo_site and cms.demo_library."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group

from cms import series
from cms.demo_library import _translate
from cms.models import (
    Commitment,
    CommitmentProgress,
    ConferenceSeriesPage,
    DeclarationClause,
    DeclarationVersion,
    EventIndexPage,
    EventPage,
    EventSession,
    HomePage,
)
from cms.models.commitment import ProgressStatus
from cms.models.declaration import EndorsementStatus, VersionStatus
from members.models import Institution

UTC = datetime.UTC

SERIES = {
    "en": (
        "Global MOOC Conference",
        "Every December the alliance meets in a member city, on site and online: the editions, "
        "their programmes and recordings.",
    ),
    "ar": (
        "المؤتمر العالمي للمقررات الإلكترونية المفتوحة الحاشدة",
        "يجتمع التحالف في شهر ديسمبر/كانون الأول من كل عام في مدينة عضو، حضوريًا وعبر الإنترنت: "
        "الدورات وبرامجها وتسجيلاتها.",
    ),
    "zh-hans": (
        "世界慕课大会",
        "联盟每年十二月在一座成员城市举行线上线下会议：历届大会及其议程和录像。",
    ),
    "fr": (
        "Conférence mondiale sur les MOOC",
        "Chaque mois de décembre, l'alliance se réunit dans une ville membre, sur place et en "
        "ligne : les éditions, leurs programmes et leurs enregistrements.",
    ),
    "ru": (
        "Глобальная конференция по МООК",
        "Каждый декабрь альянс собирается в одном из городов-членов, очно и онлайн: выпуски "
        "конференции, их программы и записи.",
    ),
    "es": (
        "Conferencia Mundial sobre MOOC",
        "Cada diciembre la alianza se reúne en una ciudad miembro, de forma presencial y en "
        "línea: las ediciones, sus programas y sus grabaciones.",
    ),
}

# (slug, year, theme, host city, by language)
EDITIONS = {
    "2020-global-mooc-conference": (
        2020,
        {
            "en": ("Learning Revolution and Higher Education Transformation", "Beijing"),
            "ar": ("ثورة التعلم وتحول التعليم العالي", "بكين"),
            "zh-hans": ("学习革命与高等教育变革", "北京"),
            "fr": (
                "Révolution de l'apprentissage et transformation de l'enseignement supérieur",
                "Pékin",
            ),
            "ru": ("Революция в обучении и трансформация высшего образования", "Пекин"),
            "es": ("Revolución del aprendizaje y transformación de la educación superior", "Pekín"),
        },
    ),
    "2021-global-mooc-conference": (
        2021,
        {
            "en": ("Open learning for a sustainable future", "Saint Petersburg"),
            "ar": ("التعلم المفتوح من أجل مستقبل مستدام", "سانت بطرسبرغ"),
            "zh-hans": ("开放学习，共创可持续未来", "圣彼得堡"),
            "fr": ("L'apprentissage ouvert pour un avenir durable", "Saint-Pétersbourg"),
            "ru": ("Открытое обучение для устойчивого будущего", "Санкт-Петербург"),
            "es": ("Aprendizaje abierto para un futuro sostenible", "San Petersburgo"),
        },
    ),
}

SESSIONS_2021 = [
    ("main", "Opening of the 2021 Global MOOC Conference", (2021, 12, 8, 7, 0), 90),
    (
        "sub_forum",
        "Micro-credentials and the recognition of online learning",
        (2021, 12, 8, 10, 0),
        120,
    ),
    ("sub_forum", "Online learning on slow connections", (2021, 12, 9, 7, 0), 120),
    ("main", "Closing session and the 2022 host city", (2021, 12, 9, 12, 0), 60),
]

# The clauses of the adopted Declaration (the items of its "Commit to" list).
CLAUSES = [
    (
        "1",
        "Open courses to learners everywhere, with recognition",
        {
            "ar": "إتاحة المقررات للمتعلمين في كل مكان مع الاعتراف بما يتعلمونه",
            "zh-hans": "向各地学习者开放课程并认可学习成果",
            "fr": "Ouvrir les cours aux apprenants du monde entier, avec reconnaissance",
            "ru": "Открыть курсы для учащихся повсюду, с признанием результатов",
            "es": "Abrir los cursos a estudiantes de todo el mundo, con reconocimiento",
        },
    ),
    (
        "2",
        "Accessible learning that works on slow connections",
        {
            "ar": "تعلم ميسر يعمل على الاتصالات البطيئة",
            "zh-hans": "无障碍且适用于低速网络的学习",
            "fr": "Un apprentissage accessible, qui fonctionne avec une connexion lente",
            "ru": "Доступное обучение, работающее при медленном соединении",
            "es": "Aprendizaje accesible que funciona con conexiones lentas",
        },
    ),
    (
        "3",
        "Share courses, practices and research across regions",
        {
            "ar": "تبادل المقررات والممارسات والبحوث بين المناطق",
            "zh-hans": "跨地区共享课程、实践和研究",
            "fr": "Partager cours, pratiques et recherches entre les régions",
            "ru": "Обмениваться курсами, практиками и исследованиями между регионами",
            "es": "Compartir cursos, prácticas e investigación entre regiones",
        },
    ),
    (
        "4",
        "Train teachers and staff in online teaching",
        {
            "ar": "تدريب المعلمين والموظفين على التدريس عبر الإنترنت",
            "zh-hans": "培训教师和员工开展在线教学",
            "fr": "Former les enseignants et le personnel à l'enseignement en ligne",
            "ru": "Обучать преподавателей и сотрудников онлайн-преподаванию",
            "es": "Formar al profesorado y al personal en la enseñanza en línea",
        },
    ),
    (
        "5",
        "Protect learners' data and assure quality",
        {
            "ar": "حماية بيانات المتعلمين وضمان الجودة",
            "zh-hans": "保护学习者数据并保证质量",
            "fr": "Protéger les données des apprenants et garantir la qualité",
            "ru": "Защищать данные учащихся и обеспечивать качество",
            "es": "Proteger los datos de los estudiantes y garantizar la calidad",
        },
    ),
]

# (clause, text, its language, progress by year: (status, text))
COMMITMENTS = [
    (
        "1",
        "We open 20 of our courses free of charge each year and recognise them as credits.",
        "en",
        {
            2021: ("in_progress", "12 courses opened, credit recognition approved by the senate."),
            2022: ("achieved", "22 courses opened and recognised."),
        },
    ),
    (
        "2",
        "Every new course meets WCAG 2.1 AA and has a low-bandwidth version.",
        "en",
        {2022: ("in_progress", "Audits of 40 courses; text-only versions for half of them.")},
    ),
    (
        "3",
        "Compartimos cinco cursos por año con universidades de otras regiones.",
        "es",
        {2022: ("achieved", "Seis cursos compartidos con universidades de África y Asia.")},
    ),
    (
        "4",
        "We train 200 teachers a year in online and blended teaching.",
        "en",
        {2021: ("not_started", "The programme was designed; the first cohort starts in 2022.")},
    ),
    (
        "5",
        "We publish how learner data is used and review our courses' quality every year.",
        "en",
        {},
    ),
]


def _secretariat():
    return Group.objects.get(name=settings.SECRETARIAT_GROUP).user_set.first()


def load(stdout) -> None:
    home = HomePage.objects.get(locale__language_code="en")
    conference_series = _series(home)
    editions = _editions(home, conference_series)
    added = series.edition_recordings_add(edition=editions[0], actor=_secretariat())
    commitments = _commitments()
    stdout.write(
        f"Programmes: the conference series with {len(editions)} editions "
        f"({len(added)} new recordings in the library), {commitments} commitments on the "
        "Declaration."
    )


def _series(home) -> ConferenceSeriesPage:
    page = ConferenceSeriesPage.objects.child_of(home).filter(slug="conference").first()
    if page is None:
        title, intro = SERIES["en"]
        page = ConferenceSeriesPage(slug="conference", title=title, intro=intro)
        home.add_child(instance=page)
        page.save_revision().publish()
    _translate(page, lambda code: dict(zip(["title", "intro"], SERIES[code], strict=True)))
    return page


def _editions(home, conference_series) -> list[EventPage]:
    index = EventIndexPage.objects.child_of(home).get(slug="events")
    if not EventPage.objects.child_of(index).filter(slug="2021-global-mooc-conference").exists():
        page = EventPage(
            slug="2021-global-mooc-conference",
            title="2021 Global MOOC Conference",
            intro="The second edition, hosted by Saint Petersburg University: open learning for "
            "a sustainable future.",
            body="<p>Two days of main sessions and sub-forums, on site in Saint Petersburg and "
            "online, with interpretation into the six official languages of the United "
            "Nations.</p>",
            organizers="Hosted by Saint Petersburg University",
            venue="Saint Petersburg University, and online",
            starts_at=datetime.datetime(2021, 12, 8, 7, 0, tzinfo=UTC),
            ends_at=datetime.datetime(2021, 12, 9, 13, 0, tzinfo=UTC),
            time_zone="Europe/Moscow",
            agenda_zones="Moscow = Europe/Moscow\nParis = Europe/Paris\nBeijing = Asia/Shanghai",
            working_languages="English, Russian",
        )
        for kind, title, start, minutes in SESSIONS_2021:
            starts_at = datetime.datetime(*start, tzinfo=UTC)
            page.sessions.add(
                EventSession(
                    kind=kind,
                    title=title,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(minutes=minutes),
                )
            )
        index.add_child(instance=page)
        page.save_revision().publish()
    hosts = {
        2020: Institution.objects.filter(name="Tsinghua University").first(),
        2021: Institution.objects.filter(name="Saint Petersburg University").first(),
    }
    countries = {2020: "CN", 2021: "RU"}
    editions = []
    for slug, (year, texts) in EDITIONS.items():
        original = EventPage.objects.child_of(index).get(slug=slug)
        if year == 2020:
            _recordings(original)
        _translate(original, lambda code, year=year: {"title": f"{SERIES[code][0]} {year}"})
        for page in [original, *original.get_translations().specific()]:
            theme, city = texts[page.locale.language_code]
            if page.series_id and page.theme == theme:
                continue
            page.series, page.edition_year = conference_series, year
            page.theme, page.host_city, page.host_country = theme, city, countries[year]
            page.host_institution = hosts[year]
            page.save_revision().publish()
        editions.append(original)
    return editions


def _recordings(edition: EventPage) -> None:
    """Recording links on the 2020 edition's main sessions."""
    sessions = list(edition.sessions.filter(kind="main", recording_url="")[:4])
    if not sessions:
        return
    for number, session in enumerate(sessions, 1):
        session.recording_url = f"https://mooc.global/recordings/2020/main-{number}"
        session.save(update_fields=["recording_url"])
    edition.save_revision().publish()


def _commitments() -> int:
    version = DeclarationVersion.objects.filter(status=VersionStatus.ADOPTED).first()
    if version is None:
        return 0
    for order, (ref, summary, translations) in enumerate(CLAUSES):
        DeclarationClause.objects.get_or_create(
            version=version,
            ref=ref,
            defaults={
                "summary": summary,
                "sort_order": order,
                "translations": {code: {"summary": text} for code, text in translations.items()},
            },
        )
    clauses = {clause.ref: clause for clause in version.clauses.all()}
    endorsements = version.endorsements.filter(status=EndorsementStatus.CONFIRMED).select_related(
        "institution", "signed_by"
    )
    for number, endorsement in enumerate(endorsements.order_by("institution__name")):
        ref, text, language, progress = COMMITMENTS[number % len(COMMITMENTS)]
        if number % 3 == 2:
            continue  # not every signatory has committed yet
        commitment, created = Commitment.objects.get_or_create(
            institution=endorsement.institution,
            clause=clauses[ref],
            defaults={"text": text, "language": language, "created_by": endorsement.signed_by},
        )
        if not created:
            continue
        # Recorded when the Declaration was adopted, so the yearly reports since then fit.
        Commitment.objects.filter(pk=commitment.pk).update(
            created_at=datetime.datetime(2021, 1, 15, tzinfo=UTC)
        )
        for year, (status, report) in progress.items():
            CommitmentProgress.objects.create(
                commitment=commitment,
                year=year,
                status=ProgressStatus(status),
                text=report,
                language=language,
                reported_by=endorsement.signed_by,
            )
    return Commitment.objects.filter(clause__version=version).count()
