"""A refused POST to one of the project's admin views answers 403 and changes nothing; a refused
GET keeps Wagtail's convention (back to the dashboard with a message)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from members.factories import UserFactory
from members.models import FeeSchedule, Payment


@pytest.fixture
def cms_editor(db):
    """Someone who may enter the CMS admin (a page editor) but is not of the secretariat."""
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return editor


def waive(client, world):
    url = reverse("dues_memberships:act", args=[world["institution_b"].membership.pk])
    return client.post(url, {"action": "waive", "reason": "Please"})


def test_a_refused_post_on_a_dues_action_answers_403(client, world, fees, cms_editor):
    client.force_login(cms_editor)
    response = waive(client, world)
    assert response.status_code == 403
    assert "do not have permission" in response.content.decode()
    assert not Payment.objects.filter(membership__institution=world["institution_b"]).exists()


def test_the_secretariat_s_post_is_done(client, world, fees):
    client.force_login(world["secretariat"])
    assert waive(client, world).status_code == 302
    assert Payment.objects.filter(membership__institution=world["institution_b"]).exists()


def test_a_refused_post_on_a_generic_admin_form_answers_403(client, world, cms_editor):
    client.force_login(cms_editor)
    response = client.post(
        "/cms-admin/fee_schedule/new/",
        {"year": 2030, "kind": "university", "income_group": "high", "amount_usd": "10"},
    )
    assert response.status_code == 403
    assert not FeeSchedule.objects.filter(year=2030).exists()


def test_a_refused_get_still_goes_to_the_dashboard(client, world, cms_editor):
    client.force_login(cms_editor)
    response = client.get("/cms-admin/fee_schedule/new/")
    assert response.status_code == 302 and response["Location"] == "/cms-admin/"
