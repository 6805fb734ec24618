"""Reads of members/: the directory, profiles, people and applications."""

import hashlib
import json
import re
import time
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from members.models import (
    Affiliation,
    ApplicationDraft,
    ApplicationStatus,
    ChangeRequestStatus,
    Course,
    CourseLanguage,
    CourseRun,
    CourseSDGTarget,
    CourseStatus,
    DuesBasis,
    FeeSchedule,
    FieldOfEducation,
    IncomeGroup,
    Institution,
    InstitutionKind,
    InstitutionRole,
    Invitation,
    Membership,
    MembershipApplication,
    MembershipPeriod,
    MembershipStatus,
    Pacing,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Platform,
    ProfileChangeRequest,
    Reduction,
    Region,
    User,
)
from members.permissions import LISTED, MEMBER_AREA, is_secretariat, statuses_allowing
from members.reference import income_group_for_country
from members.signals import catalog_generation
from members.status import next_period


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    region: str = ""
    country: str = ""
    kind: str = ""


def in_listed_standing(prefix: str = "") -> Q:
    """Institutions whose membership may be listed (members.permissions.STANDING); `prefix`
    leads from another model to the institution, e.g. "institution__"."""
    return Q(**{f"{prefix}membership__status__in": statuses_allowing(LISTED)}) | Q(
        **{f"{prefix}membership__isnull": True}  # no membership row: pending
    )


def public_institutions() -> QuerySet[Institution]:
    """Public, not suspended, and in listed standing: what every public surface shows."""
    return Institution.objects.filter(in_listed_standing(), is_public=True, suspended_at=None)


def institutions_for_directory(*, filters: DirectoryFilters) -> QuerySet[Institution]:
    qs = public_institutions()
    if filters.q:
        qs = qs.annotate(description_text=Cast("description", CharField())).filter(
            Q(name__icontains=filters.q)
            | Q(short_name__icontains=filters.q)
            | Q(description_text__icontains=filters.q)
        )
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("name", "pk")


def members_per_region() -> list[dict]:
    """[{region, label, count, percent}] over the public directory, every region listed."""
    counts = dict(
        public_institutions().values_list("region").annotate(n=Count("pk")).order_by("region")
    )
    top = max(counts.values(), default=0) or 1
    return [
        {
            "region": region.value,
            "label": region.label,
            "count": counts.get(region.value, 0),
            "percent": round(100 * counts.get(region.value, 0) / top),
        }
        for region in Region
    ]


def countries_in_directory() -> list:
    """The countries that have at least one public member, for the directory's filter."""
    codes = public_institutions().values_list("country", flat=True).distinct().order_by()
    from django_countries import countries

    present = set(codes)
    return [(code, name) for code, name in countries if code in present]


def institution_for_profile(*, slug: str, user: User) -> Institution | None:
    """A listed profile; another (private, suspended, out of standing) only for its own people
    and the secretariat."""
    listed = public_institutions().filter(slug=slug).first()
    if listed is not None:
        return listed
    institution = Institution.objects.filter(slug=slug).first()
    if (
        institution is not None
        and user.is_authenticated
        and (is_secretariat(user) or institution.affiliations.filter(user=user).exists())
    ):
        return institution
    return None


def institutions_of(*, user: User) -> QuerySet[Affiliation]:
    return (
        Affiliation.objects.filter(user=user)
        .select_related("institution")
        .order_by("institution__name")
    )


def people_of(*, institution: Institution) -> QuerySet[Affiliation]:
    return (
        Affiliation.objects.filter(institution=institution)
        .select_related("user")
        .order_by("role", "user__email")
    )


def open_invitations_of(*, institution: Institution) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        institution=institution, accepted_at=None, revoked_at=None
    ).select_related("invited_by")


def applications_of(*, user: User) -> QuerySet[MembershipApplication]:
    return MembershipApplication.objects.filter(applicant=user).select_related("institution")


def application_draft_of(*, user: User) -> dict | None:
    """The wizard's progress kept for the account (ApplicationDraft), or None."""
    return ApplicationDraft.objects.filter(applicant=user).values_list("data", flat=True).first()


def open_application_of(*, user: User) -> MembershipApplication | None:
    return (
        MembershipApplication.objects.filter(
            applicant=user,
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW],
        )
        .order_by("-submitted_at")
        .first()
    )


# The course catalog -------------------------------------------------------------------------

CATALOG_SORTS = {
    "title": ["title", "pk"],  # indexes course_catalog_title and course_catalog_newest
    "newest": ["-created_at", "-pk"],
    "start": [F("next_start").asc(nulls_last=True), "title", "pk"],
}


@dataclass(frozen=True)
class CatalogFilters:
    q: str = ""
    language: str = ""
    field: str = ""
    region: str = ""
    institution: str = ""
    platform: str = ""
    free: bool | None = None
    certificate: bool | None = None
    pacing: str = ""
    when: str = ""
    sort: str = ""


def listed_course() -> Q:
    """A course partners and visitors may read: published, and offered by at least one
    institution whose membership may be listed (members.permissions.STANDING); the database
    keeps `Course.listed` (migration 0022_course_listed)."""
    return Q(listed=True)


def published_courses() -> QuerySet[Course]:
    """The courses of every public surface: the catalog, its search, the API, MOOChub."""
    return Course.objects.filter(listed_course())


# Chinese and Japanese write words without spaces, which full-text tokenizers do not split.
CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK = re.compile(f"[{CJK_CHARS}]")
SEARCH_TERMS = re.compile(f"[{CJK_CHARS}]+|[^\\W{CJK_CHARS}]+")
CATALOG_SEARCH_LIMIT = 5000  # Wagtail's backend (SQLite, OpenSearch): ids read per search


def uses_postgresql_search() -> bool:
    """PostgreSQL full-text search on members_course.search_vector (migration 0011), unless
    the site searches through OpenSearch (SEARCH_URL)."""
    return connection.vendor == "postgresql" and not settings.SEARCH_URL


def _tsquery(q: str) -> str:
    """'machine learn' -> 'machine:* & learn:*'; Chinese or Japanese -> its bigrams, the way
    members_cjk_bigrams indexed them. Only word characters reach to_tsquery."""
    terms = []
    for term in SEARCH_TERMS.findall(q):
        if CJK.match(term) and len(term) > 1:
            terms += [term[i : i + 2] for i in range(len(term) - 1)]
        else:
            terms.append(f"{term}:*")
    return " & ".join(terms)


# Words (prefixes, accents folded) or a title that resembles the query (pg_trgm word similarity:
# a misspelling), both served by GIN indexes, or the name of an offering institution (a few
# hundred rows). Self-contained, so that it stays right inside subqueries.
POSTGRESQL_MATCH = (
    "members_course.id = ANY(ARRAY("
    "SELECT id FROM members_course WHERE status = 'published' AND (search_vector @@"
    " to_tsquery('simple', members_unaccent(%s))"
    " OR members_unaccent(%s) <%% members_unaccent(title))"
    " UNION SELECT offered.course_id FROM members_course_institutions offered"
    " JOIN members_institution institution ON institution.id = offered.institution_id"
    " WHERE to_tsvector('simple', members_unaccent(institution.name || ' '"
    " || institution.short_name)) @@ to_tsquery('simple', members_unaccent(%s))))"
)
# Courses that contain the words first, by ts_rank; then those found by a misspelling only, by
# the title's similarity scaled below (computed for those rows alone: it costs more than ts_rank).
POSTGRESQL_RANK = (
    "CASE WHEN members_course.search_vector @@ to_tsquery('simple', members_unaccent(%s))"
    " THEN ts_rank(members_course.search_vector, to_tsquery('simple', members_unaccent(%s)))"
    " ELSE word_similarity(members_unaccent(%s), members_unaccent(members_course.title)) / 100 END"
)


def search_course_ids(q: str) -> list[int]:
    """Course ids matching `q`, best first, through Wagtail's search backend (at most
    CATALOG_SEARCH_LIMIT), or substrings for CJK, which its database backend does not split."""
    if CJK.search(q):
        matches = published_courses().filter(
            Q(title__icontains=q)
            | Q(summary__icontains=q)
            | Q(description__icontains=q)
            | Q(institutions__name__icontains=q)
        )
        return list(matches.values_list("pk", flat=True).distinct()[:CATALOG_SEARCH_LIMIT])
    # The search backend filters on indexed fields only; callers keep published_courses().
    searchable = Course.objects.filter(status=CourseStatus.PUBLISHED)
    results = get_search_backend().search(q, searchable, operator="and")
    return [course.pk for course in results[:CATALOG_SEARCH_LIMIT]]


@dataclass(frozen=True)
class CourseSearch:
    """A search of the catalog: `match` narrows a queryset of courses, `rank` orders it."""

    match: Q
    rank: object


def course_search(q: str) -> CourseSearch:
    """The catalog's and the API's search (`q`)."""
    if uses_postgresql_search():
        tsquery = _tsquery(q)
        if not tsquery:
            return CourseSearch(Q(pk__in=[]), Value(0))
        # Constant SQL; the query's text goes in as parameters.
        match = RawSQL(POSTGRESQL_MATCH, (tsquery, q, tsquery), output_field=BooleanField())  # noqa: S611
        rank = RawSQL(POSTGRESQL_RANK, (tsquery, tsquery, q))  # noqa: S611
        return CourseSearch(Q(match), rank.desc())
    ranked = search_course_ids(q)
    order = Case(*[When(pk=pk, then=index) for index, pk in enumerate(ranked[:500])], default=500)
    return CourseSearch(Q(pk__in=ranked), order.asc())


def _has(model, **lookups) -> Exists:
    """EXISTS a `model` row of this course matching `lookups` (no duplicate rows, unlike a join)."""
    return Exists(model.objects.filter(course=OuterRef("pk"), **lookups))


def courses_for_catalog(*, filters: CatalogFilters) -> QuerySet[Course]:
    """The catalog's courses; `next_start` is set on the page's courses (attach_next_start),
    and computed in SQL only to sort by it."""
    now = timezone.now()
    qs = published_courses()
    search = None
    if filters.q:
        search = course_search(filters.q)
        qs = qs.filter(search.match)
    if filters.language:
        qs = qs.filter(_has(CourseLanguage, code=filters.language, is_subtitle=False))
    if filters.field:
        qs = qs.filter(
            _has(Course.fields.through, fieldofeducation__code__startswith=filters.field)
        )
    offered = Course.institutions.through.objects.filter(course=OuterRef("pk"))
    if filters.region:
        qs = qs.filter(Exists(offered.filter(institution__region=filters.region)))
    if filters.institution:
        qs = qs.filter(Exists(offered.filter(institution__slug=filters.institution)))
    if filters.platform:
        qs = qs.filter(platform__slug=filters.platform)
    if filters.free is not None:
        qs = qs.filter(is_free=filters.free)
    if filters.certificate is not None:
        qs = qs.filter(has_certificate=filters.certificate)
    if filters.pacing:
        qs = qs.filter(_has(CourseRun, pacing=filters.pacing))
    if filters.when == "upcoming":
        qs = qs.filter(_has(CourseRun, starts_at__gt=now))
    elif filters.when == "running":
        qs = qs.filter(Exists(running_runs(now).filter(course=OuterRef("pk"))))
    if filters.sort == "start":
        qs = qs.annotate(next_start=Min("runs__starts_at", filter=Q(runs__starts_at__gte=now)))
    qs = qs.select_related("platform").prefetch_related(
        Prefetch(
            "institutions",
            queryset=Institution.objects.only("name", "translations", "slug", "region", "logo"),
        ),
        "language_rows",
        "runs",
    )
    if search is not None and not filters.sort:
        return qs.order_by(search.rank, "title", "pk")
    return qs.order_by(*CATALOG_SORTS.get(filters.sort, CATALOG_SORTS["title"]))


def attach_next_start(courses: list[Course]) -> list[Course]:
    """Set `next_start` (the first run start from now on) from the prefetched runs."""
    now = timezone.now()
    for course in courses:
        starts = [run.starts_at for run in course.runs.all() if run.starts_at]
        course.next_start = min((start for start in starts if start >= now), default=None)
    return courses


CATALOG_CACHE_SECONDS = 300  # also bounds how stale "upcoming" and "running" counts get
CATALOG_COMPUTE_SECONDS = 10  # how long other requests wait for the one computing a read


def catalog_cached(name: str, filters: CatalogFilters, compute):
    """`compute()`, cached CATALOG_CACHE_SECONDS per filter set until the catalog changes
    (members.signals.catalog_generation; writes in bulk call forget_catalog_reads). One request
    computes it (a lock in the cache, which answers yes when Redis is down); the others asking
    for the same read meanwhile wait for its result, up to CATALOG_COMPUTE_SECONDS."""
    parts = repr(sorted(asdict(filters).items())) if filters else ""
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    key = f"members:catalog:{catalog_generation()}:{name}:{digest}"
    value = cache.get(key)
    waited = 0.0
    while value is None and not cache.add(f"{key}:lock", 1, CATALOG_COMPUTE_SECONDS):
        if waited >= CATALOG_COMPUTE_SECONDS:
            break  # the computing request died: compute it here
        time.sleep(0.05)
        waited += 0.05
        value = cache.get(key)
    if value is None:
        try:
            value = compute()
            cache.set(key, value, CATALOG_CACHE_SECONDS)
        finally:
            cache.delete(f"{key}:lock")
    return value


def catalog_counts() -> dict[str, int]:
    """The home page's counts: listed members and published courses (cached)."""
    return catalog_cached(
        "counts",
        None,
        lambda: {
            "member_count": public_institutions().count(),
            "course_count": published_courses().count(),
        },
    )


def running_runs(now) -> QuerySet[CourseRun]:
    return CourseRun.objects.filter(
        Q(starts_at__lte=now) | Q(starts_at__isnull=True),
        Q(ends_at__gt=now) | Q(ends_at__isnull=True),
    )


# One statement: the matching courses once (MATERIALIZED), then the count and every facet's
# counts over them, each an aggregate on an indexed course_id; {matched} is their SQL.
FACETS_SQL = """
WITH matched (id) AS MATERIALIZED ({matched})
SELECT 'count', NULL, NULL, NULL, COUNT(*), 0, 0 FROM matched
UNION ALL
SELECT 'language', code, NULL, NULL, COUNT(*), 0, 0
    FROM matched JOIN members_courselanguage ON course_id = matched.id
    WHERE is_subtitle = %s GROUP BY code
UNION ALL
SELECT 'field', SUBSTR(fieldofeducation_id, 1, 2), NULL, NULL, COUNT(DISTINCT course_id), 0, 0
    FROM matched JOIN members_course_fields ON course_id = matched.id
    GROUP BY SUBSTR(fieldofeducation_id, 1, 2)
UNION ALL
SELECT 'region', institution.region, NULL, NULL, COUNT(DISTINCT offered.course_id), 0, 0
    FROM matched JOIN members_course_institutions offered ON offered.course_id = matched.id
    JOIN members_institution institution ON institution.id = offered.institution_id
    GROUP BY institution.region
UNION ALL
SELECT 'institution', institution.slug, institution.name,
    CAST(institution.translations AS TEXT), COUNT(*), 0, 0
    FROM matched JOIN members_course_institutions offered ON offered.course_id = matched.id
    JOIN members_institution institution ON institution.id = offered.institution_id
    GROUP BY institution.slug, institution.name, CAST(institution.translations AS TEXT)
UNION ALL
SELECT 'platform', platform.slug, platform.name, CAST(platform.translations AS TEXT), COUNT(*),
    COUNT(*) FILTER (WHERE course.is_free), COUNT(*) FILTER (WHERE course.has_certificate)
    FROM matched JOIN members_course course ON course.id = matched.id
    JOIN members_platform platform ON platform.id = course.platform_id
    GROUP BY platform.slug, platform.name, CAST(platform.translations AS TEXT)
UNION ALL
SELECT 'pacing', pacing, NULL, NULL, COUNT(DISTINCT course_id), 0, 0
    FROM matched JOIN members_courserun ON course_id = matched.id GROUP BY pacing
UNION ALL
SELECT 'when', NULL, NULL, NULL, COUNT(DISTINCT course_id) FILTER (WHERE starts_at > %s),
    COUNT(DISTINCT course_id) FILTER (WHERE (starts_at <= %s OR starts_at IS NULL)
        AND (ends_at > %s OR ends_at IS NULL)), 0
    FROM matched JOIN members_courserun ON course_id = matched.id
"""
FACET_LIMITS = {"language": 20, "institution": 20}


def _translated_name(model, name: str, translations: str | None) -> tuple[str, str]:
    """A facet's name in the reader's language, and the language it is in."""
    return model(name=name, translations=json.loads(translations or "{}")).translated("name")


def catalog_facets(*, courses: QuerySet[Course]) -> dict:
    """The number of `courses` ("count") and the counts per value of each facet over them, exact,
    in two queries whatever the size: FACETS_SQL and the names of the broad fields."""
    now = timezone.now()
    matched, params = courses.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(FACETS_SQL.replace("{matched}", matched), [*params, False, now, now, now])
        found = cursor.fetchall()
    field_names = {
        field.code: field.translated("name")[0]
        for field in FieldOfEducation.objects.filter(level="broad")
    }
    labels = {
        "field": lambda value, name, names: field_names.get(value, value),
        "region": lambda value, name, names: Region(value).label,
        "institution": lambda value, name, names: _translated_name(Institution, name, names),
        "platform": lambda value, name, names: _translated_name(Platform, name, names),
        "pacing": lambda value, name, names: Pacing(value).label,
    }
    facets = {facet: [] for facet in ("language", *labels)}
    free = certificate = 0
    for facet, value, name, names, n, a, b in found:
        if facet == "count":
            count = n
        elif facet == "when":
            upcoming, running = n, a
        else:
            label = labels[facet](value, name, names) if facet in labels else value
            row = {"value": value, "label": label, "count": n}
            if facet in ("institution", "platform"):  # names, with the language each is in
                row["label"], row["lang"] = label
            facets[facet].append(row)
            if facet == "platform":
                free, certificate = free + a, certificate + b
    for facet, rows in facets.items():
        rows.sort(key=lambda row: (-row["count"], row["value"]))
        del rows[FACET_LIMITS.get(facet, len(rows)) :]
    flags = {"free": free, "paid": count - free, "certificate": certificate}
    return {
        **facets,
        "flags": flags | {"upcoming": upcoming, "running": running},
        "count": count,
    }


def course_for_page(*, slug: str) -> Course | None:
    course = published_courses().select_related("platform").filter(slug=slug).first()
    return attach_course_details([course])[0] if course else None


def fields_of_education(*, codes: list[str]) -> QuerySet[FieldOfEducation]:
    return FieldOfEducation.objects.filter(code__in=codes).order_by("code")


def courses_of(*, institution: Institution) -> QuerySet[Course]:
    return (
        institution.courses.select_related("platform")
        .prefetch_related("runs")
        .order_by("title", "pk")
    )


def _course_ids_filter(ids: list[int]) -> Q:
    """course_id among `ids`: one array parameter on PostgreSQL (Django's IN prepares each of up
    to 1,000 values, which costs more than the query), a plain IN elsewhere."""
    if connection.vendor == "postgresql":
        return Q(RawSQL("course_id = ANY(%s)", (ids,), output_field=BooleanField()))
    return Q(course_id__in=ids)


@dataclass(slots=True)
class OfferingInstitution:
    """What a course's page or API item shows of an offering institution (a light row)."""

    slug: str
    name: str
    short_name: str
    kind: str
    country: str
    region: str
    website: str
    translations: dict
    logo: str  # the stored file's name; "" without a logo

    def get_absolute_url(self) -> str:
        return reverse("members:institution_detail", kwargs={"slug": self.slug})

    @property
    def logo_url(self) -> str:
        return Institution._meta.get_field("logo").storage.url(self.logo) if self.logo else ""

    def translated(self, field: str, language: str | None = None) -> tuple[str, str]:
        """As alliance.models.Translated.translated."""
        institution = Institution(name=self.name, translations=self.translations)
        return institution.translated(field, language)


@dataclass(slots=True)
class RunRow:
    starts_at: datetime | None
    ends_at: datetime | None
    enrollment_starts_at: datetime | None
    enrollment_ends_at: datetime | None
    pacing: str
    url: str

    def get_pacing_display(self) -> str:
        return Pacing(self.pacing).label


def attach_course_details(courses: list[Course]) -> list[Course]:
    """Set on each course, in three queries whatever their number: `offered_by` (institutions),
    `run_list`, `languages`, `subtitle_languages`, `sdg_targets` and `subjects` (dicts of the
    ISCED-F fields: code, level, name, parent).

    Cheaper than prefetch_related on long lists (no queryset per course), for the API's pages.
    """
    ids = [course.pk for course in courses]
    of_these = _course_ids_filter(ids)
    by_id = {course.pk: course for course in courses}
    for course in courses:
        course.offered_by, course.run_list = [], []
    institution_fields = [f"institution__{name}" for name in OfferingInstitution.__slots__]
    offered = (
        Course.institutions.through.objects.filter(of_these)
        .order_by("institution__name")
        .values_list("course_id", *institution_fields)
    )
    for course_id, *values in offered:
        by_id[course_id].offered_by.append(OfferingInstitution(*values))
    runs = (
        CourseRun.objects.filter(of_these)
        .order_by("starts_at", "pk")
        .values_list("course_id", *RunRow.__slots__)
    )
    for course_id, *values in runs:
        by_id[course_id].run_list.append(RunRow(*values))
    columns = ["course_id", "value", "tag", "name", "level", "parent"]
    none = Value(None, output_field=CharField())
    languages = (
        CourseLanguage.objects.filter(of_these)
        .annotate(
            value=F("code"),
            tag=Case(When(is_subtitle=True, then=Value(1)), default=Value(0)),
            name=none,
            level=none,
            parent=none,
        )
        .values_list(*columns)
    )
    targets = (
        CourseSDGTarget.objects.filter(of_these)
        .annotate(value=F("target"), tag=Value(2), name=none, level=none, parent=none)
        .values_list(*columns)
    )
    subjects = (
        Course.fields.through.objects.filter(of_these)
        .annotate(
            value=F("fieldofeducation__code"),
            tag=Value(3),
            name=F("fieldofeducation__name"),
            level=F("fieldofeducation__level"),
            parent=F("fieldofeducation__parent_id"),
        )
        .values_list(*columns)
    )
    found: dict[int, tuple[list, list, list, list]] = {pk: ([], [], [], []) for pk in ids}
    for course_id, value, tag, name, level, parent in languages.union(targets, subjects, all=True):
        item = value if tag < 3 else {"code": value, "level": level, "name": name, "parent": parent}
        found[course_id][tag].append(item)
    for course in courses:
        languages_, subtitles, sdgs, subjects_ = found[course.pk]
        course.languages, course.subtitle_languages, course.sdg_targets = (
            sorted(languages_),
            sorted(subtitles),
            sorted(sdgs),
        )
        course.subjects = sorted(subjects_, key=lambda subject: subject["code"])
    return courses


# Membership dues ----------------------------------------------------------------------------


def is_member_in_good_standing(institution: Institution) -> bool:
    """Active or in grace (members.permissions.STANDING: the member-only areas are open)."""
    return Membership.objects.filter(
        institution=institution, status__in=statuses_allowing(MEMBER_AREA)
    ).exists()


def online_payment_enabled() -> bool:
    """Stripe is set up; without it, members pay by bank transfer and the secretariat records it."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def counted_periods(*, membership: Membership) -> QuerySet[MembershipPeriod]:
    """The periods that count: those of payments that succeeded (and were not refunded)."""
    return membership.periods.filter(payment__status=PaymentStatus.SUCCEEDED)


def periods_of(*, membership: Membership) -> list[tuple[date, date]]:
    return list(counted_periods(membership=membership).values_list("starts_on", "ends_on"))


@dataclass(frozen=True)
class DuesQuote:
    """What the next period costs, always computed on the server; no fee: `fee_cents` is None."""

    year: int
    fee_cents: int | None
    reduction: Reduction | None = None

    @property
    def amount_cents(self) -> int | None:
        if self.fee_cents is None:
            return None
        return self.fee_cents * (100 - (self.reduction.percent if self.reduction else 0)) // 100

    @property
    def fee(self) -> Decimal | None:
        return None if self.fee_cents is None else Decimal(self.fee_cents) / 100

    @property
    def amount(self) -> Decimal | None:
        return None if self.amount_cents is None else Decimal(self.amount_cents) / 100


def dues_basis(*, membership: Membership, year: int) -> tuple[str, str]:
    """The kind and income group `year`'s dues are computed with: those kept for that year when
    the secretariat approved a change while the dues were due (DuesBasis), else the
    institution's."""
    basis = DuesBasis.objects.filter(membership=membership, year=year).first()
    if basis is not None:
        return basis.kind, basis.income_group
    return membership.institution.kind, membership.institution.income_group


def dues_quote(*, membership: Membership, today: date) -> DuesQuote:
    """The dues of the period a payment on `today` buys: the fee of the year it starts in for
    the institution's kind and World Bank income group (dues_basis), less that year's
    reduction."""
    start, _end = next_period(paid_on=today, periods=periods_of(membership=membership))
    kind, income_group = dues_basis(membership=membership, year=start.year)
    fee = FeeSchedule.objects.filter(year=start.year, kind=kind, income_group=income_group).first()
    return DuesQuote(
        year=start.year,
        fee_cents=None if fee is None else int(fee.amount_usd * 100),
        reduction=membership.reductions.filter(year=start.year).first(),
    )


def payments_of(*, membership: Membership) -> QuerySet[Payment]:
    return membership.payments.select_related("period", "reduction")


def balances_of(*, membership: Membership) -> QuerySet[Payment]:
    """The paid bank transfers that arrived short: their balance is still owed."""
    return membership.payments.filter(status=PaymentStatus.SUCCEEDED, balance_cents__gt=0)


def payment_reference(*, membership: Membership, year: int) -> str:
    """The reference a member gives its bank transfer for `year`'s dues, e.g. GMA-2027-M00042:
    the secretariat matches the transfer by it."""
    return f"GMA-{year}-M{membership.pk:05d}"


def admins_of(*, institution: Institution) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        affiliations__institution=institution,
        affiliations__role=InstitutionRole.ADMIN,
    ).order_by("email")


# The secretariat's dues report: each membership not cancelled falls in one category per year.
DUES_CATEGORIES = {
    "paid": _("Paid"),
    "waived": _("Waived"),
    "grace": _("Unpaid, in grace"),
    "unpaid": _("Unpaid"),
}


@dataclass(frozen=True)
class DuesLine:
    membership: Membership
    category: str
    amount_cents: int  # received when paid, the fee when waived, otherwise due
    receipts: str
    balance_cents: int = 0  # still owed on a paid bank transfer that arrived short


def _dues_line(membership: Membership, payments: list, fee: int, percent: int) -> DuesLine:
    receipts = " ".join(payment.receipt_number for payment in payments)
    if any(payment.method == PaymentMethod.WAIVER for payment in payments):
        return DuesLine(membership, "waived", sum(p.fee_cents for p in payments), receipts)
    if payments:
        received = sum(p.amount_cents for p in payments)
        balance = sum(p.balance_cents for p in payments)
        return DuesLine(membership, "paid", received, receipts, balance)
    category = "grace" if membership.status == MembershipStatus.GRACE else "unpaid"
    return DuesLine(membership, category, fee * (100 - percent) // 100, receipts)


def _dues_summary(label: str, lines: list[DuesLine]) -> dict:
    """Count, US dollars and share of the members, per category."""
    categories = []
    for key, category_label in DUES_CATEGORIES.items():
        mine = [line for line in lines if line.category == key]
        categories.append(
            {
                "key": key,
                "label": category_label,
                "count": len(mine),
                "amount": Decimal(sum(line.amount_cents for line in mine)) / 100,
                "percent": round(100 * len(mine) / len(lines)) if lines else 0,
            }
        )
    return {
        "label": label,
        "count": len(lines),
        "categories": categories,
        "balance": Decimal(sum(line.balance_cents for line in lines)) / 100,
    }


def dues_report(*, year: int) -> dict:
    """The dues of `year`: one line per membership not cancelled, then per UNESCO region and in
    total the count and amount paid, waived, unpaid in grace and unpaid."""
    memberships = (
        Membership.objects.exclude(status=MembershipStatus.CANCELLED)
        .select_related("institution")
        .order_by("institution__name", "pk")
    )
    payments: dict[int, list[Payment]] = {}
    for payment in Payment.objects.filter(year=year, status=PaymentStatus.SUCCEEDED).order_by(
        "paid_at", "pk"
    ):
        payments.setdefault(payment.membership_id, []).append(payment)
    fees = {
        (fee.kind, fee.income_group): int(fee.amount_usd * 100)
        for fee in FeeSchedule.objects.filter(year=year)
    }
    reductions = dict(Reduction.objects.filter(year=year).values_list("membership_id", "percent"))
    bases = {
        basis.membership_id: (basis.kind, basis.income_group)
        for basis in DuesBasis.objects.filter(year=year)
    }
    lines = [
        _dues_line(
            membership,
            payments.get(membership.pk, []),
            fees.get(
                bases.get(
                    membership.pk,
                    (membership.institution.kind, membership.institution.income_group),
                ),
                0,
            ),
            reductions.get(membership.pk, 0),
        )
        for membership in memberships
    ]
    regions = [
        _dues_summary(
            label, [line for line in lines if line.membership.institution.region == value]
        )
        for value, label in Region.choices
    ]
    return {"year": year, "lines": lines, "regions": regions, "total": _dues_summary("", lines)}


def pending_change_request(*, institution: Institution) -> ProfileChangeRequest | None:
    """The change of kind or country waiting for the secretariat's review, if any."""
    return institution.change_requests.filter(status=ChangeRequestStatus.PENDING).first()


def dues_years() -> list[int]:
    """The years with fees or payments, and this year, newest first."""
    years = set(FeeSchedule.objects.values_list("year", flat=True).distinct())
    years |= set(Payment.objects.values_list("year", flat=True).distinct())
    return sorted(years | {timezone.localdate().year}, reverse=True)


def account_data(*, user: User) -> dict:
    """What members/ holds about a person, for their own download (cms.account_data)."""
    return {
        "profile": {
            field: getattr(user, field)
            for field in (
                "email",
                "first_name",
                "last_name",
                "preferred_language",
                "time_zone",
                "date_joined",
                "last_login",
            )
        },
        "institution_roles": list(
            user.affiliations.values("institution__name", "role", "created_at")
        ),
        "applications": list(
            user.applications.values(
                "institution_name",
                "kind",
                "country",
                "website",
                "description",
                "contact_name",
                "contact_title",
                "contact_email",
                "motivation",
                "status",
                "submitted_at",
                "decided_at",
                "decision_reason",
            )
        ),
    }


# The institution's own audit log -------------------------------------------------------------

AUDIT_LOG_LIMIT = 200


def audit_log_of(*, institution: Institution, limit: int | None = AUDIT_LOG_LIMIT):
    """What was done to the institution and its membership (profile, people, invitations, dues),
    newest first, with who did it: one query."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from members.models import Membership

    membership = (
        Membership.objects.filter(institution=institution)
        .annotate(text=Cast("pk", output_field=CharField()))
        .values("text")
    )
    entries = (
        ModelLogEntry.objects.filter(
            Q(
                content_type=ContentType.objects.get_for_model(Institution),
                object_id=str(institution.pk),
            )
            | Q(
                content_type=ContentType.objects.get_for_model(Membership),
                object_id__in=membership,
            )
        )
        .select_related("user", "content_type")
        .order_by("-timestamp", "-pk")
    )
    return entries[:limit] if limit else entries


# The public fee schedule --------------------------------------------------------------------


@dataclass
class FeeTable:
    """One year's annual dues as a table: a row per kind of institution, a column per World
    Bank income group (the last one for the economies it does not classify)."""

    year: int
    years: list[int]
    groups: list[tuple[str, str]]
    rows: list[tuple[str, list[Decimal | None]]]


def fee_years() -> list[int]:
    return list(FeeSchedule.objects.order_by("year").values_list("year", flat=True).distinct())


def fee_table(*, year: int | None = None) -> FeeTable | None:
    """The fee schedule of `year` (this year's by default, else the latest one) in 2 queries,
    or None when the secretariat has set no fees."""
    years = fee_years()
    if not years:
        return None
    if year not in years:
        today = timezone.localdate().year
        year = today if today in years else years[-1]
    amounts = {
        (fee.kind, fee.income_group): fee.amount_usd
        for fee in FeeSchedule.objects.filter(year=year)
    }
    groups = [*IncomeGroup.choices[::-1], ("", _("Not classified"))]
    rows = [
        (label, [amounts.get((kind, group)) for group, _label in groups])
        for kind, label in InstitutionKind.choices
    ]
    return FeeTable(year=year, years=years, groups=groups, rows=rows)


def application_fee(*, kind: str, country: str, year: int | None = None) -> FeeSchedule | None:
    """The annual dues an applicant of this kind in this country would pay this year (kind x
    the country's World Bank income group), or None when no fee is set for them."""
    return FeeSchedule.objects.filter(
        year=year or timezone.localdate().year,
        kind=kind,
        income_group=income_group_for_country(str(country)),
    ).first()


# The charter ----------------------------------------------------------------------------------

CHARTER_SLUG = "charter"  # the website's page of the charter, under each language's home page


def charter_url() -> str:
    """The charter page in the active language (else in English), or "" while there is none."""
    pages = Page.objects.live().filter(slug=CHARTER_SLUG, depth=3)
    page = (
        pages.filter(locale=Locale.get_active()).first()
        or pages.filter(locale__language_code="en").first()
    )
    return page.url if page else ""
