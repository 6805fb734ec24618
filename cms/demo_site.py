"""The demo website: /<lang>/news/ and /<lang>/events/ in the six language trees, the news of
2020 and the 2020 Global MOOC Conference (from the invitation and concept note), an upcoming
webinar open for registration, and an "About" page. Idempotent: only what is missing is added;
the other languages are wagtail-localize translations of the English pages."""

import datetime

from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail_localize.operations import TranslationCreator

from cms import demo_calls, demo_locale
from cms.models import (
    EventIndexPage,
    EventPage,
    EventSession,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from cms.models.event import SessionKind
from cms.models.news import NewsAuthor, NewsCategory
from members.selectors import CHARTER_SLUG

UTC = datetime.UTC

INDEX_TITLES = {
    "news": {
        "en": ("News", "News from the alliance and its members."),
        "ar": ("الأخبار", "أخبار التحالف وأعضائه."),
        "zh-hans": ("新闻", "联盟及其成员的新闻。"),
        "fr": ("Actualités", "Les nouvelles de l'alliance et de ses membres."),
        "ru": ("Новости", "Новости альянса и его членов."),
        "es": ("Noticias", "Noticias de la alianza y de sus miembros."),
    },
    "events": {
        "en": ("Events", "Conferences, forums and webinars of the alliance."),
        "ar": ("الفعاليات", "مؤتمرات التحالف ومنتدياته وندواته عبر الإنترنت."),
        "zh-hans": ("活动", "联盟的会议、论坛和网络研讨会。"),
        "fr": ("Événements", "Conférences, forums et webinaires de l'alliance."),
        "ru": ("Мероприятия", "Конференции, форумы и вебинары альянса."),
        "es": ("Eventos", "Conferencias, foros y seminarios web de la alianza."),
    },
}

# The translated fields of the pages whose English title is the key (the rest of the demo's
# translations keep the English text, ready for translators).
TRANSLATED_FIELDS = {
    "2020 Global MOOC Conference": {
        "ar": {
            "title": "المؤتمر العالمي للمقررات الإلكترونية المفتوحة 2020",
            "intro": "«ثورة التعلّم وتحوّل التعليم العالي»: المؤتمر الرئيسي وأربعة منتديات فرعية، "
            "عبر الإنترنت وحضوريًا في بكين.",
            "organizers": "تستضيفه جامعة تسينغهوا ومعهد اليونسكو لتكنولوجيات المعلومات في التعليم",
            "venue": "عبر الإنترنت، وحضوريًا في بكين، جمهورية الصين الشعبية",
            "working_languages": "الإنجليزية",
            "interpretation": "ترجمة فورية إلى الصينية في جميع الجلسات",
            "agenda_zones": "باريس = Europe/Paris\nموسكو = Europe/Moscow\nبكين = Asia/Shanghai",
        },
        "zh-hans": {
            "title": "2020全球慕课大会",
            "intro": "“学习革命与高等教育变革”：主会议和四个分论坛，线上举行，并在北京设线下会场。",
            "organizers": "清华大学与联合国教科文组织教育信息技术研究所联合主办",
            "venue": "线上，并在中华人民共和国北京设线下会场",
            "working_languages": "英语",
            "interpretation": "所有环节均提供中文同声传译",
            "agenda_zones": "巴黎 = Europe/Paris\n莫斯科 = Europe/Moscow\n北京 = Asia/Shanghai",
        },
        "fr": {
            "title": "Conférence mondiale des MOOC 2020",
            "intro": "« Révolution de l'apprentissage et transformation de l'enseignement "
            "supérieur » : la conférence principale et quatre forums thématiques, en ligne et "
            "sur place à Pékin.",
            "organizers": "Coorganisée par l'Université Tsinghua et l'UNESCO IITE",
            "venue": "En ligne, et sur place à Pékin, République populaire de Chine",
            "working_languages": "Anglais",
            "interpretation": "Interprétation simultanée en chinois mandarin pour toutes les "
            "séances",
            "agenda_zones": "Paris = Europe/Paris\nMoscou = Europe/Moscow\nPékin = Asia/Shanghai",
        },
        "ru": {
            "title": "Глобальная конференция по МООК 2020",
            "intro": "«Революция в обучении и трансформация высшего образования»: основная "
            "конференция и четыре тематических форума, онлайн и очно в Пекине.",
            "organizers": "Организаторы: Университет Цинхуа и ИИТО ЮНЕСКО",
            "venue": "Онлайн и очно в Пекине, Китайская Народная Республика",
            "working_languages": "Английский",
            "interpretation": "Синхронный перевод на китайский язык на всех заседаниях",
            "agenda_zones": "Париж = Europe/Paris\nМосква = Europe/Moscow\nПекин = Asia/Shanghai",
        },
        "es": {
            "title": "Conferencia Mundial de MOOC 2020",
            "intro": "«Revolución del aprendizaje y transformación de la educación superior»: la "
            "conferencia principal y cuatro foros temáticos, en línea y presencial en Pekín.",
            "organizers": "Coorganizada por la Universidad Tsinghua y el IITE de la UNESCO",
            "venue": "En línea, y presencial en Pekín, República Popular China",
            "working_languages": "Inglés",
            "interpretation": "Interpretación simultánea al chino mandarín en todas las sesiones",
            "agenda_zones": "París = Europe/Paris\nMoscú = Europe/Moscow\nPekín = Asia/Shanghai",
        },
    },
    "Webinar: quality assurance of open online courses": {
        "ar": {
            "title": "ندوة عبر الإنترنت: ضمان جودة المقررات الإلكترونية المفتوحة",
            "intro": "تتبادل الجامعات والمنصات الأعضاء طرق مراجعة المقررات الإلكترونية المفتوحة "
            "وتحسينها والاعتراف بها.",
            "venue": "عبر الإنترنت",
        },
        "zh-hans": {
            "title": "网络研讨会：开放在线课程的质量保障",
            "intro": "成员大学和平台交流如何评审、改进和认可开放在线课程。",
            "venue": "线上",
        },
        "fr": {
            "title": "Webinaire : l'assurance qualité des cours en ligne ouverts",
            "intro": "Universités et plateformes membres comparent leurs façons d'évaluer, "
            "d'améliorer et de reconnaître les cours en ligne ouverts.",
            "venue": "En ligne",
        },
        "ru": {
            "title": "Вебинар: обеспечение качества открытых онлайн-курсов",
            "intro": "Университеты и платформы — члены альянса сравнивают, как они оценивают, "
            "улучшают и признают открытые онлайн-курсы.",
            "venue": "Онлайн",
        },
        "es": {
            "title": "Seminario web: garantía de calidad de los cursos en línea abiertos",
            "intro": "Universidades y plataformas miembros comparan cómo evalúan, mejoran y "
            "reconocen los cursos en línea abiertos.",
            "venue": "En línea",
        },
    },
    "About the alliance": {
        "ar": {
            "title": "عن التحالف",
            "intro": "التحالف العالمي للمقررات الإلكترونية المفتوحة مجموعة صغيرة ومتنوعة من "
            "الجامعات ومنصات التعليم الإلكتروني الرائدة من جميع المناطق.",
        },
        "zh-hans": {
            "title": "关于联盟",
            "intro": "全球慕课联盟是由来自世界各地区的一流大学和在线教育平台组成的小而多元的群体。",
        },
        "fr": {
            "title": "À propos de l'alliance",
            "intro": "L'Alliance mondiale des MOOC est un groupe restreint et divers d'universités "
            "et de plateformes d'enseignement en ligne de premier plan, de toutes les régions.",
        },
        "ru": {
            "title": "Об альянсе",
            "intro": "Глобальный альянс МООК — небольшая и разнообразная группа ведущих "
            "университетов и платформ онлайн-образования из всех регионов.",
        },
        "es": {
            "title": "Acerca de la alianza",
            "intro": "La Alianza Mundial de MOOC es un grupo pequeño y diverso de universidades y "
            "plataformas de educación en línea líderes de todas las regiones.",
        },
    },
}

SECRETARIAT = ("Alliance secretariat", "Global MOOC Alliance")

# (slug, date, category, tags, title, summary, body paragraphs)
NEWS = [
    (
        "webinar-online-learning-during-and-after-covid-19",
        datetime.date(2020, 6, 3),
        NewsCategory.EVENT_REPORT,
        ["webinar", "covid-19"],
        "Webinar “Online Learning during and after COVID-19: The Catalyst of Education "
        "Transformation” held",
        "Around 60 scholars, experts, practitioners and administrators from all over the world "
        "met online for the launch of five guidance documents on online education.",
        [
            "On 3 June 2020 the Center for Higher Education Research of the Southern University of "
            "Science and Technology (SUSTech) and the International Centre for Higher Education "
            "Innovation under the auspices of UNESCO (ICHEI) launched the “Guidance for Online "
            "Education During COVID-19 Pandemic” and held the webinar “Online Learning during and "
            "after COVID-19: The Catalyst of Education Transformation”.",
            "The webinar was co-organized by the UNESCO Institute for Information Technologies in "
            "Education (IITE) and the UNESCO International Rural Education and Training Center "
            "(INRULED), with the support of the Chinese National Commission for UNESCO. It lasted "
            "more than three hours and was broadcast live, with up to 3,000 online viewers at its "
            "peak.",
        ],
    ),
    (
        "five-guidance-documents-for-online-education",
        datetime.date(2020, 6, 3),
        NewsCategory.PUBLICATION,
        ["guidance", "covid-19"],
        "Five guidance documents for online education during the COVID-19 pandemic",
        "A set of five guidance documents, in Chinese and English, gives students, teachers, "
        "school leaders, families and platform teams practical support for quality online "
        "education.",
        [
            "The full set comprises the Guidance for Students; the Guidance for Teachers; the "
            "Guidance for Principals and Educational Administrators; the Guidance for Parents and "
            "Communities; and the Guidance for using Technologies and Platforms.",
            "The editors come from universities and institutes including the Southern University "
            "of Science and Technology, Beijing Normal University, South China Normal University, "
            "Foshan University and South China University of Technology. A French version is "
            "planned.",
        ],
    ),
    (
        "guidance-for-students-and-teachers",
        datetime.date(2020, 6, 4),
        NewsCategory.PUBLICATION,
        ["guidance", "teachers", "students"],
        "Guidance for students and for teachers: learning and teaching online",
        "Two of the five guidance documents turn the principle of “disrupted classes, "
        "undisrupted learning” into concrete steps for learners and teachers.",
        [
            "The guidance for students helps learners organize their time, use online tools and "
            "keep in touch with teachers and classmates. The guidance for teachers covers course "
            "design, real-time support with online teaching and chat tools, and collecting "
            "students' feedback quickly.",
        ],
    ),
    (
        "guidance-for-leaders-families-and-platforms",
        datetime.date(2020, 6, 5),
        NewsCategory.PUBLICATION,
        ["guidance", "platforms"],
        "Guidance for school leaders, for families and communities, and for platforms",
        "Three more guidance documents address educational administrators, parents and "
        "communities, and the technologies and platforms that carry online learning.",
        [
            "Speakers from UNESCO IITE and INRULED stressed that the guidance gives each "
            "stakeholder specific operating guidelines, useful during school closures and equally "
            "when schools reopen.",
        ],
    ),
    (
        "experts-share-lessons-from-online-teaching",
        datetime.date(2020, 6, 8),
        NewsCategory.EVENT_REPORT,
        ["webinar", "good practices"],
        "Experts from more than a dozen countries share lessons from online teaching",
        "Fourteen experts, scholars, practitioners and entrepreneurs compared experiences, "
        "results and lessons learned from online education during the pandemic.",
        [
            "Contributions came from the Arab League Educational, Cultural and Scientific "
            "Organization (ALECSO), universities in Spain, Romania, Singapore, Hong Kong, Canada, "
            "Australia and Morocco, and companies running large teaching platforms. Topics ranged "
            "from open resources and informal learning to artificial intelligence and the close "
            "links universities need with industry.",
            "Cadi Ayyad University presented the three steps it followed to set up distance "
            "education across the university.",
        ],
    ),
    (
        "invitation-2020-global-mooc-conference",
        datetime.date(2020, 11, 2),
        NewsCategory.ANNOUNCEMENT,
        ["conference"],
        "Invitation to the 2020 Global MOOC Conference, 9–11 December",
        "Tsinghua University and UNESCO IITE invite universities and online education "
        "platforms to the 2020 Global MOOC Conference, online and on site in Beijing.",
        [
            "With the theme “Learning Revolution and Higher Education Transformation”, the "
            "conference promotes good practices and resources of MOOC development, explores the "
            "role of technology in the future of higher education, encourages international "
            "cooperation and raises awareness of inclusion and equity for SDG 4.",
            "The main conference (high-level segment) takes place on 11 December; four sub-forums "
            "are held on 9 and 10 December. Registration is free.",
        ],
    ),
    (
        "call-for-input-beijing-declaration",
        datetime.date(2020, 11, 9),
        NewsCategory.ANNOUNCEMENT,
        ["declaration", "consultation"],
        "Call for input to the Beijing Declaration on MOOC Development",
        "Until 30 November, everyone can contribute to the draft declaration on four topics: "
        "role and impact, characteristics and advantages, vision and recommendations, and "
        "good practices.",
        [
            "Submissions may include toolkits, reports, presentations, photos and videos showing "
            "the impact of MOOC and online education since the switch to online teaching in 2020.",
        ],
    ),
    (
        "sub-forums-platforms-and-virtual-simulation",
        datetime.date(2020, 12, 9),
        NewsCategory.EVENT_REPORT,
        ["conference", "sub-forums"],
        "Sub-forums open: MOOC platforms and virtual simulation",
        "The first day of the conference reviewed the role of MOOC platforms in the learning "
        "revolution and the use of virtual simulation for lab courses.",
        [
            "The sub-forum on MOOC platforms was co-organized by iCourse and xuetangX; the "
            "sub-forum on virtual simulation by ilab-x, the Virtual Simulation Experiment Teaching "
            "Innovation Alliance.",
        ],
    ),
    (
        "sub-forums-inclusion-and-university-education",
        datetime.date(2020, 12, 10),
        NewsCategory.EVENT_REPORT,
        ["conference", "sub-forums", "inclusion"],
        "Sub-forums on inclusion and equity, and on better university education",
        "UNESCO-ICHEI and the Steering Committee on Digitalized Teaching and Pedagogical "
        "Innovation led the discussions of the second day.",
        [
            "Participants reviewed progress towards inclusive, equitable, quality education and "
            "the leadership universities need to carry the learning revolution.",
        ],
    ),
    (
        "global-mooc-alliance-launched",
        datetime.date(2020, 12, 11),
        NewsCategory.ANNOUNCEMENT,
        ["alliance", "conference"],
        "The Global MOOC Alliance is launched",
        "World-leading universities and online education platforms from every region launched "
        "the Global MOOC Alliance at the main conference.",
        [
            "The alliance is a mechanism for exchange and cooperation that provides leadership "
            "for global higher education efforts to address digital education challenges. Its key "
            "activities are joint teaching, capacity building, knowledge sharing and public "
            "advocacy for UN SDG 4.",
        ],
    ),
    (
        "beijing-declaration-read",
        datetime.date(2020, 12, 11),
        NewsCategory.ANNOUNCEMENT,
        ["declaration", "conference"],
        "The 2020 Beijing Declaration on MOOC Development is read at the main conference",
        "The declaration gathers the consensus, experience and vision of the community on MOOC "
        "and online education during and beyond the COVID-19 pandemic.",
        [
            "After its adoption the declaration is translated into the six official languages of "
            "the United Nations: Arabic, Chinese, English, French, Russian and Spanish.",
        ],
    ),
    (
        "membership-open",
        datetime.date(2020, 12, 14),
        NewsCategory.MEMBERSHIP,
        ["alliance", "membership"],
        "Membership open to universities and platforms from every region",
        "Universities, MOOC platforms, international and regional organizations, civil "
        "society and foundations can now apply to join the alliance.",
        [
            "Members take part in joint teaching, capacity building, knowledge sharing and public "
            "advocacy, and keep their course catalog current on the alliance's platform.",
        ],
    ),
]

CONFERENCE_SESSIONS = [
    # (kind, title, start UTC, end UTC, description, co-organizers, speakers)
    (
        SessionKind.SESSION,
        "Opening address and setting the scene",
        (2020, 12, 9, 9, 0),
        (2020, 12, 9, 9, 10),
        "",
        [],
        ["Director, UNESCO IITE"],
    ),
    (
        SessionKind.SUB_FORUM,
        "Theme 1: “Learning Revolution” for MOOC Platforms",
        (2020, 12, 9, 9, 10),
        (2020, 12, 9, 11, 0),
        "The role of MOOC platforms in the learning revolution: experience and vision beyond "
        "the pandemic.",
        ["iCourse", "xuetangX"],
        [],
    ),
    (
        SessionKind.SUB_FORUM,
        "Theme 2: “Higher Education Transformation” with Virtual Simulation",
        (2020, 12, 9, 12, 0),
        (2020, 12, 9, 14, 0),
        "Lab courses and practical classes online: how virtual simulation can shape higher "
        "education.",
        ["ilab-x (Virtual Simulation Experiment Teaching Innovation Alliance)"],
        [],
    ),
    (
        SessionKind.SUB_FORUM,
        "Theme 3: Global “Higher Education Transformation” for Inclusion and Equity",
        (2020, 12, 10, 9, 0),
        (2020, 12, 10, 11, 0),
        "A global vision that ensures inclusive, equitable, quality education and lifelong "
        "learning.",
        [
            "UNESCO-ICHEI (International Centre for Higher Education Innovation under the "
            "auspices of UNESCO)",
            "IIOE (International Institute of Online Education)",
        ],
        [],
    ),
    (
        SessionKind.SUB_FORUM,
        "Theme 4: “Learning Revolution” for Better University Education",
        (2020, 12, 10, 12, 0),
        (2020, 12, 10, 14, 0),
        "The leadership universities need to carry the learning revolution.",
        [
            "Steering Committee on Digitalized Teaching and Pedagogical Innovation under the MOE, "
            "People's Republic of China"
        ],
        [],
    ),
    (
        SessionKind.MAIN,
        "Opening",
        (2020, 12, 11, 12, 0),
        (2020, 12, 11, 12, 10),
        "The conference theme and the opening video: quality, open, responsible, sharing, caring.",
        [],
        [],
    ),
    (
        SessionKind.MAIN,
        "High-level opening addresses",
        (2020, 12, 11, 12, 10),
        (2020, 12, 11, 12, 45),
        "",
        [],
        [
            "President, Tsinghua University",
            "Assistant Director-General for Education, UNESCO",
            "Senior representative, OECD (to be confirmed)",
            "Minister of Education, People's Republic of China",
        ],
    ),
    (
        SessionKind.MAIN,
        "Official launch of the Global MOOC Alliance",
        (2020, 12, 11, 12, 45),
        (2020, 12, 11, 13, 0),
        "",
        [],
        ["Representatives of the Global MOOC Alliance"],
    ),
    (
        SessionKind.MAIN,
        "Official reading of the 2020 Beijing Declaration on MOOC Development",
        (2020, 12, 11, 13, 0),
        (2020, 12, 11, 13, 15),
        "Printed and digital copies in the six official UN languages.",
        [],
        ["Director, UNESCO IITE"],
    ),
    (
        SessionKind.MAIN,
        "Live demonstration of synchronous teaching using virtual reality",
        (2020, 12, 11, 13, 15),
        (2020, 12, 11, 13, 30),
        "Biosafety in Space and Public Health Protection.",
        ["Beijing Institute of Technology and partner institutions in China and South Korea"],
        [],
    ),
    (
        SessionKind.MAIN,
        "Keynote addresses on MOOC development and online education",
        (2020, 12, 11, 13, 30),
        (2020, 12, 11, 14, 25),
        "Six speakers, eight minutes each.",
        [],
        [
            "Unit Chief for Digital Pedagogy and Learning Materials, UNESCO IITE",
            "Founder and CEO, edX",
            "Rector, Saint Petersburg University",
            "Vice-Chancellor, University of Nairobi",
            "President, University of Chile",
            "Director of the Higher Education Department, MOE, People's Republic of China",
        ],
    ),
    (
        SessionKind.MAIN,
        "Closing: education for a brighter and more prosperous future",
        (2020, 12, 11, 14, 25),
        (2020, 12, 11, 14, 30),
        "",
        [],
        [],
    ),
]

CONFERENCE_BODY = (
    "<p>In 2020 the COVID-19 pandemic created the largest disruption of education systems in "
    "history, affecting nearly 1.6 billion learners in more than 190 countries. Universities "
    "proved their resilience by moving teaching and learning online at an unprecedented scale.</p>"
    "<p>With the theme “Learning Revolution and Higher Education Transformation”, the conference "
    "brings together world-leading universities and online education platforms from every "
    "region to:</p><ul><li>promote good practices and resources of MOOC development and online "
    "education,</li><li>explore the role of technology in shaping the future of higher "
    "education,</li><li>encourage international cooperation on educational technology "
    "innovation, and</li><li>raise awareness of inclusion and equity in education for UN SDG "
    "4.</li></ul><p>Two outcomes are expected: the launch of the Global MOOC Alliance and the "
    "2020 Beijing Declaration on MOOC Development.</p>"
    "<p>Participants: UN agencies and development partners, regional and civil society "
    "organizations, the private sector and foundations, higher education institutions, leaders, "
    "researchers and practitioners of online education, and youth and learner representatives. "
    "Registered participants receive the link to the online meeting; the conference is also "
    "streamed for the public.</p>"
)


def _dt(parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=UTC)


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _child(parent: Page, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def load(stdout) -> None:
    english = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=english, depth=2)
    news_index = _child(home, NewsIndexPage, "news") or _publish(
        home, NewsIndexPage(slug="news", title="News", intro=INDEX_TITLES["news"]["en"][1])
    )
    events_index = _child(home, EventIndexPage, "events") or _publish(
        home, EventIndexPage(slug="events", title="Events", intro=INDEX_TITLES["events"]["en"][1])
    )
    about = _child(home, StandardPage, "about") or _publish(home, _about_page())
    charter = _child(home, StandardPage, CHARTER_SLUG) or _publish(home, _charter_page())
    for slug, date, category, tags, title, intro, paragraphs in NEWS:
        if _child(news_index, NewsPage, slug):
            continue
        page = NewsPage(
            slug=slug,
            title=title,
            date=date,
            category=category,
            intro=intro,
            body="".join(f"<p>{text}</p>" for text in paragraphs),
        )
        page.tags.add(*tags)
        page.authors.add(NewsAuthor(name=SECRETARIAT[0], affiliation=SECRETARIAT[1]))
        _publish(news_index, page)
    if not _child(events_index, EventPage, "2020-global-mooc-conference"):
        _publish(events_index, _conference())
    if not EventPage.objects.child_of(events_index).filter(ends_at__gte=timezone.now()).exists():
        _publish(events_index, _webinar())
    calls = demo_calls.load(home)
    _translate([about, charter, news_index, events_index, *calls])
    demo_locale.localize_translations(home)
    demo_locale.localize_news_tags()
    stdout.write(
        f"Website: {NewsPage.objects.count()} news pages and {EventPage.objects.count()} event "
        "pages in six languages."
    )


def _about_page() -> StandardPage:
    return StandardPage(
        slug="about",
        title="About the alliance",
        intro="The Global MOOC Alliance is a small and diverse group of world-leading universities "
        "and online education platforms from all regions.",
        body="<p>Launched at the 2020 Global MOOC Conference, co-hosted by Tsinghua University and "
        "UNESCO IITE, the alliance serves as a mechanism for exchange and cooperation. It provides "
        "leadership of global higher education efforts to address digital education challenges "
        "and to implement practical policies in local communities and around the world.</p>"
        "<h2>What we do</h2><ul><li>Joint teaching</li><li>Capacity building</li><li>Knowledge "
        "sharing</li><li>Public advocacy for UN Sustainable Development Goal 4</li></ul>",
    )


# The charter applicants agree to (linked from the application wizard): its articles.
CHARTER = [
    (
        "1. Purpose",
        (
            "The alliance brings together universities, online learning platforms and organizations"
            " from every region to work for inclusive, equitable, quality education and lifelong "
            "learning for all (UN Sustainable Development Goal 4)."
        ),
    ),
    (
        "2. Openness and quality",
        (
            "Members share courses, practices and research openly wherever they can, and hold their"
            " open online courses to recognized standards of quality and accessibility."
        ),
    ),
    (
        "3. Cooperation",
        (
            "Members take part in the alliance's joint teaching, capacity building and knowledge "
            "sharing, and respect the languages and cultures of the learners they serve."
        ),
    ),
    (
        "4. Learners first",
        (
            "Members protect the personal data and privacy of learners and make their courses "
            "usable by people with disabilities."
        ),
    ),
    (
        "5. Membership",
        (
            "Members pay the annual dues of the fee schedule, keep their public profile up to date "
            "and take part in the General Assembly. After hearing a member that does not respect "
            "this charter, the secretariat may suspend it."
        ),
    ),
]


def _charter_page() -> StandardPage:
    return StandardPage(
        slug=CHARTER_SLUG,
        title="Charter of the Global MOOC Alliance",
        intro="The principles every member institution agrees to when it joins the alliance.",
        body="".join(f"<h2>{heading}</h2><p>{text}</p>" for heading, text in CHARTER),
    )


def _conference() -> EventPage:
    event = EventPage(
        slug="2020-global-mooc-conference",
        title="2020 Global MOOC Conference",
        intro="“Learning Revolution and Higher Education Transformation”: the main conference "
        "and four sub-forums, online and on site in Beijing.",
        body=CONFERENCE_BODY,
        organizers="Co-hosted by Tsinghua University and UNESCO IITE",
        venue="Online, and on site in Beijing, People's Republic of China",
        starts_at=_dt((2020, 12, 9, 9, 0)),
        ends_at=_dt((2020, 12, 11, 14, 30)),
        time_zone="Asia/Shanghai",
        agenda_zones="Paris = Europe/Paris\nMoscow = Europe/Moscow\nBeijing = Asia/Shanghai",
        working_languages="English",
        interpretation="Simultaneous interpretation into Mandarin Chinese in every segment",
        registration_open=True,
        registration_closes_at=_dt((2020, 11, 30, 16, 0)),
        live_stream_url="https://mooc.global/live/2020-global-mooc-conference",
    )
    for kind, title, start, end, description, co_organizers, speakers in CONFERENCE_SESSIONS:
        event.sessions.add(
            EventSession(
                kind=kind,
                title=title,
                starts_at=_dt(start),
                ends_at=_dt(end),
                description=description,
                co_organizers="\n".join(co_organizers),
                speakers="\n".join(speakers),
            )
        )
    return event


def _webinar() -> EventPage:
    """An upcoming webinar (dated from the day the demo is loaded), open for registration."""
    day = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    day += datetime.timedelta(days=45)
    event = EventPage(
        slug=f"webinar-quality-online-learning-{day:%Y}",
        title="Webinar: quality assurance of open online courses",
        intro="Member universities and platforms compare how they review, improve and recognize "
        "open online courses.",
        body="<p>A two-hour webinar for course teams, quality officers and platform staff, with "
        "short case studies from every region and open discussion.</p>",
        organizers="Global MOOC Alliance secretariat",
        venue="Online",
        starts_at=day,
        ends_at=day + datetime.timedelta(hours=2),
        time_zone="Europe/Paris",
        agenda_zones="Paris = Europe/Paris\nNairobi = Africa/Nairobi\nBeijing = Asia/Shanghai",
        working_languages="English, French",
        interpretation="Simultaneous interpretation into Arabic, Chinese, Russian and Spanish",
        registration_open=True,
        capacity=300,
        live_stream_url="https://mooc.global/live/webinar-quality",
    )
    for offset, minutes, title in [
        (0, 15, "Welcome and introduction"),
        (15, 75, "Case studies from member institutions"),
        (90, 30, "Open discussion and conclusions"),
    ]:
        start = day + datetime.timedelta(minutes=offset)
        event.sessions.add(
            EventSession(
                title=title, starts_at=start, ends_at=start + datetime.timedelta(minutes=minutes)
            )
        )
    return event


def _translate(pages: list[Page]) -> None:
    """Translate these English pages and their descendants into the other languages
    (wagtail-localize), parents first; the indexes, the events and the "About" page get their
    titles and summaries in each language."""
    english_pages = [
        page for top in pages for page in top.get_descendants(inclusive=True).specific()
    ]
    for locale in Locale.objects.exclude(language_code="en"):
        for page in english_pages:
            if page.get_translation_or_none(locale) is None:
                TranslationCreator(None, [locale]).create_translations(page)
                translated = page.get_translation(locale)
                if not translated.live:  # wagtail-localize publishes on commit; do it now
                    translated.get_latest_revision().publish()
        for page in english_pages:
            fields = TRANSLATED_FIELDS.get(page.title, {}).get(locale.language_code)
            if page.slug in INDEX_TITLES:
                title, intro = INDEX_TITLES[page.slug][locale.language_code]
                fields = {"title": title, "intro": intro}
            translated = page.get_translation(locale).specific
            if fields and translated.title == page.title:  # not translated yet
                for name, value in fields.items():
                    setattr(translated, name, value)
                translated.save_revision().publish()
    for page in english_pages:
        demo_locale.localize_translations(page)
