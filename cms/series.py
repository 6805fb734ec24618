"""The conference series: the archive of its editions (reads), the programme built from
accepted proposals and the recordings added to the resource library (writes).

The call for proposals hands each accepted proposal to `programme_add_session`, which adds it
to the edition's programme through a page revision (published at once unless the edition has
unpublished changes, which then carry it)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliance.audit import log_action
from cms import permissions
from cms.call_selectors import accepted_applications
from cms.models import (
    CallPage,
    ConferenceSeriesPage,
    EventPage,
    EventSession,
    ResourceIndexPage,
    ResourcePage,
)
from cms.models.call import ApplicationState, CallApplication
from cms.models.event import SessionKind
from cms.models.resource import Audience, ResourceType

# Reads ----------------------------------------------------------------------------------------


def series_editions(*, series: ConferenceSeriesPage) -> list[EventPage]:
    """The live editions of `series` in its language, newest first, each with its number of
    sessions and of recordings in the library (`session_count`, `recording_count`): one query."""
    sessions = (
        EventSession.objects.filter(page=OuterRef("pk"))
        .order_by()
        .values("page")
        .annotate(n=Count("pk"))
        .values("n")
    )
    recordings = (  # a recording counts once, whatever the languages it is translated into
        ResourcePage.objects.live()
        .filter(edition__translation_key=OuterRef("translation_key"))
        .order_by()
        .values("edition__translation_key")
        .annotate(n=Count("translation_key", distinct=True))
        .values("n")
    )
    editions = list(
        EventPage.objects.live()
        .filter(locale_id=series.locale_id, series__translation_key=series.translation_key)
        .select_related("host_institution")
        .annotate(
            session_count=Coalesce(Subquery(sessions, output_field=IntegerField()), 0),
            recording_count=Coalesce(Subquery(recordings, output_field=IntegerField()), 0),
            call_key=F("call_for_proposals__translation_key"),
        )
        .order_by("-edition_year", "-starts_at")
    )
    _attach_calls(editions, locale_id=series.locale_id)
    return editions


def _attach_calls(editions: list[EventPage], *, locale_id: int) -> None:
    """Set each edition's `call` to its live call for proposals in `locale_id` (else in the
    call's first language; None without one): one query for them all (none without calls).
    The editions carry the call's `call_key` (its translation key)."""
    keys = {edition.call_key for edition in editions if edition.call_key}
    calls: dict = {}
    if keys:
        for call in CallPage.objects.live().filter(translation_key__in=keys).order_by("-pk"):
            if call.translation_key not in calls or call.locale_id == locale_id:
                calls[call.translation_key] = call  # the original (lowest pk) unless translated
    for edition in editions:
        edition.call = calls.get(edition.call_key)


def edition_facts(*, event: EventPage) -> dict | None:
    """For an edition's page: its series in the page's language (else the original) and the
    series' editions (two queries); None for an event outside any series."""
    if event.series_id is None:
        return None
    event.call_key = event.call_for_proposals.translation_key if event.call_for_proposals else None
    _attach_calls([event], locale_id=event.locale_id)
    series = (
        ConferenceSeriesPage.objects.live()
        .filter(
            locale_id=event.locale_id,
            translation_key=Subquery(
                ConferenceSeriesPage.objects.filter(pk=event.series_id).values("translation_key")
            ),
        )
        .first()
    ) or event.series
    return {"series": series, "editions": series_editions(series=series), "call": event.call}


# Writes ---------------------------------------------------------------------------------------


def _original(event: EventPage) -> EventPage:
    """The source page of the edition's translations: its programme and recordings live there."""
    return event.registration_event


@transaction.atomic
def programme_add_session(
    edition: EventPage,
    *,
    title: str,
    speakers: list[str],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    source: str = "",
    description: str = "",
    kind: str = SessionKind.SESSION,
    actor=None,
) -> EventSession:
    """Add a session to the edition's programme (e.g. an accepted proposal, `source`
    "proposal:<pk>", added once). Saved as a new revision of the page, published at once when
    the page has no unpublished changes; translators then sync the translations."""
    edition = EventPage.objects.select_for_update().get(pk=_original(edition).pk)
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the session a title."))
    if ends_at < starts_at:
        raise ValidationError(_("A session cannot end before it starts."))
    first_day = edition.starts_at.astimezone(edition.zone).date()
    last_day = edition.ends_at.astimezone(edition.zone).date()
    if not (
        first_day <= starts_at.astimezone(edition.zone).date() <= last_day
        and ends_at.astimezone(edition.zone).date() <= last_day
    ):
        raise ValidationError(_("The session must take place during the conference."))
    published = edition.live and not edition.has_unpublished_changes
    draft = edition.get_latest_revision_as_object()  # the page itself when published
    if source and any(session.source == source for session in draft.sessions.all()):
        raise ValidationError(_("This proposal is already in the programme."))
    order = max((s.sort_order or 0 for s in draft.sessions.all()), default=-1) + 1
    session = EventSession(
        locale_id=edition.locale_id,
        sort_order=order,
        kind=kind,
        title=title,
        description=description.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        speakers="\n".join(name.strip() for name in speakers if name.strip()),
        source=source,
    )
    draft.sessions.add(session)
    revision = draft.save_revision(user=actor)
    if published:
        revision.publish(user=actor)
        session = EventSession.objects.get(page=edition, translation_key=session.translation_key)
    log_action(actor, "cms.session.added", edition, {"title": title, "source": source})
    return session


def edition_proposals(edition: EventPage) -> list[tuple[CallApplication, EventSession | None]]:
    """The accepted proposals of the edition's call, each with its session in the programme
    (None while not added): two queries."""
    edition = _original(edition)
    if edition.call_for_proposals_id is None:
        return []
    sessions = {
        session.source: session for session in edition.sessions.exclude(source="").order_by()
    }
    return [
        (application, sessions.get(proposal_source(application)))
        for application in accepted_applications(edition.call_for_proposals)
    ]


def proposal_source(application: CallApplication) -> str:
    return f"proposal:{application.pk}"


def proposal_to_programme(
    edition: EventPage, application: CallApplication, *, actor, **session
) -> EventSession:
    """The secretariat adds an accepted proposal of the edition's call to its programme, once
    (`session`: programme_add_session's title, speakers, starts_at, ends_at, description, kind)."""
    if not permissions.can_run_conference(actor):
        raise PermissionDenied
    edition = _original(edition)
    call = edition.call_for_proposals
    if (
        call is None
        or application.call_id != call.original().pk
        or application.state != ApplicationState.ACCEPTED
    ):
        raise ValidationError(_("Only an accepted proposal of this edition's call is added."))
    return programme_add_session(
        edition, source=proposal_source(application), actor=actor, **session
    )


def _unique_slug(index: ResourceIndexPage, base: str, taken: set[str]) -> str:
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


@transaction.atomic
def edition_recordings_add(*, edition: EventPage, actor) -> list[ResourcePage]:
    """Put each session's recording in the resource library (in the edition's language),
    tagged with the edition: one published resource per recording link not there yet."""
    if not permissions.can_run_conference(actor):
        raise PermissionDenied
    edition = EventPage.objects.select_for_update().get(pk=_original(edition).pk)
    index = ResourceIndexPage.objects.live().filter(locale_id=edition.locale_id).first()
    if index is None:
        raise ValidationError(_("The website has no resource library in this language yet."))
    present = set(
        ResourcePage.objects.filter(edition__translation_key=edition.translation_key).values_list(
            "recording_url", flat=True
        )
    )
    taken = set(index.get_children().values_list("slug", flat=True))
    created = []
    with translation.override(edition.locale.language_code):
        for session in edition.sessions.exclude(recording_url="").order_by("starts_at", "pk"):
            if session.recording_url in present:
                continue
            present.add(session.recording_url)
            base = slugify(f"{edition.edition_year or ''} {session.title}")[:200] or "recording"
            resource = ResourcePage(
                title=session.title,
                slug=_unique_slug(index, base, taken),
                summary=session.description
                or _("The recording of a session of %(edition)s.") % {"edition": edition.title},
                audience=Audience.EVERYONE,
                resource_type=ResourceType.RECORDING,
                published_on=session.ends_at.astimezone(edition.zone).date(),
                recording_url=session.recording_url,
                edition=edition,
            )
            index.add_child(instance=resource)
            resource.save_revision(user=actor).publish(user=actor)
            created.append(resource)
    log_action(actor, "cms.recordings.added", edition, {"count": len(created)})
    return created
