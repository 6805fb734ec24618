"""Pages: the showcase and its filters, the workspace forms, calendars, exports."""

from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from members.factories import InstitutionFactory
from members.services import invitations as invitations_services
from projects import services
from projects.models import (
    CalendarToken,
    Document,
    Meeting,
    ProjectKind,
    ProjectRole,
    ProjectStatus,
    Visibility,
)
from tests.projects.conftest import make_project


def _public(world, n, **data):
    institution = data.pop("institution", world["a"])
    return [
        make_project(
            world["lead"],
            institution,
            title=f"Project {i}",
            visibility=Visibility.PUBLIC,
            **data,
        )
        for i in range(n)
    ]


# Showcase -----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 12])
def test_the_showcase_takes_a_fixed_number_of_queries(
    client, world, count, django_assert_num_queries
):
    _public(world, count, sdg_targets=["4.3"], partners=[world["b"]])
    with django_assert_num_queries(3):  # the SDG goals present, the count, the page
        response = client.get(reverse("projects:showcase"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card project-card') == count


def test_the_showcase_lists_public_projects_only(client, world):
    (public,) = _public(world, 1)
    html = client.get(reverse("projects:showcase")).content.decode()
    assert public.title in html
    assert world["project"].title not in html  # private


def test_showcase_filters(client, world):
    kenya = world["a"]  # Africa
    france = InstitutionFactory(name="Institution F", country="FR")
    teaching = make_project(
        world["lead"],
        kenya,
        title="Teaching together",
        visibility="public",
        sdg_targets=["4.3"],
        status=ProjectStatus.ACTIVE,
    )
    advocacy = make_project(
        world["lead"],
        france,
        title="Speak up",
        visibility="public",
        kind=ProjectKind.ADVOCACY,
        sdg_targets=["10.2"],
        status=ProjectStatus.COMPLETED,
    )
    url = reverse("projects:showcase")

    def titles(**params):
        html = client.get(url, params).content.decode()
        return {title for title in (teaching.title, advocacy.title) if title in html}

    assert titles() == {teaching.title, advocacy.title}
    assert titles(kind="advocacy") == {advocacy.title}
    assert titles(region="africa") == {teaching.title}
    assert titles(region="europe_north_america") == {advocacy.title}
    assert titles(sdg="4") == {teaching.title}
    assert titles(sdg="10") == {advocacy.title}
    assert titles(sdg="1") == {teaching.title, advocacy.title}  # no project: filter ignored
    assert titles(status="completed") == {advocacy.title}
    assert titles(kind="nonsense", region="moon") == {teaching.title, advocacy.title}


def test_a_partner_region_counts_for_the_filter(client, world):
    (project,) = _public(world, 1, partners=[world["b"]])  # B is in France
    html = client.get(reverse("projects:showcase"), {"region": "europe_north_america"}).content
    assert project.title in html.decode()


def test_the_project_page_shows_partners_and_outcomes(client, world):
    project = make_project(
        world["lead"],
        world["a"],
        title="Train the trainers",
        visibility="public",
        kind=ProjectKind.CAPACITY_BUILDING,
        partners=[world["b"]],
    )
    services.training_save(
        project=project,
        actor=world["lead"],
        data={
            "kind": "workshop",
            "title": "Nairobi",
            "starts_on": date(2026, 5, 1),
            "ends_on": date(2026, 5, 3),
            "country": "KE",
            "women": 14,
            "men": 9,
            "institutions_reached": 6,
        },
    )
    html = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "Institution B" in html
    assert ">23<" in html and ">6<" in html


def test_the_institution_profile_lists_its_public_projects(client, world):
    (public,) = _public(world, 1, partners=[world["b"]])
    html = client.get(reverse("members:institution_detail", args=[world["b"].slug])).content
    assert public.title in html.decode()
    assert world["project"].title not in html.decode()  # private, although B is a partner


@pytest.mark.parametrize("count", [1, 6])
def test_my_projects_lists_participations_in_fixed_queries(
    client, world, count, django_assert_num_queries
):
    for i in range(count):
        make_project(world["lead"], world["a"], title=f"Mine {i}")
    client.force_login(world["lead"])
    url = reverse("projects:my_projects")
    client.get(url)
    with django_assert_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count("Mine ") == count


# Workspace forms: bad input is explained and nothing is half-written --------------------------


def test_a_forbidden_file_is_explained(client, world):
    client.force_login(world["contributor"])
    url = reverse("projects:documents", args=[world["project"].slug])
    upload = SimpleUploadedFile("tool.exe", b"MZ\x90\x00binary")
    response = client.post(url, {"file": upload, "title": "Tool"})
    assert response.status_code == 200
    assert "cannot be shared" in response.content.decode()
    assert not Document.objects.exists()


def test_an_unknown_time_zone_is_explained(client, world):
    client.force_login(world["coordinator"])
    url = reverse("projects:meetings", args=[world["project"].slug])
    data = {
        "title": "x",
        "day": "2027-01-01",
        "at": "09:00",
        "time_zone": "Mars/Olympus",
        "duration_minutes": "60",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Meeting.objects.exists()


def test_removing_the_last_lead_is_explained(client, world):
    project = world["project"]
    lead = project.participants.get(role=ProjectRole.LEAD)
    client.force_login(world["lead"])
    response = client.post(
        reverse("projects:change_role", args=[project.slug, lead.pk]), {"remove": "1"}, follow=True
    )
    assert "at least one lead" in response.content.decode()
    assert project.participants.filter(role=ProjectRole.LEAD).count() == 1


def test_a_bad_project_form_keeps_what_was_typed(client, world):
    client.force_login(world["lead"])
    response = client.post(
        reverse("projects:project_new"),
        {
            "title": "Half",
            "kind": "advocacy",
            "summary": "s",
            "status": "proposed",
            "visibility": "private",
            "lead_institution": world["a"].pk,
            "sdg_targets": "4, 99",
            "start_date": "2027-05-01",
            "end_date": "2027-01-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "not an SDG goal" in html and "must come after" in html
    assert 'value="Half"' in html
    assert not type(world["project"]).objects.filter(title="Half").exists()


def test_a_member_without_an_editor_role_cannot_start_a_project(client, world):
    client.force_login(world["viewer"])  # staff at B
    assert client.get(reverse("projects:project_new")).status_code == 403


def test_an_editor_starts_a_project_and_leads_it(client, world):
    client.force_login(world["lead"])
    response = client.post(
        reverse("projects:project_new"),
        {
            "title": "New MOOC",
            "kind": "joint_teaching",
            "summary": "s",
            "status": "proposed",
            "visibility": "private",
            "lead_institution": world["a"].pk,
            "sdg_targets": "4.3",
        },
    )
    project = type(world["project"]).objects.get(title="New MOOC")
    assert response["Location"] == reverse("projects:people", args=[project.slug])
    assert project.participants.get().role == ProjectRole.LEAD


# Meetings in the viewer's zone, .ics and the webcal feed ------------------------------------


@pytest.fixture
def meeting(world):
    return services.meeting_save(
        project=world["project"],
        actor=world["coordinator"],
        data={
            "title": "Kick-off",
            "day": date(2027, 1, 12),
            "at": time(9, 0),
            "time_zone": "Africa/Nairobi",
            "duration_minutes": 60,
        },
    )


def test_meetings_are_shown_in_the_viewers_zone(client, world, meeting):
    world["contributor"].time_zone = "Asia/Shanghai"
    world["contributor"].save()
    client.force_login(world["contributor"])
    html = client.get(reverse("projects:meetings", args=[world["project"].slug])).content.decode()
    assert "14:00" in html  # 09:00 in Nairobi (UTC+3) is 14:00 in Shanghai (UTC+8)
    assert "09:00 for the organizer (Nairobi (UTC+3))" in html


def test_the_ics_download(client, world, meeting):
    client.force_login(world["viewer"])
    url = reverse("projects:meeting_ics", args=[world["project"].slug, meeting.pk])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]).startswith("Kick-off")
    assert event.decoded("dtstart").isoformat() == "2027-01-12T06:00:00+00:00"


def test_the_webcal_feed_is_secret_and_rotatable(client, world, meeting):
    other = make_project(world["lead"], world["a"], title="Elsewhere")
    services.meeting_save(
        project=other,
        actor=world["lead"],
        data={"title": "Not mine", "day": date(2027, 2, 1), "at": time(9), "time_zone": "UTC"},
    )
    client.force_login(world["viewer"])
    client.post(reverse("projects:calendar_rotate"), {"next": "/"})
    token = CalendarToken.objects.get(user=world["viewer"]).token
    client.logout()
    feed = client.get(reverse("calendar_feed", args=[token]))
    assert feed.status_code == 200
    summaries = [str(e["summary"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert summaries == ["Kick-off · Open Science MOOCs"]
    assert client.get(reverse("calendar_feed", args=["guessed-token"])).status_code == 404
    services.calendar_token_rotate(user=world["viewer"])
    assert client.get(reverse("calendar_feed", args=[token])).status_code == 404


# Kind-specific parts --------------------------------------------------------------------------


def test_the_training_report_export(client, world):
    project = make_project(
        world["lead"], world["a"], title="Capacity", kind=ProjectKind.CAPACITY_BUILDING
    )
    client.force_login(world["lead"])
    url = reverse("projects:kind_tab", args=[project.slug])
    bad = client.post(
        url,
        {
            "kind": "training",
            "title": "T",
            "starts_on": "2026-05-03",
            "ends_on": "2026-05-01",
            "country": "KE",
            "women": "-1",
            "men": "0",
            "other": "0",
            "institutions_reached": "0",
        },
    )
    assert "must come after" in bad.content.decode()
    assert not project.trainings.exists()
    client.post(
        url,
        {
            "kind": "training",
            "title": "Online tutoring",
            "starts_on": "2026-05-01",
            "ends_on": "2026-05-03",
            "country": "KE",
            "women": "12",
            "men": "8",
            "other": "1",
            "institutions_reached": "4",
        },
    )
    report = client.get(reverse("projects:trainings_report", args=[project.slug]))
    lines = report.content.decode().splitlines()
    assert lines[1].startswith("Training,Online tutoring,2026-05-01,2026-05-03,Kenya,12,8,1,21,4")


def test_the_advocacy_tab_shows_the_campaign(client, world):
    project = make_project(
        world["lead"],
        world["a"],
        title="Open access now",
        kind=ProjectKind.ADVOCACY,
        campaign_url="https://alliance.example/en/campaigns/open-access/",
        endorsement_goal=500,
        endorsement_count=120,
        campaign_goal="Free courses for all.",
    )
    client.force_login(world["lead"])
    html = client.get(reverse("projects:kind_tab", args=[project.slug])).content.decode()
    assert "120 endorsements of 500 sought" in html
    assert "campaigns/open-access" in html


def test_a_campaign_far_from_its_goal_shows_its_count_not_the_goal(client, world):
    project = make_project(
        world["lead"],
        world["a"],
        title="Open access now",
        kind=ProjectKind.ADVOCACY,
        campaign_url="https://alliance.example/en/campaigns/open-access/",
        endorsement_goal=10000,
        endorsement_count=5,
    )
    client.force_login(world["lead"])
    html = client.get(reverse("projects:kind_tab", args=[project.slug])).content.decode()
    assert "5 endorsements" in html
    assert "10,000" not in html and "<progress" not in html  # not "5 of 10,000"
    project.endorsement_count = 1932
    project.save()
    html = client.get(reverse("projects:kind_tab", args=[project.slug])).content.decode()
    assert "1,932 endorsements of 10,000 sought" in html  # a tenth of the way: shown


# What the forms offer ---------------------------------------------------------------------------


def test_the_settings_do_not_leak_other_private_projects_or_institutions(client, world):
    from tests.projects.conftest import make_project

    secret = make_project(world["secretariat"], world["b"], title="Secret elsewhere")
    hidden = InstitutionFactory(name="Unlisted College", is_public=False)
    client.force_login(world["lead"])
    html = client.get(reverse("projects:settings", args=[world["project"].slug])).content.decode()
    assert "Institution B" in html
    assert secret.title not in html
    assert hidden.name not in html


def test_a_coordinator_cannot_hand_the_lead_to_another_institution(client, world):
    project = world["project"]
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("projects:settings", args=[project.slug]),
        {
            "title": project.title,
            "kind": project.kind,
            "summary": project.summary,
            "status": "active",
            "visibility": "private",
            "lead_institution": world["b"].pk,
            "endorsement_count": "0",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    project.refresh_from_db()
    assert project.lead_institution == world["a"]


def test_tabs_follow_the_role(client, world):
    url = reverse("projects:overview", args=[world["project"].slug])
    settings_url = reverse("projects:settings", args=[world["project"].slug])
    client.force_login(world["contributor"])
    assert settings_url not in client.get(url).content.decode()
    client.force_login(world["coordinator"])
    assert settings_url in client.get(url).content.decode()


def test_only_participants_choose_their_emails(client, world):
    project = world["project"]
    project.visibility = Visibility.ALLIANCE
    project.save()
    url = reverse("projects:overview", args=[project.slug])
    client.force_login(world["other_member"])
    assert 'name="frequency"' not in client.get(url).content.decode()
    assert client.post(url, {"frequency": "off"}).status_code == 403
    client.force_login(world["viewer"])
    client.post(url, {"frequency": "weekly"})
    assert project.notification_settings.get(user=world["viewer"]).frequency == "weekly"


def test_a_comment_cannot_reach_an_update_of_another_project(client, world):
    from tests.projects.conftest import make_project

    other = make_project(world["lead"], world["a"], title="Other")
    update = services.update_post(project=other, actor=world["lead"], body="Elsewhere")
    client.force_login(world["viewer"])
    url = reverse("projects:comment", args=[world["project"].slug, update.pk])
    assert client.post(url, {"body": "sneaky"}).status_code == 404
    assert not update.comments.exists()


def test_a_milestone_owner_must_take_part(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="take part"):
        services.milestone_save(
            project=world["project"],
            actor=world["lead"],
            data={
                "title": "x",
                "due_date": date(2027, 1, 1),
                "owner": world["other_member"],
                "status": "planned",
            },
        )
    assert not world["project"].milestones.exists()


def test_the_invitation_page_accepts(client, world):
    invitation = services.invitation_create(
        project=world["project"],
        email="other@b.example",
        role="contributor",
        actor=world["lead"],
        language="en",
    )
    url = reverse(
        "projects:invitation_accept", args=[invitations_services.invitation_token(invitation)]
    )
    assert "Sign in to accept" in client.get(url).content.decode()
    client.force_login(world["other_member"])
    response = client.post(url)
    assert response["Location"] == reverse("projects:overview", args=[world["project"].slug])
    assert world["project"].participants.get(user=world["other_member"]).role == "contributor"
    assert "not valid" in client.get(url[:-3] + "xx/").content.decode()


def test_only_the_secretariat_sees_the_outside_expert_choice(client, world):
    url = reverse("projects:people", args=[world["project"].slug])
    client.force_login(world["lead"])
    assert "outside_expert" not in client.get(url).content.decode()
    client.force_login(world["secretariat"])
    assert "outside_expert" in client.get(url).content.decode()
    client.post(url, {"email": "expert@think.example", "role": "viewer", "outside_expert": "on"})
    assert world["project"].invitations.get().outside_expert


# Workspace lists keep their number of queries whatever their size -------------------------


def _fill(world, n):
    project, lead = world["project"], world["lead"]
    for i in range(n):
        update = services.update_post(project=project, actor=lead, body=f"Update {i} @viewer")
        services.comment_post(update=update, actor=world["viewer"], body="Thanks")
        version = services.document_upload(
            project=project, actor=lead, upload=SimpleUploadedFile(f"d{i}.txt", b"text")
        )
        services.document_upload(
            project=project,
            actor=lead,
            upload=SimpleUploadedFile("v2.txt", b"text"),
            document=version.document,
        )
        services.milestone_save(
            project=project,
            actor=lead,
            data={
                "title": f"M{i}",
                "due_date": date(2027, 1, 1 + i),
                "owner": lead,
                "status": "planned",
            },
        )
        services.meeting_save(
            project=project,
            actor=lead,
            data={
                "title": f"Meeting {i}",
                "day": date(2027, 1, 1 + i),
                "at": time(9),
                "time_zone": "UTC",
            },
        )


@pytest.mark.parametrize(
    "tab", ["overview", "updates", "documents", "milestones", "meetings", "people"]
)
def test_workspace_tabs_take_a_fixed_number_of_queries(client, world, tab):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["lead"])
    url = reverse(f"projects:{tab}", args=[world["project"].slug])
    counts = []
    for n in (1, 4):
        _fill(world, n)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_calendar_address_form_does_not_redirect_elsewhere(client, world):
    client.force_login(world["viewer"])
    response = client.post(reverse("projects:calendar_rotate"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("projects:my_projects")
    assert client.get(reverse("projects:calendar_rotate")).status_code == 405


def test_joint_teaching_links_courses_of_its_institutions(client, world):
    from tests.api.conftest import course

    project = world["project"]  # joint teaching, led by A with partner B
    ours = course(world["a"], "Open science basics")
    theirs = course(InstitutionFactory(name="Far away"), "Unrelated course")
    client.force_login(world["lead"])
    url = reverse("projects:settings", args=[project.slug])
    html = client.get(url).content.decode()
    assert ours.title in html
    assert theirs.title not in html
    client.post(
        url,
        {
            "title": project.title,
            "kind": project.kind,
            "summary": project.summary,
            "status": "active",
            "visibility": "public",
            "lead_institution": world["a"].pk,
            "partners": [world["b"].pk],
            "courses": [ours.pk],
            "teaching_plan": "Weeks 1-4: A.",
        },
    )
    page = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert ours.title in page
    assert list(project.courses.all()) == [ours]


def test_guessed_document_addresses_are_not_found(client, world):
    version = services.document_upload(
        project=world["project"], actor=world["lead"], upload=SimpleUploadedFile("a.txt", b"hi")
    )
    client.force_login(world["viewer"])
    slug = world["project"].slug
    assert (
        client.get(reverse("projects:download", args=[slug, version.document_id, 1])).status_code
        == 200
    )
    assert (
        client.get(reverse("projects:download", args=[slug, version.document_id, 2])).status_code
        == 404
    )
    assert client.get(reverse("projects:download", args=[slug, 999, 1])).status_code == 404
    assert client.get("/media/" + version.file.name).status_code == 404
