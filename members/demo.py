"""The demo alliance's members: institutions, people in every role, pending applications.

Idempotent: what exists (by slug or email) is left as it is. A fixed seed makes every run alike.
"""

import random
from datetime import date, datetime, time, timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from members import selectors
from members.factories import ApplicationFactory, UserFactory
from members.models import (
    Affiliation,
    ApplicationStatus,
    CourseSharingAgreement,
    FeeSchedule,
    IncomeGroup,
    Institution,
    InstitutionKind,
    InstitutionRole,
    MemberReport,
    Membership,
    MembershipApplication,
    MembershipOverride,
    Payment,
    PaymentMethod,
    ReportStatus,
    User,
)
from members.services import applications as applications_services
from members.services import dues as dues_services
from members.services import institutions as institutions_services
from members.services import people as people_services

DEMO_DOMAIN = "alliance.example"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (demo only)

K = InstitutionKind
# The institutions named in the alliance's founding documents, and the secretariat's partners.
FOUNDING = [
    ("Tsinghua University", "THU", K.UNIVERSITY, "CN", 1911, "https://www.tsinghua.edu.cn"),
    ("xuetangX", "", K.PLATFORM, "CN", 2013, "https://www.xuetangx.com"),
    ("iCourse", "", K.PLATFORM, "CN", 2014, "https://www.icourse163.org"),
    ("edX", "", K.PLATFORM, "US", 2012, "https://www.edx.org"),
    ("Saint Petersburg University", "SPbU", K.UNIVERSITY, "RU", 1724, "https://spbu.ru"),
    ("University of Nairobi", "UoN", K.UNIVERSITY, "KE", 1970, "https://www.uonbi.ac.ke"),
    ("University of Chile", "UChile", K.UNIVERSITY, "CL", 1842, "https://www.uchile.cl"),
    (
        "Southern University of Science and Technology",
        "SUSTech",
        K.UNIVERSITY,
        "CN",
        2011,
        "https://www.sustech.edu.cn",
    ),
    ("Beijing Normal University", "BNU", K.UNIVERSITY, "CN", 1902, "https://www.bnu.edu.cn"),
    ("Nanyang Technological University", "NTU", K.UNIVERSITY, "SG", 1981, "https://www.ntu.edu.sg"),
    ("The University of Hong Kong", "HKU", K.UNIVERSITY, "HK", 1911, "https://www.hku.hk"),
    ("Cadi Ayyad University", "UCA", K.UNIVERSITY, "MA", 1978, "https://www.uca.ma"),
    (
        "UNESCO Institute for Information Technologies in Education",
        "UNESCO IITE",
        K.INTERNATIONAL_ORGANIZATION,
        "RU",
        1997,
        "https://iite.unesco.org",
    ),
    (
        "UNESCO International Centre for Higher Education Innovation",
        "UNESCO-ICHEI",
        K.INTERNATIONAL_ORGANIZATION,
        "CN",
        2016,
        "https://www.ichei.org",
    ),
]

# Cities by country for the generated members, over the five UNESCO regions.
CITIES = {
    "NG": ["Lagos", "Ibadan"],
    "GH": ["Accra", "Kumasi"],
    "ZA": ["Cape Town", "Durban"],
    "ET": ["Addis Ababa"],
    "SN": ["Dakar"],
    "RW": ["Kigali"],
    "UG": ["Kampala"],
    "EG": ["Cairo", "Alexandria"],
    "JO": ["Amman"],
    "LB": ["Beirut"],
    "TN": ["Tunis"],
    "AE": ["Sharjah"],
    "SA": ["Jeddah"],
    "IN": ["Bengaluru", "Pune"],
    "ID": ["Bandung", "Yogyakarta"],
    "VN": ["Hanoi"],
    "AU": ["Brisbane"],
    "KZ": ["Almaty"],
    "PH": ["Cebu"],
    "FR": ["Lyon", "Grenoble"],
    "DE": ["Freiburg"],
    "ES": ["Valencia", "Madrid"],
    "CA": ["Montréal"],
    "FI": ["Tampere"],
    "PL": ["Kraków"],
    "BR": ["Campinas", "Recife"],
    "MX": ["Guadalajara", "Puebla"],
    "CO": ["Medellín"],
    "AR": ["Córdoba"],
    "PE": ["Arequipa"],
    "JM": ["Kingston"],
    "CI": ["Abidjan"],
    "OM": ["Muscat"],
    "NP": ["Kathmandu"],
    "IT": ["Bologna"],
    "CR": ["San José"],
}
PATTERNS = [
    (K.UNIVERSITY, "{city} Open University"),
    (K.UNIVERSITY, "University of Technology {city}"),
    (K.PLATFORM, "{city} Learning Commons"),
    (K.CIVIL_SOCIETY, "{city} Education Access Network"),
    (K.PRIVATE_SECTOR, "{city} Foundation for Digital Learning"),
    (K.REGIONAL_ORGANIZATION, "{city} Regional Centre for Open Education"),
]
DESCRIPTIONS = {
    "en": "{name} offers open online courses and works with partners on quality, inclusive"
    " online education.",
    "fr": "{name} propose des cours en ligne ouverts et travaille avec ses partenaires pour une"
    " éducation en ligne inclusive et de qualité.",
    "es": "{name} ofrece cursos en línea abiertos y colabora con sus socios por una educación"
    " en línea inclusiva y de calidad.",
    "zh-hans": "{name} 提供开放在线课程，并与合作伙伴共同推动包容、优质的在线教育。",
    "ru": "{name} предлагает открытые онлайн-курсы и вместе с партнёрами работает ради"
    " инклюзивного и качественного онлайн-образования.",
    "ar": "تقدم {name} مقررات إلكترونية مفتوحة وتعمل مع شركائها من أجل تعليم إلكتروني جيد وشامل.",
}


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def _user(local: str, first: str, last: str, **extra) -> User:
    user = User.objects.filter(email=_email(local)).first()
    return user or UserFactory(email=_email(local), first_name=first, last_name=last, **extra)


def _with_totp(user: User) -> User:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def _institution(rng, name, short, kind, country, year, website, languages) -> Institution:
    # Draw from the generator whether or not the institution exists, so reruns stay in step.
    joined = rng.choice(
        [date(2020, 12, 11), date(2021 + rng.randrange(5), 1 + rng.randrange(12), 1)]
    )
    existing = Institution.objects.filter(slug=slugify(name)).first()
    if existing:
        return existing
    return institutions_services.institution_create(
        actor=None,
        data={
            "name": name,
            "slug": slugify(name),
            "short_name": short,
            "kind": kind,
            "country": country,
            "founding_year": year,
            "website": website,
            "description": {code: DESCRIPTIONS[code].format(name=name) for code in languages},
            "joined_on": joined,
            "is_public": True,
        },
    )


def _role(institution: Institution, user: User, role: str) -> None:
    if not Affiliation.objects.filter(institution=institution, user=user).exists():
        people_services.person_add(institution=institution, user=user, role=role, actor=None)


def load(stdout) -> list[tuple[str, str]]:
    """Build the members part of the demo; return (login, what it is) pairs to print."""
    rng = random.Random(2020)
    institutions = []
    for name, short, kind, country, year, website in FOUNDING:
        languages = (
            ["en", "zh-hans"]
            if country in ("CN", "HK")
            else ["en", "fr", "ru"][: 1 + rng.randrange(3)]
        )
        institutions.append(_institution(rng, name, short, kind, country, year, website, languages))
    for country, cities in CITIES.items():
        for city in cities:
            kind, pattern = PATTERNS[rng.randrange(len(PATTERNS))]
            name = pattern.format(city=city)
            languages = rng.sample(list(DESCRIPTIONS), 1 + rng.randrange(3))
            website = f"https://{slugify(name)}.example.org"
            year = 1900 + rng.randrange(120)
            institutions.append(
                _institution(rng, name, "", kind, country, year, website, languages)
            )

    secretariat = _with_totp(_user("secretariat", "Mei", "Lin"))
    secretariat.groups.add(Group.objects.get(name=settings.SECRETARIAT_GROUP))
    _with_totp(_user("admin", "Site", "Administrator", is_superuser=True, is_staff=True))

    tsinghua, nairobi = institutions[0], institutions[5]
    _role(tsinghua, _user("tsinghua.admin", "Wei", "Zhang"), InstitutionRole.ADMIN)
    _role(tsinghua, _user("tsinghua.editor", "Li", "Chen"), InstitutionRole.EDITOR)
    _role(tsinghua, _user("tsinghua.staff", "Yun", "Wang"), InstitutionRole.STAFF)
    _role(nairobi, _user("nairobi.admin", "Amina", "Otieno"), InstitutionRole.ADMIN)
    for index, institution in enumerate(institutions[1:], start=1):
        if institution is not nairobi:
            _role(
                institution, _user(f"admin{index}", "Demo", f"Admin {index}"), InstitutionRole.ADMIN
            )
    _user("member", "Sam", "Member")

    applicant = _user("applicant", "Carla", "Rojas")
    if not MembershipApplication.objects.exists():
        ApplicationFactory(
            applicant=applicant,
            institution_name="Universidad Abierta del Pacífico",
            country="PE",
            website="https://uap.example.org",
        )
        for name, country, status in [
            ("Kigali Institute of Open Learning", "RW", ApplicationStatus.UNDER_REVIEW),
            ("Nile Valley Digital University", "EG", ApplicationStatus.SUBMITTED),
            ("Tsinghua University Online", "CN", ApplicationStatus.SUBMITTED),
        ]:
            application = ApplicationFactory(
                institution_name=name,
                country=country,
                status=status,
                website="https://www.tsinghua.edu.cn/online"
                if country == "CN"
                else f"https://{slugify(name)}.example.org",
            )
            application.possible_duplicates = applications_services.application_possible_duplicates(
                name=application.institution_name,
                website=application.website,
                exclude_pk=application.pk,
            )
            application.save(update_fields=["possible_duplicates"])

    stdout.write(f"Members: {Institution.objects.count()} institutions.")
    return [
        (_email("secretariat"), f"secretariat (two-factor secret {DEMO_TOTP_SECRET})"),
        (_email("admin"), f"superuser, Django admin (two-factor secret {DEMO_TOTP_SECRET})"),
        (_email("tsinghua.admin"), "administrator of Tsinghua University"),
        (_email("tsinghua.editor"), "editor of Tsinghua University"),
        (_email("tsinghua.staff"), "staff of Tsinghua University"),
        (_email("nairobi.admin"), "administrator of the University of Nairobi"),
        (_email("member"), "signed-in person without an institution"),
        (_email("applicant"), "applicant with a pending membership application"),
    ]


# Membership dues ----------------------------------------------------------------------------

# Annual dues in USD per kind, and the share of them (%) per World Bank income group.
DEMO_FEES = {
    K.UNIVERSITY: 2000,
    K.PLATFORM: 3000,
    K.INTERNATIONAL_ORGANIZATION: 1500,
    K.REGIONAL_ORGANIZATION: 1000,
    K.CIVIL_SOCIETY: 500,
    K.PRIVATE_SECTOR: 4000,
}
INCOME_SHARES = {
    IncomeGroup.HIGH: 100,
    IncomeGroup.UPPER_MIDDLE: 60,
    IncomeGroup.LOWER_MIDDLE: 30,
    IncomeGroup.LOW: 10,
    "": 30,
}


def _demo_payment(membership: Membership, method: str, days_ago: int) -> Payment:
    """A payment of the dues made `days_ago` (Stripe's ids made up), with its period."""
    paid_on = timezone.localdate() - timedelta(days=days_ago)
    quote = selectors.dues_quote(membership=membership, today=paid_on)
    key = f"demo_{membership.pk}_{paid_on:%Y%m%d}"
    online = method == PaymentMethod.STRIPE
    payment = Payment.objects.create(
        membership=membership,
        year=quote.year,
        method=method,
        fee_cents=quote.fee_cents,
        amount_cents=quote.amount_cents,
        reduction=quote.reduction,
        stripe_checkout_session_id=f"cs_{key}" if online else None,
        stripe_payment_intent_id=f"pi_{key}" if online else None,
        reference=f"DEMO-{key}" if method == PaymentMethod.OFFLINE else "",
    )
    paid_at = timezone.make_aware(datetime.combine(paid_on, time(10)))
    return dues_services.payment_succeed(payment=payment, paid_at=paid_at)


def load_dues(stdout) -> None:
    """Fees from two years back to next year, and members in every status: most active (paid
    through Stripe or by bank transfer, one renewed, one with a reduction, one with a waiver),
    and one each in grace, lapsed, pending, cancelled and suspended. Idempotent: once there are
    payments, only the missing fees and memberships are added."""
    today = timezone.localdate()
    for year in range(today.year - 2, today.year + 2):
        for kind, amount in DEMO_FEES.items():
            for group, share in INCOME_SHARES.items():
                FeeSchedule.objects.get_or_create(
                    year=year,
                    kind=kind,
                    income_group=group,
                    defaults={"amount_usd": amount * share // 100},
                )
    memberships = [
        dues_services.membership_for(institution=institution)
        for institution in Institution.objects.order_by("pk")
    ]
    if Payment.objects.exists():
        return
    rng = random.Random(2026)
    secretariat = User.objects.get(email=_email("secretariat"))
    *members, reduced, waived, renewed, cancelled, suspended, grace, lapsed, _pending = memberships
    for index, membership in enumerate(members):
        method = PaymentMethod.STRIPE if index % 2 == 0 else PaymentMethod.OFFLINE
        _demo_payment(membership, method, rng.randrange(5, 300))
    dues_services.reduction_grant(
        membership=reduced,
        year=today.year,
        percent=50,
        reason="Capacity-building partner of the alliance: half the dues this year.",
        approver=secretariat,
    )
    _demo_payment(reduced, PaymentMethod.STRIPE, 0)
    dues_services.reduction_grant(
        membership=waived,
        year=today.year,
        percent=100,
        reason="Member hit by a natural disaster: dues waived this year.",
        approver=secretariat,
    )
    _demo_payment(waived, PaymentMethod.WAIVER, 0)
    _demo_payment(renewed, PaymentMethod.OFFLINE, 350)
    _demo_payment(renewed, PaymentMethod.STRIPE, 10)
    for membership, override in [
        (cancelled, MembershipOverride.CANCELLED),
        (suspended, MembershipOverride.SUSPENDED),
    ]:
        _demo_payment(membership, PaymentMethod.OFFLINE, 100)
        dues_services.membership_set_override(
            membership=membership,
            override=override,
            reason="Demo: set by the secretariat.",
            actor=secretariat,
        )
    _demo_payment(grace, PaymentMethod.STRIPE, 380)
    _demo_payment(lapsed, PaymentMethod.OFFLINE, 500)
    stdout.write(f"Dues: {Payment.objects.count()} payments.")


def load_impact(stdout) -> None:
    """Member reports for this year (most accepted, two waiting for the secretariat) and
    course-sharing agreements between institutions that have courses, so that the impact
    dashboard shows figures (after the courses). Idempotent: skipped once there are reports."""
    if MemberReport.objects.exists():
        return
    rng = random.Random(2021)
    year = timezone.localdate().year  # so the year's figures include the demo's courses
    institutions = list(Institution.objects.filter(is_public=True).order_by("pk")[:24])
    for index, institution in enumerate(institutions):
        learners = rng.randrange(2, 400) * 100
        MemberReport.objects.create(
            institution=institution,
            year=year,
            learners_reached=learners,
            courses_shared=rng.randrange(0, 12),
            teachers_trained=rng.randrange(0, 300),
            joint_projects=rng.randrange(0, 4),
            exchanges=rng.randrange(0, 15),
            status=ReportStatus.SUBMITTED if index % 10 == 9 else ReportStatus.ACCEPTED,
            submitted_at=timezone.now(),
            accepted_at=None if index % 10 == 9 else timezone.now(),
        )
    offering = [i for i in institutions if i.courses.exists()][:6]
    for index, institution in enumerate(offering):
        partner = offering[(index + 1) % len(offering)]
        if partner == institution:
            continue
        agreement = CourseSharingAgreement.objects.create(
            offering_institution=institution,
            partner_institution=partner,
            students=("Undergraduate students", "Master's students", "All enrolled students")[
                index % 3
            ],
            credit_recognition=("full", "partial", "none")[index % 3],
            starts_on=timezone.localdate().replace(month=1, day=1),
        )
        agreement.courses.set(institution.courses.order_by("pk")[:2])
    stdout.write(f"Member reports: {len(institutions)}; agreements: {len(offering)}")
