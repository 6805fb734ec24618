"""The programmes joined together (docs/programmes.md): an edition's call for proposals and its
accepted proposals in the programme, the exchanges of the staff-exchange calls on the impact
dashboard, and where the public and the secretariat find the programmes."""

import datetime
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cms import call_services, impact, series
from cms.models import CallFormField, ConferenceSeriesPage, EventPage, EventSession
from cms.models.call import CallKind
from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole, MemberReport, ReportStatus
from tests.cms.calls import make_call
from tests.cms.conftest import event, page_editor, publish
from tests.members.conftest import activate_membership

UTC = datetime.UTC


@pytest.fixture
def people(world):
    """Institution A (active) with its people, and the secretariat."""
    return world


@pytest.fixture
def conference_call(db):
    call = make_call(kind=CallKind.CONFERENCE, slug="call-for-proposals", title="Proposals 2027")
    call.form_fields.add(
        CallFormField(label="Title", field_type="singleline", required=True),
        CallFormField(label="Speakers", field_type="multiline", required=False),
    )
    call.save_revision().publish()
    return call


@pytest.fixture
def edition(home, events_index, conference_call):
    conference = publish(
        home, ConferenceSeriesPage(title="Global MOOC Conference", slug="conference")
    )
    start = datetime.datetime(2027, 12, 9, 1, 0, tzinfo=UTC)
    return event(
        events_index,
        "2027 Global MOOC Conference",
        series=conference,
        edition_year=2027,
        host_city="Nairobi",
        time_zone="Africa/Nairobi",
        starts_at=start,
        ends_at=start + datetime.timedelta(days=2),
        call_for_proposals=conference_call,
    )


def accepted_proposal(call, people):
    application = call_services.application_save(
        call=call,
        institution=people["institution_a"],
        user=people["staff_a"],
        answers={
            "course_title": "-",
            "what_it_changed": "-",
            "title": "Micro-credentials in Africa",
            "speakers": "Amina Diallo\nLi Wei",
        },
        language="en",
        submit=True,
    )
    return call_services.application_decide(
        application=application, actor=people["secretariat"], accept=True
    )


def slot(application, start="2027-12-09T10:00", end="2027-12-09T11:00"):
    prefix = f"p{application.pk}"
    return {
        "application": application.pk,
        f"{prefix}-title": "Micro-credentials in Africa",
        f"{prefix}-speakers": "Amina Diallo\nLi Wei",
        f"{prefix}-description": "",
        f"{prefix}-kind": "session",
        f"{prefix}-starts_at": start,
        f"{prefix}-ends_at": end,
    }


# The edition's call -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_edition_and_the_archive_show_the_call_for_proposals(client, edition):
    page = client.get(edition.url).content.decode()
    assert "Call for proposals" in page
    assert "open until" in page and 'href="/en/call-for-proposals/"' in page
    archive = client.get("/en/conference/").content.decode()
    assert "open until" in archive and 'href="/en/call-for-proposals/"' in archive


@pytest.mark.django_db
def test_the_archive_shows_a_closed_call_as_closed(client, edition, conference_call):
    conference_call.opens_at = timezone.now() - datetime.timedelta(days=9)
    conference_call.closes_at = timezone.now() - datetime.timedelta(days=2)
    conference_call.save_revision().publish()
    assert "closed on" in client.get("/en/conference/").content.decode()


@pytest.mark.django_db
def test_an_edition_takes_only_a_call_for_conference_proposals(edition):
    award = make_call(slug="award")
    page = EventPage.objects.get(pk=edition.pk)
    page.call_for_proposals = award
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "call_for_proposals" in error.value.message_dict


# Accepted proposals into the programme -----------------------------------------------------


@pytest.mark.django_db
def test_an_accepted_proposal_goes_into_the_programme_from_the_admin(
    client, edition, conference_call, people
):
    """Accept -> the manage page links to the programme action -> the slot -> the edition's
    page shows the session, once."""
    application = accepted_proposal(conference_call, people)
    client.force_login(people["secretariat"])
    manage = conference_call.url + conference_call.reverse_subpage(
        "manage_application", args=[application.pk]
    )
    url = f"/cms-admin/editions/{edition.pk}/proposals/"
    assert f'href="{url}"' in client.get(manage).content.decode()
    listing = client.get(url).content.decode()
    assert 'value="Micro-credentials in Africa"' in listing  # prefilled from the answers

    assert client.post(url, slot(application)).status_code == 302

    session = EventSession.objects.get(page=edition, source=f"proposal:{application.pk}")
    assert session.speakers == "Amina Diallo\nLi Wei"
    assert session.starts_at == datetime.datetime(2027, 12, 9, 7, 0, tzinfo=UTC)  # Nairobi time
    assert "Micro-credentials in Africa" in client.get(edition.url).content.decode()
    assert "In the programme" in client.get(url).content.decode()
    client.post(url, slot(application))  # sent again: nothing added
    assert EventSession.objects.filter(page=edition, source__startswith="proposal:").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2027-12-09T11:00", "2027-12-09T10:00"),  # ends before it starts
        ("2028-01-09T10:00", "2028-01-09T11:00"),  # after the conference
        ("tomorrow", "2027-12-09T11:00"),
    ],
)
def test_a_bad_slot_is_refused_and_nothing_is_written(
    client, edition, conference_call, people, start, end
):
    application = accepted_proposal(conference_call, people)
    client.force_login(people["secretariat"])
    response = client.post(
        f"/cms-admin/editions/{edition.pk}/proposals/", slot(application, start, end)
    )
    assert response.status_code == 400
    assert not EventSession.objects.filter(source__startswith="proposal:").exists()


@pytest.mark.django_db
def test_only_accepted_proposals_of_the_edition_s_call_are_added(edition, conference_call, people):
    application = accepted_proposal(conference_call, people)
    other = make_call(kind=CallKind.CONFERENCE, slug="other-call")
    stranger = call_services.application_save(
        call=other,
        institution=people["institution_a"],
        user=people["admin_a"],
        answers={"course_title": "-", "what_it_changed": "-"},
        language="en",
        submit=True,
    )
    start = datetime.datetime(2027, 12, 9, 8, 0, tzinfo=UTC)
    session = {"title": "T", "speakers": [], "starts_at": start, "ends_at": start}
    with pytest.raises(ValidationError):
        series.proposal_to_programme(edition, stranger, actor=people["secretariat"], **session)
    with pytest.raises(PermissionDenied):
        series.proposal_to_programme(edition, application, actor=people["admin_a"], **session)
    assert not EventSession.objects.filter(source__startswith="proposal:").exists()


@pytest.mark.django_db
def test_the_programme_action_is_refused_to_others(client, edition, conference_call, people):
    application = accepted_proposal(conference_call, people)
    editor = page_editor()  # may edit pages, but is not of the secretariat
    editor.is_superuser = False
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.post(f"/cms-admin/editions/{edition.pk}/proposals/", slot(application))
    assert response.status_code in (302, 403)
    assert not EventSession.objects.filter(source__startswith="proposal:").exists()


# Exchanges on the impact dashboard ---------------------------------------------------------


@pytest.mark.django_db
def test_the_exchanges_count_the_accepted_staff_exchange_applications(people):
    host = InstitutionFactory(name="Host University", country="FR")
    activate_membership(host)
    host_admin = affiliate(host, InstitutionRole.ADMIN)
    exchange = make_call(
        kind=CallKind.STAFF_EXCHANGE,
        slug="exchange",
        host=host,
        places=3,
        period_starts_on=date(2027, 3, 1),
    )
    decisions = []
    for index, accept in enumerate((True, True, False)):
        institution = InstitutionFactory(name=f"Sender {index}", country="KE")
        activate_membership(institution)
        application = call_services.application_save(
            call=exchange,
            institution=institution,
            user=affiliate(institution, InstitutionRole.STAFF),
            answers={"course_title": "-", "what_it_changed": "-"},
            language="en",
            submit=True,
        )
        decisions.append(
            call_services.application_decide(
                application=application, actor=host_admin, accept=accept
            )
        )
    MemberReport.objects.create(
        institution=host, year=2027, status=ReportStatus.ACCEPTED, exchanges=4
    )

    figures = impact.compute(2027)

    assert figures["indicators"]["exchanges"] == 2 + 4  # the accepted ones and the reported
    countries = {row["code"]: row["exchanges"] for row in figures["countries"]}
    assert countries == {"KE": 2, "FR": 4}
    assert impact.compute(2026)["indicators"]["exchanges"] == 0  # the exchange starts in 2027


# Where the programmes are found -------------------------------------------------------------


@pytest.mark.django_db
def test_the_home_page_links_the_open_calls_the_archive_and_the_dashboard(client, edition):
    page = client.get("/en/").content.decode()
    assert 'href="/en/call-for-proposals/"' in page
    assert 'href="/en/conference/"' in page
    assert 'href="/en/impact/"' in page


@pytest.mark.django_db
def test_the_secretariat_has_the_programmes_menu(client, people):
    client.force_login(people["secretariat"])
    admin = client.get("/cms-admin/").content.decode()
    assert "/cms-admin/programme-calls/" in admin
    assert "/en/member-reports/" in admin and "/en/impact/reports/" in admin
    assert client.get("/cms-admin/programme-calls/").status_code == 200


@pytest.mark.django_db
def test_others_do_not_have_the_programmes_menu(client):
    editor = page_editor()
    editor.is_superuser = False
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    admin = client.get("/cms-admin/").content.decode()
    assert "/cms-admin/programme-calls/" not in admin and "/member-reports/" not in admin
    assert client.get("/cms-admin/programme-calls/").status_code in (302, 403)
