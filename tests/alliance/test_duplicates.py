"""A double click makes one row: the same form posted twice at once, on PostgreSQL (SQLite
serializes every writer, so it proves nothing there)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from cms.models import Submission
from members.factories import UserFactory
from members.models import MembershipApplication
from members.services import applications as applications_services
from tests.cms.conftest import make_consultation
from tests.cms.test_consultation import URL, form_data
from tests.members.test_dues_concurrency import at_once

APPLICATION = {
    "institution_name": "Andes Open University",
    "kind": "university",
    "country": "PE",
    "website": "https://andes-open.example.org",
    "description": "A public university teaching online since 2010.",
    "contact_name": "Rosa Quispe",
    "contact_title": "Vice-Rector",
    "contact_email": "rosa@andes-open.example.org",
    "motivation": "We want to co-teach courses on climate and health.",
    "activities": ["joint_teaching"],
    "agreed_to_charter": True,
}


def submit_or_refuse(applicant):
    def submit():
        try:
            return applications_services.application_submit(
                applicant=applicant, data=APPLICATION, language="en"
            )
        except ValidationError as error:
            return error

    return submit


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_the_last_step_posted_twice_at_once_makes_one_open_application():
    applicant = UserFactory()
    outcomes = at_once(submit_or_refuse(applicant), submit_or_refuse(applicant))

    assert MembershipApplication.objects.filter(applicant=applicant).count() == 1
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1
    assert "already have an application" in refused[0].messages[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_the_same_call_for_input_form_posted_twice_at_once_makes_one_submission():
    consultation = make_consultation()
    data = form_data(consultation, form_token=str(uuid.uuid4()))

    responses = at_once(*[lambda: Client().post(URL, data)] * 2)

    assert [r.status_code for r in responses] == [302, 302]  # both see the thanks page
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_a_resent_form_is_one_submission_and_a_new_form_another(client):
    consultation = make_consultation()
    page = client.get(URL)
    token = page.context["form"]["form_token"].value()
    assert token and f'value="{token}"' in page.content.decode()

    for _ in range(2):
        assert client.post(URL, form_data(consultation, form_token=token)).status_code == 302
    assert Submission.objects.count() == 1
    client.post(URL, form_data(consultation, form_token=str(uuid.uuid4())))
    assert Submission.objects.count() == 2
