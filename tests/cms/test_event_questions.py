"""The secretariat's own questions on an event's registration form: asked after the details,
required or not, the answers stored with the registration and in the list's export (formula
safe)."""

import pytest

from cms.models import EventQuestion, EventRegistration
from tests.cms.conftest import event, page_editor, registration_data

pytestmark = pytest.mark.django_db

EXPORT = "/cms-admin/event_registrations/?export=csv"


@pytest.fixture
def workshop(events_index):
    page = event(events_index, "Teaching Workshop")
    page.questions.add(EventQuestion(label="Dietary needs", required=False))
    page.questions.add(EventQuestion(label="@Session you will join", required=True))
    page.save_revision().publish()
    return page


def fields(page):
    dietary, session = EventQuestion.objects.filter(page=page).order_by("sort_order")
    return f"question_{dietary.pk}", f"question_{session.pk}"


def test_the_questions_are_asked_and_the_answers_stored_and_exported(client, workshop):
    dietary, session = fields(workshop)
    html = client.get(workshop.url).content.decode()
    assert "Dietary needs" in html and "@Session you will join" in html
    assert html.index(f'name="{session}"') < html.index('name="consent"')

    data = registration_data(**{dietary: '=HYPERLINK("http://x")', session: "Sub-forum 2"})
    response = client.post(workshop.url + "register/", data)

    assert response.status_code == 302
    registration = EventRegistration.objects.get()
    assert registration.answers == [
        {"question": "Dietary needs", "answer": '=HYPERLINK("http://x")'},
        {"question": "@Session you will join", "answer": "Sub-forum 2"},
    ]
    client.force_login(page_editor())
    export = client.get(EXPORT).getvalue().decode()
    # The cell starts with the first question's label; a label starting with @ gets a quote.
    assert "Dietary needs: =HYPERLINK" in export and "@Session you will join: Sub-forum 2" in export


def test_a_cell_that_starts_with_a_formula_character_is_quoted(client, workshop):
    registration = EventRegistration.objects.create(
        event=workshop,
        name="A",
        email="a@x.example",
        institution="U",
        country="FR",
        role="other",
        consent=True,
        answers=[{"question": "@Session you will join", "answer": "=1+1"}],
    )
    client.force_login(page_editor())
    export = client.get(EXPORT).getvalue().decode()
    assert "'@Session you will join: =1+1" in export
    assert registration.answers_text() == "@Session you will join: =1+1"


def test_a_required_question_left_empty_is_refused_and_nothing_written(client, workshop):
    dietary, _session = fields(workshop)
    response = client.post(workshop.url + "register/", registration_data(**{dietary: "None"}))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not EventRegistration.objects.exists()


def test_a_too_long_answer_is_refused_and_nothing_written(client, workshop):
    dietary, session = fields(workshop)
    data = registration_data(**{dietary: "x" * 1001, session: "Main"})
    response = client.post(workshop.url + "register/", data)
    assert response.status_code == 400
    assert "at most 1000 characters" in response.content.decode()
    assert not EventRegistration.objects.exists()


def test_an_event_without_questions_stores_no_answers(client, conference):
    assert client.post(conference.url + "register/", registration_data()).status_code == 302
    assert EventRegistration.objects.get().answers == []
