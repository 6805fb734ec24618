"""The demo alliance's projects: a dozen workspaces of every kind, region and status, with people
in every role, updates, documents, milestones, meetings and trainings.

Idempotent: a project whose slug exists is left as it is, but for the translations of its
title and summary it lacks (TRANSLATIONS). A fixed seed makes every run alike.
Built through the services (so groups, permissions and the activity feed are real), with emails
switched off: the demo notifies nobody.
"""

import logging
import random
from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from members.models import Affiliation, Course, Institution, InstitutionRole, User
from projects import services
from projects.models import Project, ProjectKind, ProjectRole, ProjectStatus, Update, Visibility

DEMO_DOMAIN = "alliance.example"
K, S, V = ProjectKind, ProjectStatus, Visibility

# (slug, title, kind, status, visibility, lead institution slug, partner slugs, SDG targets,
#  start, end, summary, extra fields)
PROJECTS = [
    (
        "global-mooc-conference-series",
        "Global MOOC and Online Education Conference series",
        K.KNOWLEDGE_SHARING,
        S.ACTIVE,
        V.PUBLIC,
        "tsinghua-university",
        ["unesco-institute-for-information-technologies-in-education", "edx", "xuetangx"],
        ["4", "4.3", "17.6"],
        date(2020, 9, 1),
        None,
        "Yearly conference and sub-forums where universities and platforms from every region "
        "share good practices of MOOC development and online education.",
        {},
    ),
    (
        "beijing-declaration-on-mooc-development",
        "Beijing Declaration on MOOC Development",
        K.ADVOCACY,
        S.ACTIVE,
        V.PUBLIC,
        "tsinghua-university",
        ["unesco-institute-for-information-technologies-in-education", "university-of-nairobi"],
        ["4", "4.3", "4.c"],
        date(2020, 10, 1),
        None,
        "A declaration drafted collectively by the community on the role, advantages and future "
        "of MOOCs and online education, and the campaign for its endorsement.",
        {
            "campaign_goal": "Gather endorsements of the Beijing Declaration from universities, "
            "platforms and organizations in every UNESCO region.",
            "campaign_url": "https://mooc.global/",
            "endorsement_goal": 500,
            "endorsement_count": 312,
        },
    ),
    (
        "online-learning-during-school-closures",
        "Guidance on online learning during school closures",
        K.KNOWLEDGE_SHARING,
        S.COMPLETED,
        V.PUBLIC,
        "unesco-institute-for-information-technologies-in-education",
        ["tsinghua-university", "beijing-normal-university"],
        ["4.1", "4.3"],
        date(2020, 4, 1),
        date(2020, 12, 31),
        "Practical guidance and webinars for universities and teachers who moved their "
        "courses online when campuses closed in 2020.",
        {},
    ),
    (
        "ai-in-education-co-taught-mooc",
        "Artificial intelligence in education: a co-taught MOOC",
        K.JOINT_TEACHING,
        S.ACTIVE,
        V.PUBLIC,
        "tsinghua-university",
        ["university-of-nairobi", "saint-petersburg-university", "university-of-chile"],
        ["4.3", "4.4", "9.5"],
        date(2025, 9, 1),
        date(2027, 6, 30),
        "Four universities on four continents teach one open course together, each leading "
        "two modules and tutoring learners in its own language.",
        {
            "teaching_plan": "Module 1–2: Tsinghua University (Chinese, English).\n"
            "Module 3–4: University of Nairobi (English, Kiswahili).\n"
            "Module 5–6: Saint Petersburg University (Russian).\n"
            "Module 7–8: University of Chile (Spanish).\n"
            "Shared final project, peer-reviewed across the four cohorts.",
        },
    ),
    (
        "open-science-mooc",
        "Open science across continents",
        K.JOINT_TEACHING,
        S.PROPOSED,
        V.ALLIANCE,
        "saint-petersburg-university",
        ["cadi-ayyad-university", "nanyang-technological-university"],
        ["4.3", "9.5"],
        date(2026, 9, 1),
        None,
        "A proposed joint course on open science practices, data sharing and reproducibility.",
        {},
    ),
    (
        "teaching-online-african-universities",
        "Teaching online: capacity building for African universities",
        K.CAPACITY_BUILDING,
        S.ACTIVE,
        V.PUBLIC,
        "university-of-nairobi",
        ["cadi-ayyad-university", "unesco-international-centre-for-higher-education-innovation"],
        ["4.c", "4.3", "5.5"],
        date(2025, 1, 15),
        date(2026, 12, 31),
        "Workshops and trainings for lecturers and instructional designers who build and "
        "teach online courses at African universities.",
        {},
    ),
    (
        "digital-pedagogy-latin-america",
        "Digital pedagogy workshops in Latin America",
        K.CAPACITY_BUILDING,
        S.ACTIVE,
        V.PUBLIC,
        "university-of-chile",
        ["edx"],
        ["4.c", "4.4"],
        date(2025, 3, 1),
        None,
        "Hands-on workshops on course design, accessibility and learning analytics for "
        "teachers of the region.",
        {},
    ),
    (
        "mooc-quality-framework",
        "A shared quality framework for MOOCs",
        K.KNOWLEDGE_SHARING,
        S.ACTIVE,
        V.ALLIANCE,
        "nanyang-technological-university",
        ["the-university-of-hong-kong", "icourse", "edx"],
        ["4.3"],
        date(2025, 6, 1),
        None,
        "Members compare their quality reviews of online courses and agree on shared criteria.",
        {},
    ),
    (
        "accessible-moocs",
        "Accessible MOOCs for learners with disabilities",
        K.ADVOCACY,
        S.PROPOSED,
        V.PRIVATE,
        "the-university-of-hong-kong",
        ["university-of-nairobi"],
        ["4.5", "4.a", "10.2"],
        None,
        None,
        "Guidelines and a campaign so that every alliance course can be followed with a screen "
        "reader, captions and transcripts.",
        {
            "campaign_goal": "Every member commits to caption and transcribe its new courses.",
            "endorsement_goal": 100,
            "endorsement_count": 0,
        },
    ),
    (
        "recognition-of-mooc-credits",
        "Recognition of MOOC credits between universities",
        K.ADVOCACY,
        S.ACTIVE,
        V.PUBLIC,
        "saint-petersburg-university",
        ["tsinghua-university", "university-of-chile", "cadi-ayyad-university"],
        ["4.3", "4.4"],
        date(2024, 9, 1),
        None,
        "Universities agree to recognise each other's MOOC certificates as credits.",
        {
            "campaign_goal": "Twenty universities sign the credit-recognition charter.",
            "endorsement_goal": 20,
            "endorsement_count": 11,
        },
    ),
    (
        "platform-interoperability",
        "Course data interoperability between platforms",
        K.KNOWLEDGE_SHARING,
        S.ARCHIVED,
        V.PUBLIC,
        "xuetangx",
        ["icourse", "edx"],
        ["4.3", "17.6"],
        date(2021, 3, 1),
        date(2023, 2, 28),
        "Platforms agreed on a common description of courses and runs, the basis of the "
        "alliance's course catalog.",
        {},
    ),
    (
        "blended-learning-teacher-training-asia-pacific",
        "Teacher training for blended learning in Asia and the Pacific",
        K.CAPACITY_BUILDING,
        S.COMPLETED,
        V.PUBLIC,
        "beijing-normal-university",
        ["the-university-of-hong-kong", "southern-university-of-science-and-technology"],
        ["4.c"],
        date(2023, 3, 1),
        date(2024, 12, 31),
        "Trainings for school and university teachers on combining online and classroom teaching.",
        {},
    ),
]
PARENTS = {"online-learning-during-school-closures": "global-mooc-conference-series"}
TRAININGS = {
    "teaching-online-african-universities": [
        ("workshop", "Designing an online course", 120, "KE", 18, 14, 1, 9),
        ("training", "Tutoring online learners", 75, "MA", 22, 12, 0, 7),
        ("training", "Video lectures on a small budget", 30, "NG", 15, 19, 2, 11),
        ("workshop", "Assessment online", -20, "GH", 0, 0, 0, 0),
    ],
    "digital-pedagogy-latin-america": [
        ("workshop", "Accessible course design", 90, "CL", 21, 11, 0, 6),
        ("workshop", "Learning analytics for teachers", 40, "PE", 17, 16, 1, 8),
    ],
    "blended-learning-teacher-training-asia-pacific": [
        ("training", "Blended learning foundations", 600, "CN", 64, 41, 0, 23),
        ("training", "Flipped classrooms", 480, "HK", 28, 19, 0, 9),
        ("workshop", "Online labs", 420, "SG", 12, 15, 0, 5),
    ],
}
UPDATES = [
    "The first draft is in Documents: comments welcome by Friday.",
    "Thank you all for the meeting today. Notes and the next steps are in Documents.",
    "@{mention} could you check the subtitles of module 2 before we publish?",
    "Registration is open: share the link with your colleagues.",
    "We reached our milestone ahead of time. Well done, everyone!",
]
COMMENTS = ["Done, see version 2.", "Thanks, looks good to me.", "I will review it tomorrow."]
MILESTONES = [
    ("Partners' agreement signed", -60, "done"),
    ("Detailed plan shared", -20, "done"),
    ("First results presented", 25, "in_progress"),
    ("Final report", 120, "planned"),
]
MEETINGS = [
    ("Kick-off", -30, time(13, 0), "Asia/Shanghai"),
    ("Monthly coordination", 6, time(9, 0), "Africa/Nairobi"),
    ("Review with the partners", 20, time(15, 0), "Europe/Moscow"),
]
PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


OPEN_TO_MEMBERS = "The project is open to every member institution that shares its aims."
OPEN_TO_MEMBERS_IN = {
    "ar": "المشروع مفتوح لكل مؤسسة عضو تشاركه أهدافه.",
    "zh-hans": "本项目向所有认同其宗旨的成员机构开放。",
    "fr": "Le projet est ouvert à toute institution membre qui en partage les objectifs.",
    "ru": "Проект открыт для всех учреждений — членов альянса, разделяющих его цели.",
    "es": "El proyecto está abierto a toda institución miembro que comparta sus objetivos.",
}


def _t(ar, zh, fr, ru, es):
    """{language: {"title": …, "summary": …, "description": …}} from (title, summary) pairs (the
    description is the summary and OPEN_TO_MEMBERS, as in English)."""
    pairs = {"ar": ar, "zh-hans": zh, "fr": fr, "ru": ru, "es": es}
    return {
        lang: {
            "title": title,
            "summary": summary,
            "description": f"{summary}\n\n{OPEN_TO_MEMBERS_IN[lang]}",
        }
        for lang, (title, summary) in pairs.items()
    }


# The projects' titles and summaries in the other five languages (by slug).
TRANSLATIONS = {
    "global-mooc-conference-series": _t(
        (
            "سلسلة المؤتمرات العالمية للمقررات الإلكترونية المفتوحة الحاشدة والتعليم عبر الإنترنت",
            "مؤتمر سنوي ومنتديات فرعية تتبادل فيها الجامعات والمنصات من جميع الأقاليم الممارسات "
            "الجيدة في تطوير المقررات الإلكترونية المفتوحة الحاشدة والتعليم عبر الإنترنت.",
        ),
        (
            "世界慕课与在线教育大会系列",
            "年度大会及分论坛，来自各地区的高校和平台在此分享慕课建设与在线教育的良好实践。",
        ),
        (
            "Série de conférences mondiales sur les MOOC et l’enseignement en ligne",
            "Une conférence annuelle et des forums thématiques où universités et plateformes de "
            "toutes les régions partagent leurs bonnes pratiques en matière de MOOC et "
            "d’enseignement en ligne.",
        ),
        (
            "Серия Глобальных конференций по МООК и онлайн-образованию",
            "Ежегодная конференция и тематические форумы, на которых университеты и платформы "
            "всех регионов обмениваются передовым опытом разработки МООК и онлайн-образования.",
        ),
        (
            "Serie de conferencias mundiales sobre MOOC y educación en línea",
            "Conferencia anual y foros temáticos en los que universidades y plataformas de todas "
            "las regiones comparten buenas prácticas de desarrollo de MOOC y de educación "
            "en línea.",
        ),
    ),
    "beijing-declaration-on-mooc-development": _t(
        (
            "إعلان بيجين بشأن تطوير المقررات الإلكترونية المفتوحة الحاشدة",
            "إعلان صاغه المجتمع بصورة جماعية بشأن دور المقررات الإلكترونية المفتوحة الحاشدة "
            "والتعليم عبر الإنترنت ومزاياهما ومستقبلهما، وحملة لتأييده.",
        ),
        (
            "《慕课发展北京宣言》",
            "由社群共同起草、阐述慕课与在线教育的作用、优势和未来的宣言，以及征集签署的倡议活动。",
        ),
        (
            "Déclaration de Beijing sur le développement des MOOC",
            "Une déclaration rédigée collectivement par la communauté sur le rôle, les atouts et "
            "l’avenir des MOOC et de l’enseignement en ligne, et la campagne pour son adhésion.",
        ),
        (
            "Пекинская декларация о развитии МООК",
            "Декларация о роли, преимуществах и будущем МООК и онлайн-образования, составленная "
            "сообществом сообща, и кампания за её поддержку.",
        ),
        (
            "Declaración de Beijing sobre el desarrollo de los MOOC",
            "Una declaración redactada colectivamente por la comunidad sobre el papel, las "
            "ventajas y el futuro de los MOOC y de la educación en línea, y la campaña para "
            "su adhesión.",
        ),
    ),
    "online-learning-during-school-closures": _t(
        (
            "إرشادات بشأن التعلم عبر الإنترنت أثناء إغلاق المدارس",
            "إرشادات عملية وندوات إلكترونية للجامعات والمعلمين الذين نقلوا مقرراتهم إلى الإنترنت "
            "عندما أُغلقت الحرم الجامعية في عام 2020.",
        ),
        (
            "停课期间在线学习指南",
            "为2020年校园关闭期间将课程转到线上的高校和教师提供的实用指南和网络研讨会。",
        ),
        (
            "Orientations pour l’apprentissage en ligne pendant la fermeture des écoles",
            "Des orientations pratiques et des webinaires pour les universités et les enseignants "
            "qui ont mis leurs cours en ligne lors de la fermeture des campus en 2020.",
        ),
        (
            "Рекомендации по онлайн-обучению в период закрытия школ",
            "Практические рекомендации и вебинары для университетов и преподавателей, перенёсших "
            "свои курсы в онлайн-формат после закрытия кампусов в 2020 году.",
        ),
        (
            "Orientaciones sobre el aprendizaje en línea durante el cierre de las escuelas",
            "Orientaciones prácticas y seminarios web para las universidades y los docentes que "
            "trasladaron sus cursos a línea cuando cerraron los campus en 2020.",
        ),
    ),
    "ai-in-education-co-taught-mooc": _t(
        (
            "الذكاء الاصطناعي في التعليم: مقرر إلكتروني مفتوح حاشد بتدريس مشترك",
            "أربع جامعات في أربع قارات تدرّس مقررًا مفتوحًا واحدًا معًا، تتولى كل منها وحدتين "
            "وترشد المتعلمين بلغتها.",
        ),
        (
            "教育中的人工智能：联合授课慕课",
            "四大洲的四所大学共同讲授一门开放课程，每所大学负责两个单元，并以本国语言辅导学习者。",
        ),
        (
            "L’intelligence artificielle dans l’éducation : un MOOC co-enseigné",
            "Quatre universités de quatre continents enseignent ensemble un même cours ouvert ; "
            "chacune dirige deux modules et accompagne les apprenants dans sa langue.",
        ),
        (
            "Искусственный интеллект в образовании: совместный МООК",
            "Четыре университета на четырёх континентах вместе ведут один открытый курс: каждый "
            "отвечает за два модуля и сопровождает слушателей на своём языке.",
        ),
        (
            "La inteligencia artificial en la educación: un MOOC impartido conjuntamente",
            "Cuatro universidades de cuatro continentes imparten juntas un mismo curso abierto; "
            "cada una dirige dos módulos y tutoriza a los estudiantes en su propio idioma.",
        ),
    ),
    "open-science-mooc": _t(
        (
            "العلم المفتوح عبر القارات",
            "مقرر مشترك مقترح بشأن ممارسات العلم المفتوح وتبادل البيانات وقابلية تكرار النتائج.",
        ),
        ("跨越各大洲的开放科学", "拟议中的一门关于开放科学实践、数据共享和可重复性的联合课程。"),
        (
            "La science ouverte d’un continent à l’autre",
            "Un projet de cours commun sur les pratiques de la science ouverte, le partage des "
            "données et la reproductibilité.",
        ),
        (
            "Открытая наука на всех континентах",
            "Предлагаемый совместный курс о практиках открытой науки, обмене данными и "
            "воспроизводимости исследований.",
        ),
        (
            "Ciencia abierta entre continentes",
            "Propuesta de curso conjunto sobre las prácticas de la ciencia abierta, el intercambio "
            "de datos y la reproducibilidad.",
        ),
    ),
    "teaching-online-african-universities": _t(
        (
            "التدريس عبر الإنترنت: بناء القدرات للجامعات الأفريقية",
            "حلقات عمل ودورات تدريبية للمحاضرين ومصممي التعليم الذين يعدّون المقررات الإلكترونية "
            "ويدرّسونها في الجامعات الأفريقية.",
        ),
        (
            "在线教学：非洲高校能力建设",
            "为在非洲高校开发和讲授在线课程的讲师和教学设计人员举办的研讨班和培训。",
        ),
        (
            "Enseigner en ligne : renforcement des capacités des universités africaines",
            "Des ateliers et des formations pour les enseignants et les ingénieurs pédagogiques "
            "qui conçoivent et donnent des cours en ligne dans les universités africaines.",
        ),
        (
            "Онлайн-преподавание: укрепление потенциала африканских университетов",
            "Семинары и тренинги для преподавателей и методистов, которые разрабатывают и ведут "
            "онлайн-курсы в африканских университетах.",
        ),
        (
            "Enseñar en línea: fortalecimiento de capacidades de las universidades africanas",
            "Talleres y formaciones para profesores y diseñadores instruccionales que crean e "
            "imparten cursos en línea en universidades africanas.",
        ),
    ),
    "digital-pedagogy-latin-america": _t(
        (
            "حلقات عمل في التربية الرقمية في أمريكا اللاتينية",
            "حلقات عمل تطبيقية بشأن تصميم المقررات وإتاحتها وتحليلات التعلم لمعلمي المنطقة.",
        ),
        ("拉丁美洲数字教学法研讨班", "面向该地区教师的课程设计、无障碍和学习分析实操研讨班。"),
        (
            "Ateliers de pédagogie numérique en Amérique latine",
            "Des ateliers pratiques sur la conception de cours, l’accessibilité et l’analyse de "
            "l’apprentissage pour les enseignants de la région.",
        ),
        (
            "Семинары по цифровой педагогике в Латинской Америке",
            "Практические семинары по разработке курсов, доступности и аналитике обучения для "
            "преподавателей региона.",
        ),
        (
            "Talleres de pedagogía digital en América Latina",
            "Talleres prácticos sobre diseño de cursos, accesibilidad y analítica del aprendizaje "
            "para los docentes de la región.",
        ),
    ),
    "mooc-quality-framework": _t(
        (
            "إطار مشترك لجودة المقررات الإلكترونية المفتوحة الحاشدة",
            "يقارن الأعضاء مراجعاتهم لجودة المقررات الإلكترونية ويتفقون على معايير مشتركة.",
        ),
        ("慕课共同质量框架", "成员比较各自的在线课程质量评审，并商定共同标准。"),
        (
            "Un cadre commun de qualité pour les MOOC",
            "Les membres comparent leurs évaluations de la qualité des cours en ligne et "
            "s’accordent sur des critères communs.",
        ),
        (
            "Общая система оценки качества МООК",
            "Участники сопоставляют свои экспертизы качества онлайн-курсов и согласовывают общие "
            "критерии.",
        ),
        (
            "Un marco común de calidad para los MOOC",
            "Los miembros comparan sus evaluaciones de la calidad de los cursos en línea y "
            "acuerdan criterios comunes.",
        ),
    ),
    "accessible-moocs": _t(
        (
            "مقررات إلكترونية مفتوحة حاشدة ميسّرة للمتعلمين ذوي الإعاقة",
            "مبادئ توجيهية وحملة كي يتسنى متابعة كل مقرر من مقررات التحالف بقارئ الشاشة والترجمة "
            "النصية المصاحبة والنصوص المكتوبة.",
        ),
        (
            "面向残障学习者的无障碍慕课",
            "制定指南并开展倡议活动，使联盟的每门课程都可借助读屏软件、字幕和文字稿学习。",
        ),
        (
            "Des MOOC accessibles aux apprenants handicapés",
            "Des lignes directrices et une campagne pour que chaque cours de l’alliance puisse "
            "être suivi avec un lecteur d’écran, des sous-titres et des transcriptions.",
        ),
        (
            "Доступные МООК для обучающихся с инвалидностью",
            "Руководящие принципы и кампания за то, чтобы каждый курс альянса можно было проходить "
            "с программой экранного доступа, субтитрами и расшифровками.",
        ),
        (
            "MOOC accesibles para estudiantes con discapacidad",
            "Directrices y una campaña para que todos los cursos de la alianza puedan seguirse con "
            "un lector de pantalla, subtítulos y transcripciones.",
        ),
    ),
    "recognition-of-mooc-credits": _t(
        (
            "الاعتراف بالساعات المعتمدة للمقررات الإلكترونية المفتوحة الحاشدة بين الجامعات",
            "تتفق الجامعات على الاعتراف المتبادل بشهادات المقررات الإلكترونية المفتوحة الحاشدة "
            "بوصفها ساعات معتمدة.",
        ),
        ("高校间慕课学分互认", "各高校同意将彼此的慕课证书互认为学分。"),
        (
            "Reconnaissance des crédits de MOOC entre universités",
            "Des universités conviennent de reconnaître mutuellement leurs certificats de MOOC "
            "comme crédits.",
        ),
        (
            "Взаимное признание зачётных единиц МООК университетами",
            "Университеты договариваются признавать сертификаты МООК друг друга в качестве "
            "зачётных единиц.",
        ),
        (
            "Reconocimiento de créditos de MOOC entre universidades",
            "Las universidades acuerdan reconocer mutuamente sus certificados de MOOC como "
            "créditos.",
        ),
    ),
    "platform-interoperability": _t(
        (
            "قابلية التشغيل البيني لبيانات المقررات بين المنصات",
            "اتفقت المنصات على وصف مشترك للمقررات ودوراتها، وهو أساس فهرس مقررات التحالف.",
        ),
        (
            "平台间课程数据互操作",
            "各平台就课程及开课期次的统一描述达成一致，这是联盟课程目录的基础。",
        ),
        (
            "Interopérabilité des données de cours entre plateformes",
            "Les plateformes se sont accordées sur une description commune des cours et de leurs "
            "sessions, qui fonde le catalogue de cours de l’alliance.",
        ),
        (
            "Совместимость данных о курсах между платформами",
            "Платформы согласовали общее описание курсов и их запусков, на котором основан "
            "каталог курсов альянса.",
        ),
        (
            "Interoperabilidad de los datos de cursos entre plataformas",
            "Las plataformas acordaron una descripción común de los cursos y sus ediciones, base "
            "del catálogo de cursos de la alianza.",
        ),
    ),
    "blended-learning-teacher-training-asia-pacific": _t(
        (
            "تدريب المعلمين على التعلم المدمج في آسيا والمحيط الهادئ",
            "دورات تدريبية لمعلمي المدارس والجامعات بشأن الجمع بين التدريس عبر الإنترنت والتدريس "
            "في الفصول الدراسية.",
        ),
        ("亚太地区混合式教学教师培训", "面向中小学和大学教师的线上与课堂教学相结合的培训。"),
        (
            "Formation des enseignants à l’apprentissage hybride en Asie et dans le Pacifique",
            "Des formations pour les enseignants des écoles et des universités sur l’alliance de "
            "l’enseignement en ligne et en classe.",
        ),
        (
            "Подготовка преподавателей к смешанному обучению в Азиатско-Тихоокеанском регионе",
            "Тренинги для школьных и университетских преподавателей по сочетанию онлайн- и "
            "аудиторного обучения.",
        ),
        (
            "Formación docente en aprendizaje combinado en Asia y el Pacífico",
            "Formaciones para docentes de escuelas y universidades sobre cómo combinar la "
            "enseñanza en línea y presencial.",
        ),
    ),
}


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()


def _admin_of(institution: Institution) -> User:
    return (
        Affiliation.objects.filter(institution=institution, role=InstitutionRole.ADMIN)
        .order_by("pk")
        .first()
        .user
    )


def _add(project, user, role, actor, **kwargs):
    if user and not project.participants.filter(user=user).exists():
        services.participant_add(project=project, user=user, role=role, actor=actor, **kwargs)


def load(stdout) -> None:
    """Build the projects part of the demo."""
    dummy = "django.core.mail.backends.dummy.EmailBackend"
    trace = logging.getLogger("celery.app.trace")  # one line per inline task otherwise
    level = trace.level
    trace.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND=dummy), transaction.atomic():
            _load(random.Random(6))
            _translate()
    finally:
        trace.setLevel(level)
    stdout.write(
        f"Projects: {Project.objects.count()} projects. In them, tsinghua.editor and "
        "nairobi.admin are leads (nairobi.admin also a coordinator), tsinghua.staff a "
        "contributor, and member an outside expert (viewer)."
    )


def _load(rng: random.Random) -> None:
    today = timezone.localdate()
    secretariat = _user("secretariat")
    institutions = {institution.slug: institution for institution in Institution.objects.all()}
    courses = list(Course.objects.filter(status="published").order_by("pk")[:40])
    named = {
        "tsinghua-university": _user("tsinghua.editor"),
        "university-of-nairobi": _user("nairobi.admin"),
    }
    for (slug, title, kind, status, visibility, lead_slug, partner_slugs, sdgs, start, end,
         summary, extra) in PROJECTS:  # fmt: skip
        if Project.objects.filter(slug=slug).exists() or lead_slug not in institutions:
            continue
        lead_institution = institutions[lead_slug]
        lead = named.get(lead_slug) or _admin_of(lead_institution)
        partners = [institutions[s] for s in partner_slugs if s in institutions]
        data = {
            "slug": slug,
            "title": title,
            "kind": kind,
            "status": status,
            "visibility": visibility,
            "lead_institution": lead_institution,
            "partners": partners,
            "sdg_targets": sdgs,
            "start_date": start,
            "end_date": end,
            "summary": summary,
            "description": f"{summary}\n\n{OPEN_TO_MEMBERS}",
            **extra,
        }
        if kind == K.JOINT_TEACHING:
            data["co_teaching_institutions"] = [lead_institution, *partners]
            data["courses"] = rng.sample(courses, min(3, len(courses)))
        if slug in PARENTS:
            data["parent"] = Project.objects.filter(slug=PARENTS[slug]).first()
        project = services.project_create(actor=lead, data=data)
        people = [lead]
        for index, partner in enumerate(partners):
            person = named.get(partner.slug) or _admin_of(partner)
            role = ProjectRole.COORDINATOR if index == 0 else ProjectRole.CONTRIBUTOR
            if partner.slug == "university-of-nairobi":
                role = ProjectRole.COORDINATOR
            _add(project, person, role, lead)
            people.append(person)
        if lead_slug == "tsinghua-university":
            _add(project, _user("tsinghua.staff"), ProjectRole.CONTRIBUTOR, lead)
            people.append(_user("tsinghua.staff"))
        viewer_institution = institutions.get("beijing-normal-university")
        if viewer_institution and viewer_institution not in (lead_institution, *partners):
            _add(project, _admin_of(viewer_institution), ProjectRole.VIEWER, lead)
        if slug == "ai-in-education-co-taught-mooc" and _user("member"):
            _add(project, _user("member"), ProjectRole.VIEWER, secretariat, outside_expert=True)
        if status == S.PROPOSED:
            continue
        _content(rng, project, [p for p in people if p], today)


def _translate() -> None:
    """The translations of TRANSLATIONS a project lacks (those edited by hand are kept)."""
    for project in Project.objects.filter(slug__in=TRANSLATIONS):
        translations = dict(project.translations)
        for language, texts in TRANSLATIONS[project.slug].items():
            translations[language] = {**texts, **translations.get(language, {})}
        if translations != project.translations:
            project.translations = translations
            project.save(update_fields=["translations"])


def _content(rng, project, people, today) -> None:
    lead = people[0]
    for index, (title, days, status) in enumerate(MILESTONES):
        services.milestone_save(
            project=project,
            actor=lead,
            data={
                "title": title,
                "due_date": today + timedelta(days=days),
                "owner": people[index % len(people)],
                "status": status,
            },
        )
    for title, days, at, zone in MEETINGS:
        services.meeting_save(
            project=project,
            actor=lead,
            data={
                "title": title,
                "day": today + timedelta(days=days),
                "at": at,
                "time_zone": zone,
                "duration_minutes": 60,
                "location": "https://meet.example.org/alliance-" + project.slug[:20],
                "agenda": "1. Round of news\n2. Milestones\n3. Next steps",
            },
        )
    for number, name in enumerate(["Project plan", "Meeting notes"], start=1):
        version = services.document_upload(
            project=project,
            actor=people[number % len(people)],
            title=name,
            upload=SimpleUploadedFile(f"{name.lower().replace(' ', '-')}.pdf", PDF),
        )
        if number == 1:
            services.document_upload(
                project=project,
                actor=lead,
                upload=SimpleUploadedFile("project-plan-v2.pdf", PDF),
                document=version.document,
            )
    for index, text in enumerate(UPDATES):
        author = people[index % len(people)]
        mention = people[(index + 1) % len(people)].email.split("@")[0]
        update = services.update_post(
            project=project, actor=author, body=text.format(mention=mention)
        )
        Update.objects.filter(pk=update.pk).update(
            created_at=timezone.now() - timedelta(days=3 * (len(UPDATES) - index), hours=index)
        )
        if index % 2 == 0 and len(people) > 1:
            services.comment_post(
                update=update, actor=people[(index + 1) % len(people)], body=rng.choice(COMMENTS)
            )
    for kind, title, days_ago, country, women, men, other, reached in TRAININGS.get(
        project.slug, []
    ):
        starts = today - timedelta(days=days_ago)
        services.training_save(
            project=project,
            actor=lead,
            data={
                "kind": kind,
                "title": title,
                "starts_on": starts,
                "ends_on": starts + timedelta(days=2),
                "country": country,
                "women": women,
                "men": men,
                "other": other,
                "institutions_reached": reached,
            },
        )
