"""The applicant's draft is kept per account: a new session or another device carries on."""

import pytest
from django.test import Client

from members.factories import UserFactory
from members.models import ApplicationDraft, MembershipApplication
from tests.members.test_applications import STEP_DATA, walk_wizard

pytestmark = pytest.mark.django_db


def device(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_draft_survives_a_new_session_on_another_device():
    applicant = UserFactory()
    walk_wizard(device(applicant), STEP_DATA[:2])  # institution and contact done
    assert set(ApplicationDraft.objects.get(applicant=applicant).data["step_data"]) == {
        "institution",
        "contact",
    }
    other = device(applicant)  # a new session: nothing of the wizard in it
    html = other.get("/en/apply/").content.decode()
    assert 'name="motivation-motivation"' in html  # at the step one had reached
    html = other.post(
        "/en/apply/",
        {"application_wizard-current_step": "motivation", "wizard_goto_step": "institution"},
    ).content.decode()
    assert 'value="Andes Open University"' in html


def test_each_device_carries_on_from_the_latest_answers():
    applicant = UserFactory()
    first, second = device(applicant), device(applicant)
    walk_wizard(first, STEP_DATA[:1])
    second.get("/en/apply/")
    second.post("/en/apply/", STEP_DATA[1])  # the contact step, done on the second device
    assert 'name="motivation-motivation"' in first.get("/en/apply/").content.decode()
    response = first.post("/en/apply/", STEP_DATA[2])
    assert "Rosa Quispe" in response.content.decode()  # the review lists the other's answers
    first.post("/en/apply/", STEP_DATA[3])
    assert MembershipApplication.objects.get().contact_name == "Rosa Quispe"
    assert not ApplicationDraft.objects.exists()  # submitted: the draft is gone
    assert "Your application for" in second.get("/en/apply/").content.decode()


def test_starting_again_forgets_the_draft():
    applicant = UserFactory()
    walk_wizard(device(applicant), STEP_DATA[:2])
    html = device(applicant).get("/en/apply/?start=1").content.decode()
    assert 'name="institution-institution_name"' in html
    assert "Andes Open University" not in html
    assert not ApplicationDraft.objects.exists()
    assert "Start the application" in device(applicant).get("/en/apply/").content.decode()


def test_a_draft_is_its_applicants_only():
    walk_wizard(device(UserFactory()), STEP_DATA[:2])
    someone = device(UserFactory())
    assert "Start the application" in someone.get("/en/apply/").content.decode()
    html = someone.get("/en/apply/?start=1").content.decode()
    assert "Andes Open University" not in html
    assert ApplicationDraft.objects.count() == 1


def test_a_step_with_errors_leaves_the_draft_as_it_was():
    applicant = UserFactory()
    client = device(applicant)
    walk_wizard(client, STEP_DATA[:1])
    saved = ApplicationDraft.objects.get().data
    bad = {**STEP_DATA[1], "contact-contact_email": "not an address"}
    assert "Enter a valid email address" in client.post("/en/apply/", bad).content.decode()
    assert ApplicationDraft.objects.get().data["step_data"] == saved["step_data"]
    assert "not an address" not in str(ApplicationDraft.objects.get().data)


def test_a_visit_without_answers_keeps_no_draft():
    client = device(UserFactory())
    assert client.get("/en/apply/?start=1").status_code == 200
    assert client.get("/en/apply/").status_code == 200
    assert not ApplicationDraft.objects.exists()
