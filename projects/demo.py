"""The demo alliance's projects: a dozen workspaces of every kind, region and status, with people
in every role, updates, documents, milestones, meetings and trainings.

Idempotent: a project whose slug exists is left as it is. A fixed seed makes every run alike.
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
            "description": summary
            + "\n\nThe project is open to every member institution that shares its aims.",
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
