"""Reads of the website: news, events and their agenda, the home page's facts; the Declaration,
the resource library, the call for input and the campaigns."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail_localize.fields import TranslatableField, get_translatable_fields

from alliance.images import with_images
from cms.models import (
    CallPage,
    CampaignPage,
    ConferenceSeriesPage,
    ConsultationPage,
    DeclarationText,
    DeclarationVersion,
    Endorsement,
    GoodPracticeIndexPage,
    ResourceFile,
    ResourcePage,
    Submission,
)
from cms.models.declaration import EndorsementStatus, VersionStatus
from cms.models.event import EventPage, EventRegistration, EventSession, parse_agenda_zones
from cms.models.news import NewsPage, NewsPageTag
from members import selectors as member_selectors
from members.models import Affiliation, InstitutionRole, Region
from members.selectors import is_member_in_good_standing
from projects import selectors as project_selectors

# The Declaration ------------------------------------------------------------------------------


def adopted_declaration() -> DeclarationVersion | None:
    """The version in force: the latest adopted one."""
    return (
        DeclarationVersion.objects.filter(status=VersionStatus.ADOPTED)
        .order_by("-adopted_on", "-number")
        .first()
    )


def declaration_versions() -> QuerySet[DeclarationVersion]:
    return DeclarationVersion.objects.order_by("-number")


def declaration_text(*, version: DeclarationVersion, language: str) -> DeclarationText | None:
    """The version's text in `language`, else in the default language, else any."""
    texts = {text.language: text for text in version.texts.all()}
    fallback = texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), None)
    return texts.get(language) or fallback


def signatories_by_region(*, version: DeclarationVersion) -> dict:
    """The confirmed signatories of `version`, grouped by UNESCO region with counts (one query)."""
    endorsements = (
        Endorsement.objects.filter(version=version, status=EndorsementStatus.CONFIRMED)
        .select_related("institution")
        .order_by("institution__name")
    )
    groups = {value: [] for value in Region.values}
    for endorsement in endorsements:
        groups.setdefault(endorsement.institution.region, []).append(endorsement)
    regions = [
        {"region": value, "label": Region(value).label if value else "", "endorsements": rows}
        for value, rows in groups.items()
    ]
    return {"regions": regions, "total": sum(len(r["endorsements"]) for r in regions)}


def endorsing_options(*, user, version: DeclarationVersion) -> list[dict]:
    """The institutions `user` is an admin of, whether each may sign `version` now, and its
    existing endorsement (pending or confirmed) if any."""
    if not user.is_authenticated:
        return []
    affiliations = Affiliation.objects.filter(user=user, role=InstitutionRole.ADMIN).select_related(
        "institution"
    )
    existing = {
        e.institution_id: e
        for e in Endorsement.objects.filter(
            version=version,
            institution__in=[a.institution for a in affiliations],
        ).exclude(status=EndorsementStatus.REJECTED)
    }
    return [
        {
            "institution": a.institution,
            "in_good_standing": is_member_in_good_standing(a.institution),
            "endorsement": existing.get(a.institution_id),
        }
        for a in affiliations
    ]


def signable_institutions(options: list[dict]) -> list:
    """Of `endorsing_options`, the institutions that may sign now."""
    return [o["institution"] for o in options if o["in_good_standing"] and not o["endorsement"]]


def take_part_pages(*, page) -> QuerySet:
    """The call for input, campaigns and good practices next to the Declaration page."""
    return (
        page.get_siblings(inclusive=False)
        .live()
        .type(ConsultationPage, CampaignPage, GoodPracticeIndexPage)
        .order_by("path")
    )


# The resource library -------------------------------------------------------------------------


def resources_for_library(*, index, filters: dict) -> QuerySet[ResourcePage]:
    """The live resources under `index`, filtered by audience, type and language (the language
    of a file), with their files and documents in two more queries."""
    resources = ResourcePage.objects.live().child_of(index)
    if filters.get("audience"):
        resources = resources.filter(audience=filters["audience"])
    if filters.get("type"):
        resources = resources.filter(resource_type=filters["type"])
    if filters.get("language"):
        resources = resources.filter(files__language=filters["language"]).distinct()
    files = ResourceFile.objects.select_related("document").order_by("sort_order")
    return resources.order_by("-published_on", "title").prefetch_related(
        Prefetch("files", queryset=files)
    )


HOME_NEWS = 3
HOME_EVENTS = 3


def news_for_index(*, index, category: str = "", tag: str = "") -> QuerySet[NewsPage]:
    news = NewsPage.objects.child_of(index).live().public()
    if category:
        news = news.filter(category=category)
    if tag:
        news = news.filter(tags__name__iexact=tag)
    return with_images(news).order_by("-date", "-pk")


RELATED_NEWS = 3


def related_news(*, page: NewsPage) -> list[NewsPage]:
    """Three other articles in the page's language: those sharing a tag with it first, then the
    latest. One query, plus two for their images, whatever the number of tags or articles."""
    shared_tag = NewsPageTag.objects.filter(
        content_object=models.OuterRef("pk"),
        tag__in=NewsPageTag.objects.filter(content_object=page).values("tag"),
    )
    others = (
        NewsPage.objects.live()
        .public()
        .filter(locale_id=page.locale_id)
        .exclude(pk=page.pk)
        .annotate(shares_a_tag=models.Exists(shared_tag))
        .order_by("-shares_a_tag", "-date", "-pk")
    )
    return list(with_images(others)[:RELATED_NEWS])


def published_news() -> QuerySet[NewsPage]:
    return NewsPage.objects.live().public().select_related("locale")


def published_events() -> QuerySet[EventPage]:
    return EventPage.objects.live().public().select_related("locale")


def events_for_index(*, index, now) -> tuple[list[EventPage], QuerySet[EventPage]]:
    events = with_images(EventPage.objects.child_of(index).live().public())
    upcoming = list(events.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return upcoming, past


def home_page_facts(*, home) -> dict:
    """The home page's lists and counts, in the home page's language tree."""
    now = timezone.now()
    return {
        "latest_news": list(
            with_images(NewsPage.objects.descendant_of(home).live().public()).order_by(
                "-date", "-pk"
            )[:HOME_NEWS]
        ),
        "upcoming_events": list(
            with_images(EventPage.objects.descendant_of(home).live().public())
            .filter(ends_at__gte=now)
            .order_by("starts_at", "pk")[:HOME_EVENTS]
        ),
        **member_selectors.catalog_counts(),
        "featured_projects": list(project_selectors.featured_projects()),
        # The programmes: the calls open now, the conference archive (and the impact dashboard).
        "open_calls": list(
            CallPage.objects.child_of(home)
            .live()
            .public()
            .filter(opens_at__lte=now, closes_at__gt=now)
            .order_by("closes_at", "pk")
        ),
        "conference_series": ConferenceSeriesPage.objects.child_of(home).live().public().first(),
    }


# The agenda ---------------------------------------------------------------------------------


@dataclass
class AgendaColumn:
    label: str
    zone: zoneinfo.ZoneInfo
    is_viewer: bool = False


@dataclass
class AgendaCell:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    other_day: bool  # the session starts on another date in this zone than the day heading
    is_viewer: bool  # the viewer's own zone
    label: str  # its column's, for the agenda's cards on narrow screens


@dataclass
class AgendaRow:
    session: EventSession
    cells: list[AgendaCell]


@dataclass
class AgendaDay:
    date: datetime.date
    rows: list[AgendaRow] = field(default_factory=list)


@dataclass
class Agenda:
    zone: zoneinfo.ZoneInfo
    columns: list[AgendaColumn]
    days: list[AgendaDay]


def event_agenda(*, event: EventPage, viewer: zoneinfo.ZoneInfo) -> Agenda:
    """The sessions grouped by day in the event's zone, with one time column per agenda zone
    and one in the viewer's zone (unless already shown: then that column is the viewer's). A
    cell whose date differs from its day's heading carries its own date."""
    columns = [
        AgendaColumn(label, zoneinfo.ZoneInfo(name))
        for label, name in parse_agenda_zones(event.agenda_zones)
    ]
    if not columns:
        columns = [AgendaColumn(event.time_zone, event.zone)]
    for column in columns:
        column.is_viewer = column.zone.key == viewer.key
    if not any(column.is_viewer for column in columns):
        columns.append(AgendaColumn(_("Your time (%(zone)s)") % {"zone": viewer.key}, viewer, True))
    days: dict[datetime.date, AgendaDay] = {}
    for session in sorted(event.sessions.all(), key=lambda s: (s.starts_at, s.sort_order or 0)):
        day = session.starts_at.astimezone(event.zone).date()
        cells = []
        for column in columns:
            start = session.starts_at.astimezone(column.zone)
            cells.append(
                AgendaCell(
                    start,
                    session.ends_at.astimezone(column.zone),
                    start.date() != day,
                    column.is_viewer,
                    column.label,
                )
            )
        days.setdefault(day, AgendaDay(day)).rows.append(AgendaRow(session, cells))
    return Agenda(event.zone, columns, list(days.values()))


# Registration -------------------------------------------------------------------------------


@dataclass
class RegistrationState:
    is_open: bool
    reason: str  # why it is closed, for people
    registration: EventRegistration | None  # the signed-in person's registration
    places_left: int | None

    @property
    def full(self) -> bool:
        """Open, but new registrations join the waiting list."""
        return self.is_open and self.places_left == 0


def registrations_of(*, event: EventPage, now) -> QuerySet[EventRegistration]:
    """The registrations that hold a place: confirmed, or waiting for their confirmation within
    the hold (an expired one is counted nowhere)."""
    return EventRegistration.objects.filter(event=event.registration_event).holding_a_place(now)


def certificate_of(*, code: str) -> EventRegistration | None:
    """The attended registration whose certificate carries `code` (any case), or None."""
    return (
        EventRegistration.objects.select_related("event")
        .filter(attended_at__isnull=False, certificate_code=code.strip().upper())
        .first()
    )


def registration_open_by_dates(*, event: EventPage, now) -> bool:
    """Open by the secretariat's switch and the dates (places left aside)."""
    return registration_closed_reason(event=event, now=now) == ""


def registration_closed_reason(*, event: EventPage, now) -> str:
    """Empty when registration is open, else why not. A full event stays open: new
    registrations join its waiting list."""
    if not event.registration_open or now >= event.ends_at:
        return _("Registration is closed.")
    if event.registration_closes_at and now >= event.registration_closes_at:
        closed = timezone.localtime(event.registration_closes_at, event.zone)
        return _("Registration closed on %(date)s (%(zone)s).") % {
            "date": formats.date_format(closed, "DATETIME_FORMAT"),
            "zone": event.time_zone,
        }
    return ""


def event_registration_state(*, event: EventPage, user, now) -> RegistrationState:
    registrations = registrations_of(event=event, now=now)
    taken = registrations.count() if event.capacity is not None else 0
    mine = None
    if user.is_authenticated:
        own = EventRegistration.objects.filter(event=event.registration_event).exclude(
            pk__in=EventRegistration.objects.expired(now).values("pk")
        )
        mine = own.filter(Q(user=user) | Q(email__iexact=user.email)).first()
    reason = registration_closed_reason(event=event, now=now)
    left = max(event.capacity - taken, 0) if event.capacity is not None else None
    return RegistrationState(not reason, reason, mine, left)


# The API's validators -----------------------------------------------------------------------


def pages_version(model) -> tuple[str, float | None]:
    """A version of the published pages of `model`, for ETags: it changes when one is
    published (latest publication), unpublished, moved or deleted (the page log's latest
    entry, and the count)."""
    from django.db.models import Count, Max
    from wagtail.models import PageLogEntry

    pages = model.objects.live().aggregate(count=Count("pk"), last=Max("last_published_at"))
    log = PageLogEntry.objects.aggregate(last=Max("pk"))["last"]
    last = pages["last"]
    return f"{pages['count']}|{last}|{log}", last.timestamp() if last else None


# The translation overview ---------------------------------------------------------------------

TRANSLATION_STATES = {
    "missing": gettext_lazy("missing"),
    "in_progress": gettext_lazy("in progress"),
    "translated": gettext_lazy("translated"),
    "out_of_date": gettext_lazy("out of date"),
}
NOT_TEXT_FIELDS = {"slug", "seo_title", "search_description"}


def text_fields(model) -> list[str]:
    """The translatable text fields of a page or inline model (wagtail-localize's list)."""
    names = []
    for translatable in get_translatable_fields(model):
        name = translatable.field_name
        if not isinstance(translatable, TranslatableField) or name in NOT_TEXT_FIELDS:
            continue
        if isinstance(model._meta.get_field(name), models.CharField | models.TextField):
            names.append(name)
    return names


def untranslated_fields(translation, source) -> list[str]:
    """The text fields of `translation` that still hold the text of `source`."""
    return [
        name
        for name in text_fields(type(source))
        if getattr(source, name) and getattr(translation, name) == getattr(source, name)
    ]


@dataclass
class TranslationCell:
    language: str
    state: str
    url: str

    @property
    def label(self):
        return TRANSLATION_STATES[self.state]


@dataclass
class TranslationRow:
    page: object
    kind: str
    cells: list[TranslationCell]


def _translation_state(source, target, synced, managed) -> str:
    if target is None:
        return "missing"
    changed_at = source.latest_revision_created_at or source.last_published_at
    if managed is not None:  # wagtail-localize's sync state: content extracted before the edit
        if changed_at and synced.last_updated_at < changed_at:
            return "out_of_date"
    elif changed_at and target.last_published_at and target.last_published_at < changed_at:
        return "out_of_date"
    if not target.live or target.has_unpublished_changes or untranslated_fields(target, source):
        return "in_progress"
    return "translated"


def translation_overview(*, language: str = "", state: str = "", kind: str = ""):
    """Every page of the default language x the other languages: (rows, counts), counts being
    {language: {state: number}}; rows filtered by page type `kind`, and to those with a cell
    in `state` (in `language` if given)."""
    from django.urls import reverse
    from wagtail.models import Locale, Page
    from wagtail_localize.models import Translation, TranslationSource

    default = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    order = [code for code, _name in settings.LANGUAGES]
    locales = sorted(
        Locale.objects.exclude(pk=default.pk), key=lambda locale: order.index(locale.language_code)
    )
    sources = Page.objects.filter(locale=default, depth__gt=1).order_by("path").specific()
    keys = [page.translation_key for page in sources]
    targets = {
        (page.translation_key, page.locale_id): page
        for page in Page.objects.filter(translation_key__in=keys).exclude(locale=default).specific()
    }
    synced = {
        source.object_id: source
        for source in TranslationSource.objects.filter(object_id__in=keys, locale=default)
    }
    managed = {
        (translation.source.object_id, translation.target_locale_id): translation
        for translation in Translation.objects.filter(
            source__in=synced.values(), enabled=True
        ).select_related("source")
    }
    counts = {locale.language_code: dict.fromkeys(TRANSLATION_STATES, 0) for locale in locales}
    rows = []
    for page in sources:
        cells = []
        for locale in locales:
            key = (page.translation_key, locale.pk)
            target = targets.get(key)
            cell_state = _translation_state(
                page, target, synced.get(page.translation_key), managed.get(key)
            )
            counts[locale.language_code][cell_state] += 1
            url = (
                reverse("wagtailadmin_pages:edit", args=[target.pk])
                if target
                else reverse("wagtail_localize:submit_page_translation", args=[page.pk])
            )
            cells.append(TranslationCell(locale.language_code, cell_state, url))
        row = TranslationRow(page, page.specific_class._meta.verbose_name, cells)
        if kind and page.specific_class._meta.model_name != kind:
            continue
        if state and not any(
            cell.state == state and (not language or cell.language == language) for cell in cells
        ):
            continue
        rows.append(row)
    return rows, counts


def account_data(*, user) -> dict:
    """What cms/ holds about a person, for their own download (cms.account_data): what they
    signed or registered while signed in, and what they sent from their address."""
    return {
        "pledges": list(
            Endorsement.objects.filter(signed_by=user).values(
                "version__number", "institution__name", "signatory_title", "status", "created_at"
            )
        ),
        "event_registrations": list(
            EventRegistration.objects.filter(Q(user=user) | Q(email__iexact=user.email)).values(
                "event__title", "name", "email", "institution", "role", "created_at", "confirmed_at"
            )
        ),
        "call_for_input_submissions": list(
            Submission.objects.filter(email__iexact=user.email).values(
                "page__title",
                "name",
                "email",
                "organization",
                "country",
                "answers",
                "status",
                "created_at",
            )
        ),
    }
