"""The conference series: its archive of editions, an edition's facts, the programme built from
accepted proposals, and the recordings added to the resource library."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import PageLogEntry

from cms import series
from cms.models import ConferenceSeriesPage, EventSession, ResourceIndexPage, ResourcePage
from cms.models.resource import ResourceType
from members.factories import InstitutionFactory, UserFactory
from tests.cms.conftest import event, page_editor, publish
from tests.members.conftest import secretariat_member

UTC = datetime.UTC


@pytest.fixture
def conference_series(home):
    return publish(
        home,
        ConferenceSeriesPage(
            title="Global MOOC Conference", slug="conference", intro="Every December."
        ),
    )


def edition(index, conference_series, year, city, *, sessions=2, recordings=0, **extra):
    start = datetime.datetime(year, 12, 9, 1, 0, tzinfo=UTC)
    rows = [
        {
            "title": f"Session {number} of {year}",
            "starts_at": start + datetime.timedelta(hours=number),
            "ends_at": start + datetime.timedelta(hours=number + 1),
            "recording_url": f"https://video.example.org/{year}/{number}"
            if number < recordings
            else "",
        }
        for number in range(sessions)
    ]
    return event(
        index,
        f"{year} Global MOOC Conference",
        sessions=rows,
        series=conference_series,
        edition_year=year,
        host_city=city,
        theme=f"Theme of {year}",
        time_zone="Asia/Shanghai",
        starts_at=start,
        ends_at=start + datetime.timedelta(days=2),
        **extra,
    )


@pytest.fixture
def secretariat(settings):
    return secretariat_member(settings)


@pytest.fixture
def library(home):
    return publish(home, ResourceIndexPage(title="Resources", slug="resources"))


# The archive ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_archive_lists_the_editions_newest_first_with_their_counts(
    client, events_index, conference_series, library, secretariat
):
    host = InstitutionFactory(name="Tsinghua University", country="CN")
    first = edition(
        events_index,
        conference_series,
        2020,
        "Beijing",
        sessions=3,
        recordings=2,
        host_institution=host,
    )
    edition(events_index, conference_series, 2021, "Moscow", sessions=1)
    event(events_index, "A webinar")  # not an edition
    series.edition_recordings_add(edition=first, actor=secretariat)

    editions = series.series_editions(series=conference_series)

    assert [
        (e.edition_year, e.host_city, e.session_count, e.recording_count) for e in editions
    ] == [
        (2021, "Moscow", 1, 0),
        (2020, "Beijing", 3, 2),
    ]
    page = client.get("/en/conference/").content.decode()
    assert "2020 Global MOOC Conference" in page and "Theme of 2021" in page
    assert "A webinar" not in page
    edition_page = client.get(first.url).content.decode()
    assert "The 2020 edition" in edition_page
    assert "Tsinghua University" in edition_page
    assert 'href="/en/conference/"' in edition_page
    assert "2021 Global MOOC Conference" in edition_page  # the other edition
    assert "Watch the recording" in edition_page


@pytest.mark.django_db
def test_the_archive_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, events_index, conference_series
):
    edition(events_index, conference_series, 2020, "Beijing")
    client.get("/en/conference/")  # warm the site root cache
    with django_assert_num_queries(QUERIES):
        assert client.get("/en/conference/").status_code == 200
    for year in (2021, 2022, 2023):
        edition(events_index, conference_series, year, "Paris", sessions=4)
    with django_assert_num_queries(QUERIES):
        page = client.get("/en/conference/").content.decode()
    assert page.count("Global MOOC Conference</a>") == 4


QUERIES = 9


@pytest.mark.django_db
def test_the_archive_in_another_language_lists_that_language_s_editions(
    client, events_index, conference_series
):
    from wagtail.models import Locale
    from wagtail_localize.operations import TranslationCreator

    first = edition(events_index, conference_series, 2020, "Beijing")
    french = Locale.objects.get(language_code="fr")
    TranslationCreator(None, [french]).create_translations(conference_series)
    TranslationCreator(None, [french]).create_translations(events_index)
    TranslationCreator(None, [french]).create_translations(first)
    for page in (conference_series, events_index, first):
        page.get_translation(french).get_latest_revision().publish()
    french_series = conference_series.get_translation(french)

    editions = series.series_editions(series=french_series)

    assert [e.locale_id for e in editions] == [french.pk]
    assert client.get(french_series.url).status_code == 200


# The programme from accepted proposals ----------------------------------------------------


@pytest.mark.django_db
def test_an_accepted_proposal_joins_the_published_programme_once(
    events_index, conference_series, secretariat
):
    page = edition(events_index, conference_series, 2021, "Moscow", sessions=1)
    starts = datetime.datetime(2021, 12, 10, 6, 0, tzinfo=UTC)

    session = series.programme_add_session(
        page,
        title="  Micro-credentials in Africa ",
        speakers=["Amina Diallo", " ", "Li Wei"],
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        source="proposal:7",
        actor=secretariat,
    )

    assert session.pk and session.page_id == page.pk
    assert (session.title, session.speaker_list) == (
        "Micro-credentials in Africa",
        ["Amina Diallo", "Li Wei"],
    )
    page.refresh_from_db()
    assert page.sessions.count() == 2
    assert not page.has_unpublished_changes  # published with a revision, so edits keep it
    assert page.get_latest_revision_as_object().sessions.filter(source="proposal:7").exists()
    assert PageLogEntry.objects.filter(action="cms.session.added", page=page).exists()
    with pytest.raises(ValidationError, match="already in the programme"):
        series.programme_add_session(
            page, title="Again", speakers=[], starts_at=starts, ends_at=starts, source="proposal:7"
        )
    assert page.sessions.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "start", "hours", "message"),
    [
        ("", (2021, 12, 10, 6), 1, "title"),
        ("Late", (2021, 12, 10, 6), -1, "cannot end before"),
        ("Outside", (2022, 1, 5, 6), 1, "during the conference"),
    ],
)
def test_a_bad_session_is_refused_and_nothing_is_written(
    events_index, conference_series, title, start, hours, message
):
    page = edition(events_index, conference_series, 2021, "Moscow", sessions=1)
    revisions = page.revisions.count()
    starts = datetime.datetime(*start, tzinfo=UTC)
    with pytest.raises(ValidationError, match=message):
        series.programme_add_session(
            page,
            title=title,
            speakers=[],
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=hours),
        )
    assert page.sessions.count() == 1
    assert page.revisions.count() == revisions


@pytest.mark.django_db
def test_a_session_added_while_the_edition_has_a_draft_waits_in_the_draft(
    events_index, conference_series
):
    page = edition(events_index, conference_series, 2021, "Moscow", sessions=1)
    page.intro = "A new summary, not published yet."
    page.save_revision()
    starts = datetime.datetime(2021, 12, 10, 6, 0, tzinfo=UTC)

    series.programme_add_session(
        page, title="Later", speakers=[], starts_at=starts, ends_at=starts, source="proposal:1"
    )

    assert EventSession.objects.filter(page=page).count() == 1  # the live page is unchanged
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert [s.title for s in draft.sessions.all()] == ["Session 0 of 2021", "Later"]
    assert draft.intro == "A new summary, not published yet."


# Recordings to the library ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_recordings_become_resources_of_the_library_tagged_with_the_edition(
    events_index, conference_series, library, secretariat
):
    page = edition(events_index, conference_series, 2020, "Beijing", sessions=3, recordings=2)

    created = series.edition_recordings_add(edition=page, actor=secretariat)

    assert len(created) == 2
    resources = ResourcePage.objects.live().child_of(library).order_by("title")
    assert [(r.title, r.edition_id, r.resource_type) for r in resources] == [
        ("Session 0 of 2020", page.pk, ResourceType.RECORDING),
        ("Session 1 of 2020", page.pk, ResourceType.RECORDING),
    ]
    assert resources[0].recording_url == "https://video.example.org/2020/0"
    assert resources[0].published_on == datetime.date(2020, 12, 9)
    assert series.edition_recordings_add(edition=page, actor=secretariat) == []  # once each
    assert ResourcePage.objects.count() == 2


@pytest.mark.django_db
def test_recordings_need_a_library_in_the_edition_s_language(
    events_index, conference_series, secretariat
):
    page = edition(events_index, conference_series, 2020, "Beijing", recordings=1)
    with pytest.raises(ValidationError, match="no resource library"):
        series.edition_recordings_add(edition=page, actor=secretariat)
    assert not ResourcePage.objects.exists()


@pytest.mark.django_db
def test_only_the_secretariat_adds_recordings(events_index, conference_series, library):
    page = edition(events_index, conference_series, 2020, "Beijing", recordings=1)
    with pytest.raises(PermissionDenied):
        series.edition_recordings_add(edition=page, actor=UserFactory())
    assert not ResourcePage.objects.exists()


@pytest.mark.django_db
def test_the_admin_page_adds_the_recordings_for_the_secretariat(
    client, events_index, conference_series, library
):
    page = edition(events_index, conference_series, 2020, "Beijing", recordings=2)
    url = f"/cms-admin/editions/{page.pk}/recordings/"
    client.force_login(page_editor())
    listing = client.get(url)
    assert listing.status_code == 200
    assert "Add 2 recordings to the library" in listing.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert ResourcePage.objects.filter(edition=page).count() == 2
    edit = client.get(f"/cms-admin/pages/{page.pk}/edit/").content.decode()
    assert f'href="{url}"' in edit  # the button on the edition's page


@pytest.mark.django_db
def test_the_admin_page_is_refused_to_others(client, events_index, conference_series, library):
    page = edition(events_index, conference_series, 2020, "Beijing", recordings=1)
    editor = page_editor()  # may edit pages, but is not of the secretariat
    editor.is_superuser = False
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.post(f"/cms-admin/editions/{page.pk}/recordings/")
    assert (response.status_code, response["Location"]) == (302, "/cms-admin/")  # Wagtail's refusal
    assert not ResourcePage.objects.exists()
