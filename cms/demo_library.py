# ruff: noqa: E501 (texts in six languages)
"""The demo Declaration, call for input, campaign, good practices and resource library, in the
six language trees (English original, the others as translations linked by wagtail-localize's
translation keys, so the language switcher and hreflang find them).

Idempotent: what exists (by slug, version number, title or email) is left as it is.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from cms import demo_locale
from cms.models import (
    Attachment,
    CampaignPage,
    ConsultationPage,
    ConsultationQuestion,
    DeclarationPage,
    DeclarationText,
    DeclarationVersion,
    Endorsement,
    GoodPracticeIndexPage,
    GoodPracticePage,
    HomePage,
    Pledge,
    ResourceFile,
    ResourceIndexPage,
    ResourcePage,
    Submission,
)
from cms.models.consultation import AttachmentKind, SubmissionStatus
from cms.models.declaration import EndorsementStatus, VersionStatus
from members.models import Affiliation, Institution, InstitutionRole, Region
from projects.models import Project

TRANSLATIONS = ["ar", "zh-hans", "fr", "ru", "es"]

# The Declaration ------------------------------------------------------------------------------

DECLARATION = {
    "en": (
        "Beijing Declaration on MOOC Development",
        "<p>We, universities, online learning platforms, and international and regional "
        "organizations gathered in the Global MOOC Alliance,</p>"
        "<p>Recalling Sustainable Development Goal 4 of the 2030 Agenda: to ensure inclusive and "
        "equitable quality education and promote lifelong learning opportunities for all;</p>"
        "<p>Recognizing that during the COVID-19 pandemic massive open online courses and online "
        "education kept hundreds of millions of learners learning when campuses closed, and that "
        "too many learners were still left behind for lack of connectivity, devices or skills;</p>"
        "<p>Commit to:</p><ol>"
        "<li>open our courses to learners everywhere, free or at low cost, with recognition of "
        "what they learn;</li>"
        "<li>design online learning that is accessible to people with disabilities and works on "
        "slow connections and mobile devices;</li>"
        "<li>share courses, good practices and research across regions and languages, in a "
        "spirit of solidarity;</li>"
        "<li>support teachers and staff with training in online and blended teaching;</li>"
        "<li>protect learners' data and privacy, and assure the quality of what we offer.</li>"
        "</ol><p>We call on governments, international organizations and the private sector to "
        "join us, so that no learner is left behind.</p>",
    ),
    "fr": (
        "Déclaration de Pékin sur le développement des MOOC",
        "<p>Nous, universités, plateformes d'apprentissage en ligne et organisations "
        "internationales et régionales réunies au sein de l'Alliance mondiale des MOOC,</p>"
        "<p>Rappelant l'objectif de développement durable 4 du Programme 2030 : assurer l'accès "
        "de tous à une éducation de qualité, sur un pied d'égalité, et promouvoir les "
        "possibilités d'apprentissage tout au long de la vie ;</p>"
        "<p>Constatant que, pendant la pandémie de COVID-19, les cours en ligne ouverts et massifs "
        "et l'enseignement en ligne ont permis à des centaines de millions d'apprenants de "
        "continuer à apprendre lorsque les campus étaient fermés, et que trop d'apprenants "
        "restaient encore à l'écart faute de connexion, d'équipement ou de compétences ;</p>"
        "<p>Nous engageons à :</p><ol>"
        "<li>ouvrir nos cours aux apprenants du monde entier, gratuitement ou à faible coût, en "
        "reconnaissant ce qu'ils apprennent ;</li>"
        "<li>concevoir un apprentissage en ligne accessible aux personnes handicapées et "
        "utilisable avec une connexion lente et sur mobile ;</li>"
        "<li>partager cours, bonnes pratiques et recherches entre régions et entre langues, dans "
        "un esprit de solidarité ;</li>"
        "<li>former les enseignants et les personnels à l'enseignement en ligne et hybride ;</li>"
        "<li>protéger les données et la vie privée des apprenants et garantir la qualité de notre "
        "offre.</li>"
        "</ol><p>Nous appelons les gouvernements, les organisations internationales et le secteur "
        "privé à nous rejoindre, afin qu'aucun apprenant ne soit laissé de côté.</p>",
    ),
    "es": (
        "Declaración de Pekín sobre el desarrollo de los MOOC",
        "<p>Nosotros, universidades, plataformas de aprendizaje en línea y organizaciones "
        "internacionales y regionales reunidas en la Alianza Mundial de MOOC,</p>"
        "<p>Recordando el Objetivo de Desarrollo Sostenible 4 de la Agenda 2030: garantizar una "
        "educación inclusiva, equitativa y de calidad y promover oportunidades de aprendizaje "
        "durante toda la vida para todos;</p>"
        "<p>Reconociendo que durante la pandemia de COVID-19 los cursos en línea masivos y "
        "abiertos y la educación en línea permitieron que cientos de millones de estudiantes "
        "siguieran aprendiendo cuando los campus cerraron, y que demasiados estudiantes quedaron "
        "atrás por falta de conexión, dispositivos o competencias;</p>"
        "<p>Nos comprometemos a:</p><ol>"
        "<li>abrir nuestros cursos a estudiantes de todo el mundo, de forma gratuita o a bajo "
        "costo, con reconocimiento de lo que aprenden;</li>"
        "<li>diseñar un aprendizaje en línea accesible para las personas con discapacidad y que "
        "funcione con conexiones lentas y en dispositivos móviles;</li>"
        "<li>compartir cursos, buenas prácticas e investigaciones entre regiones e idiomas, con "
        "espíritu de solidaridad;</li>"
        "<li>formar al profesorado y al personal en la enseñanza en línea e híbrida;</li>"
        "<li>proteger los datos y la privacidad de los estudiantes y asegurar la calidad de "
        "nuestra oferta.</li>"
        "</ol><p>Hacemos un llamamiento a los gobiernos, las organizaciones internacionales y el "
        "sector privado para que se unan a nosotros, de modo que ningún estudiante se quede "
        "atrás.</p>",
    ),
    "ru": (
        "Пекинская декларация о развитии МООК",
        "<p>Мы, университеты, платформы онлайн-обучения, международные и региональные "
        "организации, объединённые в Глобальном альянсе МООК,</p>"
        "<p>напоминая о Цели устойчивого развития 4 Повестки дня на период до 2030 года — "
        "обеспечении всеохватного и справедливого качественного образования и поощрении "
        "возможности обучения на протяжении всей жизни для всех;</p>"
        "<p>признавая, что во время пандемии COVID-19 массовые открытые онлайн-курсы и "
        "онлайн-образование позволили сотням миллионов учащихся продолжать обучение, когда "
        "кампусы были закрыты, и что слишком многие учащиеся всё ещё оставались в стороне из-за "
        "отсутствия подключения, устройств или навыков,</p>"
        "<p>обязуемся:</p><ol>"
        "<li>открывать наши курсы для учащихся во всём мире бесплатно или за небольшую плату, "
        "признавая результаты их обучения;</li>"
        "<li>создавать онлайн-обучение, доступное для людей с инвалидностью и работающее при "
        "медленном подключении и на мобильных устройствах;</li>"
        "<li>обмениваться курсами, передовым опытом и исследованиями между регионами и языками "
        "в духе солидарности;</li>"
        "<li>обучать преподавателей и сотрудников онлайн- и смешанному обучению;</li>"
        "<li>защищать данные и частную жизнь учащихся и обеспечивать качество того, что мы "
        "предлагаем.</li>"
        "</ol><p>Мы призываем правительства, международные организации и частный сектор "
        "присоединиться к нам, чтобы ни один учащийся не остался в стороне.</p>",
    ),
    "ar": (
        "إعلان بيجين بشأن تطوير المقررات الإلكترونية المفتوحة الحاشدة",
        "<p>نحن، الجامعات ومنصات التعلّم الإلكتروني والمنظمات الدولية والإقليمية المجتمعة في "
        "التحالف العالمي للمقررات الإلكترونية المفتوحة،</p>"
        "<p>إذ نشير إلى الهدف 4 من أهداف التنمية المستدامة في خطة عام 2030: ضمان التعليم الجيد "
        "المنصف والشامل للجميع وتعزيز فرص التعلّم مدى الحياة للجميع؛</p>"
        "<p>وإذ ندرك أن المقررات الإلكترونية المفتوحة الحاشدة والتعليم الإلكتروني مكّنت خلال "
        "جائحة كوفيد-19 مئات الملايين من المتعلمين من مواصلة التعلّم عندما أُغلقت الجامعات، وأن "
        "عددًا كبيرًا جدًا من المتعلمين ظلّوا متخلّفين عن الركب بسبب نقص الاتصال أو الأجهزة أو "
        "المهارات؛</p>"
        "<p>نلتزم بما يلي:</p><ol>"
        "<li>فتح مقرراتنا أمام المتعلمين في كل مكان، مجانًا أو بتكلفة منخفضة، مع الاعتراف بما "
        "يتعلمونه؛</li>"
        "<li>تصميم تعلّم إلكتروني يسهل على الأشخاص ذوي الإعاقة الوصول إليه ويعمل مع الاتصالات "
        "البطيئة وعلى الأجهزة المحمولة؛</li>"
        "<li>تبادل المقررات والممارسات الجيدة والبحوث بين المناطق واللغات بروح من التضامن؛</li>"
        "<li>تدريب المعلمين والعاملين على التعليم الإلكتروني والمدمج؛</li>"
        "<li>حماية بيانات المتعلمين وخصوصيتهم وضمان جودة ما نقدمه.</li>"
        "</ol><p>وندعو الحكومات والمنظمات الدولية والقطاع الخاص إلى الانضمام إلينا، حتى لا يتخلّف "
        "أي متعلم عن الركب.</p>",
    ),
    "zh-hans": (
        "关于慕课发展的北京宣言",
        "<p>我们，汇聚于全球慕课联盟的各大学、在线学习平台以及国际和区域组织，</p>"
        "<p>回顾《2030年议程》可持续发展目标4：确保包容和公平的优质教育，让全民终身享有学习"
        "机会；</p>"
        "<p>认识到在新冠肺炎疫情期间，大规模开放在线课程和在线教育使数以亿计的学习者在校园关闭"
        "时得以继续学习，同时仍有太多学习者因缺乏网络连接、设备或技能而被落下；</p>"
        "<p>承诺：</p><ol>"
        "<li>向世界各地的学习者免费或低成本开放我们的课程，并认可他们的学习成果；</li>"
        "<li>设计残障人士可无障碍使用、在低速网络和移动设备上也能顺畅运行的在线学习；</li>"
        "<li>本着团结精神，跨区域、跨语言分享课程、良好实践和研究成果；</li>"
        "<li>为教师和工作人员提供在线教学与混合式教学培训；</li>"
        "<li>保护学习者的数据和隐私，保障我们所提供内容的质量。</li>"
        "</ol><p>我们呼吁各国政府、国际组织和私营部门加入我们，确保不让任何一个学习者掉队。</p>",
    ),
}
DRAFT = (
    "Draft Beijing Declaration on MOOC Development",
    "<p><em>Working draft for consultation, in English.</em></p>"
    "<p>We, universities and online learning platforms gathered at the 2020 Global MOOC "
    "Conference, recalling Sustainable Development Goal 4, commit to:</p><ol>"
    "<li>open our courses to learners everywhere;</li>"
    "<li>share courses and good practices across regions and languages;</li>"
    "<li>support teachers in online teaching.</li></ol>",
)

# Pages: (title, introduction) per language ---------------------------------------------------

PAGES = {
    "declaration": {
        "en": (
            "The Declaration",
            "The Beijing Declaration on MOOC Development sets out what the members of the alliance commit to for inclusive, equitable, quality education. Member institutions endorse it.",
        ),
        "fr": (
            "La Déclaration",
            "La Déclaration de Pékin sur le développement des MOOC énonce les engagements des membres de l'alliance pour une éducation inclusive, équitable et de qualité. Les institutions membres la signent.",
        ),
        "es": (
            "La Declaración",
            "La Declaración de Pekín sobre el desarrollo de los MOOC recoge los compromisos de los miembros de la alianza con una educación inclusiva, equitativa y de calidad. Las instituciones miembros la suscriben.",
        ),
        "ru": (
            "Декларация",
            "Пекинская декларация о развитии МООК излагает обязательства членов альянса в интересах всеохватного, справедливого и качественного образования. Её подписывают учреждения — члены альянса.",
        ),
        "ar": (
            "الإعلان",
            "يحدد إعلان بيجين بشأن تطوير المقررات الإلكترونية المفتوحة الحاشدة التزامات أعضاء التحالف من أجل تعليم جيد ومنصف وشامل. وتوقّع عليه المؤسسات الأعضاء.",
        ),
        "zh-hans": (
            "宣言",
            "《关于慕课发展的北京宣言》阐明了联盟成员为实现包容、公平、有质量的教育所作的承诺。成员机构可签署认可该宣言。",
        ),
    },
    "resources": {
        "en": (
            "Resource library",
            "Guidance, reports and toolkits for online education, in several languages.",
        ),
        "fr": (
            "Bibliothèque de ressources",
            "Guides, rapports et boîtes à outils pour l'enseignement en ligne, en plusieurs langues.",
        ),
        "es": (
            "Biblioteca de recursos",
            "Guías, informes y herramientas para la educación en línea, en varios idiomas.",
        ),
        "ru": (
            "Библиотека ресурсов",
            "Руководства, доклады и инструментарии по онлайн-образованию на нескольких языках.",
        ),
        "ar": ("مكتبة الموارد", "أدلة وتقارير وأدوات للتعليم الإلكتروني بعدة لغات."),
        "zh-hans": ("资源库", "在线教育指南、报告和工具包，提供多种语言版本。"),
    },
    "call-for-input": {
        "en": (
            "Call for input",
            "Help shape the next steps of the Declaration: share your experience of MOOCs and online education, and your good practices.",
        ),
        "fr": (
            "Appel à contributions",
            "Contribuez aux prochaines étapes de la Déclaration : partagez votre expérience des MOOC et de l'enseignement en ligne, et vos bonnes pratiques.",
        ),
        "es": (
            "Convocatoria de aportaciones",
            "Contribuya a los próximos pasos de la Declaración: comparta su experiencia con los MOOC y la educación en línea, y sus buenas prácticas.",
        ),
        "ru": (
            "Приглашение к участию",
            "Помогите определить следующие шаги Декларации: поделитесь опытом работы с МООК и онлайн-образованием, а также своей передовой практикой.",
        ),
        "ar": (
            "دعوة إلى تقديم المساهمات",
            "ساهموا في تحديد الخطوات التالية للإعلان: شاركوا تجربتكم مع المقررات الإلكترونية المفتوحة والتعليم الإلكتروني، وممارساتكم الجيدة.",
        ),
        "zh-hans": (
            "征集意见",
            "参与塑造宣言的下一步：分享您在慕课和在线教育方面的经验和良好实践。",
        ),
    },
    "open-learning-for-all": {
        "en": (
            "Open learning for all",
            "Every learner deserves quality online education, whatever their connection, device or ability. Add your name.",
        ),
        "fr": (
            "Un apprentissage ouvert pour tous",
            "Chaque apprenant mérite un enseignement en ligne de qualité, quels que soient sa connexion, son équipement ou ses capacités. Ajoutez votre nom.",
        ),
        "es": (
            "Aprendizaje abierto para todos",
            "Todo estudiante merece una educación en línea de calidad, sea cual sea su conexión, su dispositivo o su capacidad. Añada su nombre.",
        ),
        "ru": (
            "Открытое обучение для всех",
            "Каждый учащийся заслуживает качественного онлайн-образования независимо от подключения, устройства или возможностей. Поставьте свою подпись.",
        ),
        "ar": (
            "التعلّم المفتوح للجميع",
            "يستحق كل متعلم تعليمًا إلكترونيًا جيدًا، أيًّا كان اتصاله أو جهازه أو قدراته. أضيفوا أسماءكم.",
        ),
        "zh-hans": (
            "开放学习，惠及全民",
            "无论网络条件、设备或能力如何，每个学习者都应享有优质的在线教育。请签名支持。",
        ),
    },
    "good-practices": {
        "en": (
            "Good practices",
            "How members kept learning going and made online education better: cases from every region.",
        ),
        "fr": (
            "Bonnes pratiques",
            "Comment les membres ont assuré la continuité des apprentissages et amélioré l'enseignement en ligne : des exemples de toutes les régions.",
        ),
        "es": (
            "Buenas prácticas",
            "Cómo los miembros mantuvieron el aprendizaje y mejoraron la educación en línea: casos de todas las regiones.",
        ),
        "ru": (
            "Передовая практика",
            "Как члены альянса обеспечивали непрерывность обучения и улучшали онлайн-образование: примеры из всех регионов.",
        ),
        "ar": (
            "الممارسات الجيدة",
            "كيف حافظ الأعضاء على استمرارية التعلّم وحسّنوا التعليم الإلكتروني: حالات من جميع المناطق.",
        ),
        "zh-hans": ("良好实践", "成员如何保障学习不停顿、提升在线教育质量：来自各地区的案例。"),
    },
}

PLEDGE = {
    "en": "I support quality, accessible online learning for every learner, and I call on education leaders to open their courses and share what works.",
    "fr": "Je soutiens un apprentissage en ligne de qualité et accessible pour chaque apprenant, et j'appelle les responsables de l'éducation à ouvrir leurs cours et à partager ce qui fonctionne.",
    "es": "Apoyo un aprendizaje en línea de calidad y accesible para todos los estudiantes, y pido a los responsables educativos que abran sus cursos y compartan lo que funciona.",
    "ru": "Я поддерживаю качественное и доступное онлайн-обучение для каждого учащегося и призываю руководителей в сфере образования открывать свои курсы и делиться успешным опытом.",
    "ar": "أؤيد تعلّمًا إلكترونيًا جيدًا ومتاحًا لكل متعلم، وأدعو قادة التعليم إلى فتح مقرراتهم وتبادل ما ينجح.",
    "zh-hans": "我支持为每一位学习者提供优质、无障碍的在线学习，并呼吁教育领导者开放课程、分享行之有效的做法。",
}

# The four questions of the 2020 consultation: (label, the full question) per language.
QUESTIONS = {
    "en": [
        (
            "Role and impact",
            "What has been the most defining role or significant impact of MOOCs and online education, especially since the COVID-19 pandemic?",
        ),
        (
            "Characteristics and advantages",
            "What were the enabling characteristics or unique advantages of MOOCs and online education?",
        ),
        (
            "Vision and recommendations",
            "How can we, as a community, through international solidarity and multilateral cooperation, build, develop and promote MOOCs and online education to better serve society?",
        ),
        (
            "Good practices showcase",
            "What were the major highlights, challenges and decisions since the switch to online learning? Share good practices of using MOOCs or online education tools.",
        ),
    ],
    "fr": [
        (
            "Rôle et impact",
            "Quel a été le rôle déterminant ou l'impact majeur des MOOC et de l'enseignement en ligne, en particulier depuis la pandémie de COVID-19 ?",
        ),
        (
            "Caractéristiques et atouts",
            "Quelles caractéristiques ou quels atouts propres aux MOOC et à l'enseignement en ligne ont fait la différence ?",
        ),
        (
            "Vision et recommandations",
            "Comment, en tant que communauté, par la solidarité internationale et la coopération multilatérale, construire, développer et promouvoir les MOOC et l'enseignement en ligne pour mieux servir la société ?",
        ),
        (
            "Vitrine des bonnes pratiques",
            "Quels ont été les faits marquants, les difficultés et les décisions depuis le passage à l'enseignement en ligne ? Partagez vos bonnes pratiques d'utilisation des MOOC ou des outils d'enseignement en ligne.",
        ),
    ],
    "es": [
        (
            "Papel e impacto",
            "¿Cuál ha sido el papel más determinante o el impacto más significativo de los MOOC y la educación en línea, especialmente desde la pandemia de COVID-19?",
        ),
        (
            "Características y ventajas",
            "¿Qué características o ventajas propias de los MOOC y la educación en línea marcaron la diferencia?",
        ),
        (
            "Visión y recomendaciones",
            "¿Cómo podemos, como comunidad, mediante la solidaridad internacional y la cooperación multilateral, construir, desarrollar y promover los MOOC y la educación en línea para servir mejor a la sociedad?",
        ),
        (
            "Muestra de buenas prácticas",
            "¿Cuáles han sido los principales logros, retos y decisiones desde el paso a la enseñanza en línea? Comparta buenas prácticas de uso de los MOOC o de herramientas de educación en línea.",
        ),
    ],
    "ru": [
        (
            "Роль и влияние",
            "Какова главная роль или наиболее значимое влияние МООК и онлайн-образования, особенно после начала пандемии COVID-19?",
        ),
        (
            "Особенности и преимущества",
            "Какие особенности или уникальные преимущества МООК и онлайн-образования сыграли решающую роль?",
        ),
        (
            "Видение и рекомендации",
            "Как нам, как сообществу, на основе международной солидарности и многостороннего сотрудничества создавать, развивать и продвигать МООК и онлайн-образование, чтобы они лучше служили обществу?",
        ),
        (
            "Примеры передовой практики",
            "Каковы были главные достижения, трудности и решения после перехода к онлайн-обучению? Поделитесь примерами успешного использования МООК или инструментов онлайн-образования.",
        ),
    ],
    "ar": [
        (
            "الدور والأثر",
            "ما الدور الأبرز أو الأثر الأهم للمقررات الإلكترونية المفتوحة الحاشدة والتعليم الإلكتروني، لا سيما منذ جائحة كوفيد-19؟",
        ),
        (
            "الخصائص والمزايا",
            "ما الخصائص أو المزايا الفريدة للمقررات الإلكترونية المفتوحة الحاشدة والتعليم الإلكتروني التي أحدثت فرقًا؟",
        ),
        (
            "الرؤية والتوصيات",
            "كيف يمكننا، بوصفنا مجتمعًا، ومن خلال التضامن الدولي والتعاون المتعدد الأطراف، بناء المقررات الإلكترونية المفتوحة الحاشدة والتعليم الإلكتروني وتطويرها وتعزيزها لخدمة المجتمع على نحو أفضل؟",
        ),
        (
            "عرض الممارسات الجيدة",
            "ما أبرز الإنجازات والتحديات والقرارات منذ التحول إلى التعلّم الإلكتروني؟ شاركونا ممارسات جيدة في استخدام المقررات الإلكترونية المفتوحة أو أدوات التعليم الإلكتروني.",
        ),
    ],
    "zh-hans": [
        (
            "作用与影响",
            "慕课和在线教育最突出的作用或最重要的影响是什么，尤其是在新冠肺炎疫情暴发以来？",
        ),
        ("特点与优势", "慕课和在线教育有哪些关键特点或独特优势？"),
        (
            "愿景与建议",
            "作为一个共同体，我们如何通过国际团结与多边合作，建设、发展和推广慕课与在线教育，更好地服务社会？",
        ),
        (
            "良好实践展示",
            "转向在线教学以来，有哪些主要亮点、挑战和决策？请分享使用慕课或在线教育工具的良好实践。",
        ),
    ],
}

# The five guidance documents of June 2020 (Chinese and English; French to come).
GUIDANCE = {
    "students": [
        "Guidance for Students",
        "Guide pour les étudiants",
        "Guía para estudiantes",
        "Руководство для учащихся",
        "دليل الطلاب",
        "学生指南",
    ],
    "teachers": [
        "Guidance for Teachers",
        "Guide pour les enseignants",
        "Guía para docentes",
        "Руководство для преподавателей",
        "دليل المعلمين",
        "教师指南",
    ],
    "administrators": [
        "Guidance for Principals and Educational Administrators",
        "Guide pour les chefs d'établissement et les administrateurs de l'éducation",
        "Guía para directores y administradores educativos",
        "Руководство для руководителей и администраторов образования",
        "دليل مديري المدارس والإداريين التربويين",
        "校长与教育管理者指南",
    ],
    "parents": [
        "Guidance for Parents and Communities",
        "Guide pour les parents et les communautés",
        "Guía para familias y comunidades",
        "Руководство для родителей и местных сообществ",
        "دليل أولياء الأمور والمجتمعات المحلية",
        "家长与社区指南",
    ],
    "technology": [
        "Guidance for Using Technologies and Platforms",
        "Guide pour l'utilisation des technologies et des plateformes",
        "Guía para el uso de tecnologías y plataformas",
        "Руководство по использованию технологий и платформ",
        "دليل استخدام التقنيات والمنصات",
        "技术与平台使用指南",
    ],
}
GUIDANCE_LANGUAGES = ["en", "fr", "es", "ru", "ar", "zh-hans"]  # the order of the titles above
GUIDANCE_SUMMARY = {
    "en": "One of the five Guidance for Online Education During the COVID-19 Pandemic, launched in June 2020 by SUSTech, UNESCO ICHEI, UNESCO IITE and UNESCO INRULED. In Chinese and English; French to come.",
    "fr": "L'un des cinq guides pour l'enseignement en ligne pendant la pandémie de COVID-19, publiés en juin 2020 par la SUSTech, l'UNESCO-ICHEI, l'UNESCO-IITE et l'UNESCO-INRULED. En chinois et en anglais ; version française à venir.",
    "es": "Una de las cinco guías para la educación en línea durante la pandemia de COVID-19, publicadas en junio de 2020 por SUSTech, UNESCO-ICHEI, UNESCO-IITE y UNESCO-INRULED. En chino e inglés; la versión francesa, próximamente.",
    "ru": "Одно из пяти руководств по онлайн-образованию во время пандемии COVID-19, выпущенных в июне 2020 года SUSTech, ЮНЕСКО-ICHEI, ИИТО ЮНЕСКО и ЮНЕСКО-INRULED. На китайском и английском языках; французская версия готовится.",
    "ar": "أحد الأدلة الخمسة للتعليم الإلكتروني أثناء جائحة كوفيد-19، التي أصدرتها في حزيران/يونيو 2020 جامعة الجنوب للعلوم والتكنولوجيا ومراكز اليونسكو ICHEI وIITE وINRULED. باللغتين الصينية والإنكليزية؛ والنسخة الفرنسية قيد الإعداد.",
    "zh-hans": "《新冠肺炎疫情期间在线教育指南》五册之一，由南方科技大学、联合国教科文组织高等教育创新中心、教科文组织教育信息技术研究所和教科文组织国际农村教育研究与培训中心于2020年6月发布。提供中英文版本，法文版即将推出。",
}

CONSULTATION_BODY = {
    "en": "<p>In 2020 the alliance asked these four questions before drafting the Declaration. Answer any of them, and attach reports, slides, photos or videos that show your work.</p>",
    "fr": "<p>En 2020, l'alliance a posé ces quatre questions avant de rédiger la Déclaration. Répondez à celles de votre choix et joignez rapports, présentations, photos ou vidéos qui montrent votre travail.</p>",
    "es": "<p>En 2020, la alianza planteó estas cuatro preguntas antes de redactar la Declaración. Responda a las que desee y adjunte informes, presentaciones, fotos o vídeos que muestren su trabajo.</p>",
    "ru": "<p>В 2020 году, прежде чем составить Декларацию, альянс задал эти четыре вопроса. Ответьте на любые из них и приложите доклады, презентации, фотографии или видео о вашей работе.</p>",
    "ar": "<p>طرح التحالف في عام 2020 هذه الأسئلة الأربعة قبل صياغة الإعلان. أجيبوا عن أيٍّ منها، وأرفقوا تقارير أو عروضًا أو صورًا أو مقاطع فيديو تعرض عملكم.</p>",
    "zh-hans": "<p>2020年，联盟在起草宣言之前提出了以下四个问题。您可以回答其中任意问题，并附上展示您工作的报告、演示文稿、照片或视频。</p>",
}

GOOD_PRACTICES = [
    (
        "distance-education-in-three-steps",
        "Distance education in three steps",
        "Cadi Ayyad University",
        Region.ARAB_STATES,
        "How a Moroccan university identified, prepared and ran online teaching for all its "
        "students when campuses closed in 2020.",
        "<h3>Identify</h3><p>Courses were sorted by what could move online at once, what "
        "needed adapting and what had to wait for labs to reopen.</p><h3>Prepare</h3><p>Teachers "
        "were trained in short sessions and given templates for recorded lectures.</p>"
        "<h3>Run</h3><p>Courses ran on the university's platform and MOOCs, with weekly feedback "
        "from students.</p>",
    ),
    (
        "disrupted-classes-undisrupted-learning",
        "Disrupted classes, undisrupted learning",
        "Southern University of Science and Technology",
        Region.ASIA_PACIFIC,
        "578 online courses opened in a single semester in 2020, reaching more than 27,000 "
        "course enrolments, with a consultation group collecting students' feedback.",
        "<p>From February 2020 the university opened 578 online courses, including 497 "
        "undergraduate courses in 884 classes. Teachers answered questions in real time, and an "
        "online teaching consultation group collected students' opinions so that problems were "
        "solved quickly.</p>",
    ),
]

SUBMISSIONS = [
    (
        "Daniel Ortega",
        "daniel.ortega@uchile.example",
        "University of Chile",
        "Chile",
        SubmissionStatus.ACCEPTED,
    ),
    (
        "Grace Wanjiru",
        "grace.wanjiru@uonbi.example",
        "University of Nairobi",
        "Kenya",
        SubmissionStatus.PENDING,
    ),
    (
        "Olga Smirnova",
        "olga.smirnova@spbu.example",
        "Saint Petersburg University",
        "Russian Federation",
        SubmissionStatus.PENDING,
    ),
]
ANSWERS = [
    "Online courses kept our students learning through months of closures.",
    "Flexibility: learners study at their own pace, on the devices they have.",
    "Shared course catalogues and joint credits between member universities.",
    "We moved 300 courses online in three weeks and trained 1,200 teachers.",
]
PLEDGES = [
    ("Li Wei", "Beijing Normal University", "China"),
    ("Fatima Zahra", "Cadi Ayyad University", "Morocco"),
    ("Jean Dupont", "", "France"),
    ("Ana Lima", "University of Chile", "Chile"),
    ("Peter Mwangi", "University of Nairobi", "Kenya"),
]


def demo_pdf(text: str) -> bytes:
    """A one-page PDF saying `text` (ASCII), standing in for the real document."""
    stream = f"BT /F1 20 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def _page(parent, model, slug):
    """The English index page `slug` under `parent`, created and published if missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        title, intro = PAGES[slug]["en"]
        page = model(slug=slug, title=title, intro=intro)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def _translate(page, fields_for) -> None:
    """A published translation of `page` in each other language, with `fields_for(code)`."""
    for code in TRANSLATIONS:
        locale = Locale.objects.get(language_code=code)
        if page.get_translation_or_none(locale) is not None:
            continue
        translation = page.copy_for_translation(locale)
        for field, value in fields_for(code).items():
            setattr(translation, field, value)
        translation.save_revision().publish()
    demo_locale.localize_translations(page)


def _title_and_intro(slug):
    return lambda code: dict(zip(["title", "intro"], PAGES[slug][code], strict=True))


def load(stdout) -> None:
    home = HomePage.objects.get(locale__language_code="en")
    _declaration(home)
    _library(home)
    practices = _good_practices(home)
    _consultation(home, practices)
    _campaign(home)
    demo_locale.localize_institutions()
    stdout.write(
        "Website: the Declaration, its endorsements, the call for input, a campaign, good "
        "practices and the resource library, in six languages."
    )


# The versions' labels in the other languages (by number).
VERSION_LABELS = {
    1: {
        "ar": "مشروع للتشاور (أكتوبر/تشرين الأول 2020)",
        "zh-hans": "征求意见稿（2020年10月）",
        "fr": "Projet soumis à consultation (octobre 2020)",
        "ru": "Проект для консультаций (октябрь 2020 года)",
        "es": "Borrador para consulta (octubre de 2020)",
    },
    2: {
        "ar": "اعتُمد في المؤتمر العالمي للمقررات الإلكترونية المفتوحة الحاشدة (ديسمبر/كانون الأول 2020)",
        "zh-hans": "在世界慕课大会上通过（2020年12月）",
        "fr": "Adoptée à la Conférence mondiale sur les MOOC (décembre 2020)",
        "ru": "Принята на Глобальной конференции по МООК (декабрь 2020 года)",
        "es": "Aprobada en la Conferencia Mundial sobre MOOC (diciembre de 2020)",
    },
}


def _declaration(home) -> None:
    draft, _created = DeclarationVersion.objects.get_or_create(
        number=1, defaults={"label": "Consultation draft (October 2020)"}
    )
    if not draft.texts.exists():
        DeclarationText.objects.create(version=draft, language="en", title=DRAFT[0], body=DRAFT[1])
    adopted, _created = DeclarationVersion.objects.get_or_create(
        number=2,
        defaults={
            "label": "Adopted at the Global MOOC Conference (December 2020)",
            "status": VersionStatus.ADOPTED,
            "adopted_on": date(2020, 12, 11),
        },
    )
    for language, (title, body) in DECLARATION.items():
        DeclarationText.objects.get_or_create(
            version=adopted, language=language, defaults={"title": title, "body": body}
        )
    for version in (draft, adopted):  # the labels' translations it lacks (hand edits stay)
        labels = {lang: {"label": label} for lang, label in VERSION_LABELS[version.number].items()}
        if {**labels, **version.translations} != version.translations:
            version.translations = {**labels, **version.translations}
            version.save(update_fields=["translations"])
    page = _page(home, DeclarationPage, "declaration")
    _translate(page, _title_and_intro("declaration"))
    _endorsements(adopted)


def _endorsements(version) -> None:
    """Three confirmed signatories per region (Tsinghua left for the demo admin to sign), and
    two signatures waiting for the secretariat."""
    if version.endorsements.exists():
        return
    secretariat = Group.objects.get(name=settings.SECRETARIAT_GROUP).user_set.first()
    signed_at = timezone.now() - timedelta(days=20)
    for region in Region.values:
        institutions = Institution.objects.filter(region=region).exclude(name="Tsinghua University")
        for index, institution in enumerate(institutions.order_by("name")[:4]):
            admin = Affiliation.objects.filter(
                institution=institution, role=InstitutionRole.ADMIN
            ).first()
            confirmed = index < 3
            if not confirmed and region not in (Region.AFRICA, Region.ASIA_PACIFIC):
                continue
            Endorsement.objects.create(
                version=version,
                institution=institution,
                signed_by=admin.user if admin else None,
                signatory_title="President" if index % 2 else "Rector",
                status=EndorsementStatus.CONFIRMED if confirmed else EndorsementStatus.PENDING,
                decided_by=secretariat if confirmed else None,
                decided_at=signed_at if confirmed else None,
            )


def _document(title, language):
    Document = get_document_model()
    full_title = f"{title} ({language})"
    document = Document.objects.filter(title=full_title).first()
    if document is None:
        name = f"{title.lower().replace(' ', '-')}-{language}.pdf"
        document = Document.objects.create(
            title=full_title, file=ContentFile(demo_pdf(f"{title} - {language}"), name=name)
        )
    return document


def _library(home) -> None:
    index = _page(home, ResourceIndexPage, "resources")
    _translate(index, _title_and_intro("resources"))
    for audience, titles in GUIDANCE.items():
        slug = f"guidance-{audience}"
        if ResourcePage.objects.child_of(index).filter(slug=slug).exists():
            continue
        page = ResourcePage(
            slug=slug,
            title=titles[0],
            summary=GUIDANCE_SUMMARY["en"],
            audience=audience,
            resource_type="guidance",
            published_on=date(2020, 6, 3),
        )
        for language in ["zh-hans", "en"]:
            page.files.add(ResourceFile(language=language, document=_document(titles[0], language)))
        index.add_child(instance=page)
        page.save_revision().publish()
        by_language = dict(zip(GUIDANCE_LANGUAGES, titles, strict=True))
        _translate(
            page, lambda code, t=by_language: {"title": t[code], "summary": GUIDANCE_SUMMARY[code]}
        )


def _good_practices(home):
    index = _page(home, GoodPracticeIndexPage, "good-practices")
    _translate(index, _title_and_intro("good-practices"))
    for slug, title, organization, region, summary, body in GOOD_PRACTICES:
        if GoodPracticePage.objects.child_of(index).filter(slug=slug).exists():
            continue
        page = GoodPracticePage(
            slug=slug,
            title=title,
            organization=organization,
            region=region,
            summary=summary,
            body=body,
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        _translate(page, lambda code: {})  # the text waits for its translators
    return index


def _consultation(home, practices) -> None:
    page = ConsultationPage.objects.child_of(home).filter(slug="call-for-input").first()
    if page is None:
        today = timezone.now()
        page = ConsultationPage(
            slug="call-for-input",
            title=PAGES["call-for-input"]["en"][0],
            intro=PAGES["call-for-input"]["en"][1],
            body=CONSULTATION_BODY["en"],
            opens_at=today - timedelta(days=14),
            closes_at=today + timedelta(days=60),
        )
        for label, help_text in QUESTIONS["en"]:
            page.questions.add(
                ConsultationQuestion(label=label, help_text=help_text, required=False)
            )
        home.add_child(instance=page)
        page.save_revision().publish()
    for code in TRANSLATIONS:
        locale = Locale.objects.get(language_code=code)
        if page.get_translation_or_none(locale) is not None:
            continue
        translation = page.copy_for_translation(locale)
        translation.title, translation.intro = PAGES["call-for-input"][code]
        translation.body = CONSULTATION_BODY[code]
        for question, (label, help_text) in zip(
            translation.questions.all(), QUESTIONS[code], strict=True
        ):
            question.label, question.help_text = label, help_text
            question.save()
        translation.save_revision().publish()
    demo_locale.localize_translations(page)
    if page.submissions.exists():
        return
    for name, email, organization, country, status in SUBMISSIONS:
        submission = Submission.objects.create(
            page=page,
            name=name,
            email=email,
            organization=organization,
            country=country,
            language="en",
            status=status,
            answers=[
                {"question": label, "answer": answer}
                for (label, _help), answer in zip(QUESTIONS["en"], ANSWERS, strict=True)
            ],
        )
        if status == SubmissionStatus.PENDING:
            content = demo_pdf(f"Report by {organization}")
            Attachment.objects.create(
                submission=submission,
                file=ContentFile(content, name="report.pdf"),
                original_name="report.pdf",
                kind=AttachmentKind.REPORT,
                content_type="application/pdf",
                size=len(content),
            )


def _campaign(home) -> None:
    page = CampaignPage.objects.child_of(home).filter(slug="open-learning-for-all").first()
    if page is None:
        title, intro = PAGES["open-learning-for-all"]["en"]
        page = CampaignPage(
            slug="open-learning-for-all",
            title=title,
            intro=intro,
            pledge_text=PLEDGE["en"],
            goal=1000,
            body="<p>Launched with the Declaration, this campaign asks education leaders, "
            "teachers and learners to stand up for open, accessible online learning.</p>",
            advocacy_project=Project.objects.filter(
                slug="beijing-declaration-on-mooc-development"
            ).first(),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    _translate(
        page,
        lambda code: {
            **_title_and_intro("open-learning-for-all")(code),
            "pledge_text": PLEDGE[code],
        },
    )
    for index, (name, organization, country) in enumerate(PLEDGES):
        email = f"pledge{index + 1}@example.org"
        Pledge.objects.get_or_create(
            campaign=page,
            email=email,
            defaults={"name": name, "organization": organization, "country": country},
        )
