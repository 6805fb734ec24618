import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from members.factories import ApplicationFactory, InstitutionFactory, UserFactory
from members.models import (
    Affiliation,
    ApplicationStatus,
    Institution,
    InstitutionRole,
    MembershipApplication,
)
from members.services import applications as applications_services
from members.status import (
    APPLICATION_TRANSITIONS,
    TransitionNotAllowed,
    check_application_transition,
)
from tests.members.conftest import secretariat_member

S = ApplicationStatus
STEP_DATA = [
    {
        "application_wizard-current_step": "institution",
        "institution-institution_name": "Andes Open University",
        "institution-kind": "university",
        "institution-country": "PE",
        "institution-website": "https://andes-open.example.org",
        "institution-description": "A public university teaching online since 2010.",
    },
    {
        "application_wizard-current_step": "contact",
        "contact-contact_name": "Rosa Quispe",
        "contact-contact_title": "Vice-Rector",
        "contact-contact_email": "rosa@andes-open.example.org",
    },
    {
        "application_wizard-current_step": "motivation",
        "motivation-motivation": "We want to co-teach courses on climate and health.",
        "motivation-activities": ["joint_teaching", "capacity_building"],
        "motivation-agreed_to_charter": "on",
    },
    {"application_wizard-current_step": "review"},
]


def walk_wizard(client, steps=STEP_DATA):
    client.get("/en/apply/?start=1")
    response = None
    for data in steps:
        response = client.post("/en/apply/", data)
    return response


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("new", list(S))
def test_the_transition_table_is_exhaustive(current, new):
    allowed = new in APPLICATION_TRANSITIONS[current]
    if allowed:
        check_application_transition(current, new)
    else:
        with pytest.raises(TransitionNotAllowed):
            check_application_transition(current, new)
    if current in (S.APPROVED, S.REJECTED, S.WITHDRAWN):
        assert not allowed


@pytest.mark.django_db
def test_the_three_steps_submit_an_application_and_email_the_applicant(
    client, django_capture_on_commit_callbacks
):
    applicant = UserFactory(preferred_language="es")
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = walk_wizard(client)
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.status == S.SUBMITTED
    assert application.activities == ["joint_teaching", "capacity_building"]
    with translation.override("es"):
        assert mail.outbox[-1].subject == translation.gettext(
            "We have received your membership application"
        )
    assert ModelLogEntry.objects.filter(action="members.application.submitted").exists()


@pytest.mark.django_db
def test_the_secretariat_is_emailed_of_a_new_application_in_its_language(
    client, settings, django_capture_on_commit_callbacks
):
    reviewer = secretariat_member(settings)
    reviewer.preferred_language = "fr"
    reviewer.save()
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        walk_wizard(client)
    application = MembershipApplication.objects.get()
    [message] = [m for m in mail.outbox if m.to == [reviewer.email]]
    assert "Andes Open University" in message.subject
    assert "Pérou" in message.body  # the country, in French
    assert f"/cms-admin/membership-applications/inspect/{application.pk}/" in message.body


@pytest.mark.django_db
def test_the_dashboard_lists_open_applications_oldest_first(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    newer = ApplicationFactory(institution_name="Newer College")
    older = ApplicationFactory(institution_name="Older College")
    MembershipApplication.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - timedelta(days=9)
    )
    ApplicationFactory(institution_name="Decided College", status=S.REJECTED)
    client.force_login(secretariat_member(settings))
    html = client.get("/cms-admin/").content.decode()
    assert "2 membership applications to review" in html
    assert html.index("Older College") < html.index("Newer College")
    assert "waiting for 1\xa0week" in html or "waiting for 1 week" in html
    assert "Decided College" not in html
    assert f"/cms-admin/membership-applications/inspect/{newer.pk}/" in html


@pytest.mark.django_db
def test_the_contact_step_is_pre_filled_from_the_account(client):
    applicant = UserFactory(first_name="Rosa", last_name="Quispe", email="rosa@andes.example")
    client.force_login(applicant)
    html = walk_wizard(client, STEP_DATA[:1]).content.decode()  # the contact step, next
    assert 'value="rosa@andes.example"' in html
    assert 'value="Rosa Quispe"' in html


@pytest.mark.django_db
def test_the_applicant_is_warned_of_a_likely_duplicate(client):
    InstitutionFactory(name="Andes Open University")
    client.force_login(UserFactory())
    html = walk_wizard(client, STEP_DATA[:1]).content.decode()
    assert "already exists" in html
    assert "<bdi>Andes Open University</bdi> (member institution)" in html
    # Only a warning: the applicant may go on.
    html = client.post("/en/apply/", STEP_DATA[1]).content.decode()
    assert 'name="motivation-motivation"' in html


@pytest.mark.django_db
def test_no_warning_without_a_duplicate(client):
    client.force_login(UserFactory())
    assert "already exists" not in walk_wizard(client, STEP_DATA[:1]).content.decode()


@pytest.mark.django_db
def test_a_review_step_shows_the_answers_as_people_read_them_before_submitting(client):
    client.force_login(UserFactory())
    html = walk_wizard(client, STEP_DATA[:3]).content.decode()
    assert not MembershipApplication.objects.exists()  # not submitted yet
    assert "Check your application before you submit it" in html
    assert "<bdi>Joint teaching, Capacity building</bdi>" in html
    assert "<bdi>Peru</bdi>" in html and "<bdi>University</bdi>" in html
    assert "<bdi>Yes</bdi>" in html  # the charter
    assert "joint_teaching" not in html and "True" not in html
    client.post("/en/apply/", STEP_DATA[3])
    assert MembershipApplication.objects.get().institution_name == "Andes Open University"


@pytest.mark.django_db
def test_a_reload_keeps_the_step_and_what_was_written(client):
    client.force_login(UserFactory())
    walk_wizard(client, STEP_DATA[:2])  # institution and contact done: at motivation
    html = client.get("/en/apply/").content.decode()  # a reload, or coming back later
    assert 'name="motivation-motivation"' in html
    html = client.post(
        "/en/apply/",
        {"application_wizard-current_step": "motivation", "wizard_goto_step": "institution"},
    ).content.decode()
    assert 'value="Andes Open University"' in html  # the first step kept its answers
    assert (
        'name="institution-institution_name"' in client.get("/en/apply/?start=1").content.decode()
    )
    assert "Andes Open University" not in client.get("/en/apply/?start=1").content.decode()


@pytest.mark.django_db
def test_the_application_page_needs_an_account_to_start(client):
    response = client.get("/en/apply/?start=1")
    assert response.status_code == 200
    assert b"/accounts/signup/?next=" in response.content


@pytest.mark.django_db
def test_a_step_with_errors_stays_and_says_why(client):
    client.force_login(UserFactory())
    client.get("/en/apply/?start=1")
    bad = {**STEP_DATA[0], "institution-website": "not a url", "institution-country": "XX"}
    response = client.post("/en/apply/", bad)
    content = response.content.decode()
    assert "Enter a valid URL" in content
    assert "Select a valid choice" in content
    assert not MembershipApplication.objects.exists()


@pytest.mark.django_db
def test_the_charter_must_be_agreed(client):
    client.force_login(UserFactory())
    steps = [*STEP_DATA[:2], {**STEP_DATA[2]}]
    del steps[2]["motivation-agreed_to_charter"]
    response = walk_wizard(client, steps)
    assert "agreement to the alliance charter" in response.content.decode()
    assert not MembershipApplication.objects.exists()


@pytest.mark.django_db
def test_a_second_open_application_is_refused(client):
    applicant = UserFactory()
    ApplicationFactory(applicant=applicant)
    client.force_login(applicant)
    response = client.post("/en/apply/", STEP_DATA[0], follow=True)
    assert "already have an application" in response.content.decode()
    assert MembershipApplication.objects.count() == 1


@pytest.mark.django_db
def test_likely_duplicates_are_flagged_for_the_reviewer(client):
    InstitutionFactory(name="Andes University", website="https://www.andes-open.example.org/")
    client.force_login(UserFactory())
    walk_wizard(client)
    duplicates = MembershipApplication.objects.get().possible_duplicates
    assert [item["name"] for item in duplicates] == ["Andes University"]


@pytest.mark.django_db
def test_approval_creates_the_institution_with_the_applicant_as_admin(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(country="SN")
    secretariat = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        applications_services.application_approve(application=application, actor=secretariat)
    institution = Institution.objects.get()
    assert institution.name == application.institution_name
    assert institution.region == "africa"
    affiliation = Affiliation.objects.get(institution=institution)
    assert affiliation.user == application.applicant
    assert affiliation.role == InstitutionRole.ADMIN
    assert application.applicant.has_perm("members.manage_people", institution)
    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert "Welcome" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_rejection_needs_a_reason_and_tells_the_applicant(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    with pytest.raises(ValidationError):
        applications_services.application_reject(
            application=application, actor=UserFactory(), reason=""
        )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        applications_services.application_reject(
            application=application, actor=UserFactory(), reason="Not an education institution."
        )
    assert "Not an education institution." in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_decided_application_cannot_be_decided_again():
    application = ApplicationFactory()
    applications_services.application_reject(
        application=application, actor=UserFactory(), reason="No."
    )
    with pytest.raises(TransitionNotAllowed):
        applications_services.application_approve(application=application, actor=UserFactory())
    assert not Institution.objects.exists()


@pytest.mark.django_db
def test_the_applicant_withdraws(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    client.post(f"/en/apply/{application.pk}/withdraw/", {"reason": "Merged with another"})
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert application.decision_reason == "Merged with another"


@pytest.mark.django_db
def test_the_applicant_withdraws_while_it_is_under_review(client, settings):
    application = ApplicationFactory()
    reviewer = secretariat_member(settings)
    applications_services.application_start_review(application=application, actor=reviewer)
    client.force_login(application.applicant)
    response = client.post(f"/en/apply/{application.pk}/withdraw/", {"reason": "Found a partner"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert application.decision_reason == "Found a partner"
    assert application.reviewed_by is None
    assert application.decided_at is not None
    assert ModelLogEntry.objects.filter(action="members.application.withdrawn").count() == 1


@pytest.mark.django_db
def test_nobody_else_can_withdraw_it(client):
    application = ApplicationFactory()
    client.force_login(UserFactory())
    assert client.post(f"/en/apply/{application.pk}/withdraw/").status_code == 404
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


@pytest.mark.django_db
def test_without_a_charter_page_the_charter_step_still_works(client):
    client.force_login(UserFactory())
    html = walk_wizard(client, STEP_DATA[:2]).content.decode()
    assert 'name="motivation-agreed_to_charter"' in html
    assert "Read the alliance charter" not in html


@pytest.mark.django_db
def test_countries_read_in_the_applicants_language(client):
    client.force_login(UserFactory())
    assert '<option value="PE">Pérou</option>' in client.get("/fr/apply/?start=1").content.decode()
    assert '<option value="PE">Peru</option>' in client.get("/en/apply/?start=1").content.decode()
