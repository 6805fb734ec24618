"""The secretariat runs the website: every page in every language, documents and images."""

import pytest
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from tests.cms.conftest import home_page
from tests.members.conftest import secretariat_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(settings):
    return {
        "secretariat": secretariat_member(settings),
        "institution_admin": affiliate(InstitutionFactory(), InstitutionRole.ADMIN),
    }


@pytest.mark.parametrize(("who", "allowed"), [("secretariat", True), ("institution_admin", False)])
@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_only_the_secretariat_edits_and_publishes_pages(people, who, allowed, language):
    permissions = home_page(language).permissions_for_user(people[who])
    assert permissions.can_add_subpage() is allowed
    assert permissions.can_edit() is allowed
    assert permissions.can_publish() is allowed


@pytest.mark.parametrize(("who", "allowed"), [("secretariat", True), ("institution_admin", False)])
def test_only_the_secretariat_manages_documents_images_and_registrations(people, who, allowed):
    user = people[who]
    for model in (get_document_model(), get_image_model()):
        assert policy_registry.get_by_type(model).user_has_permission(user, "add") is allowed
    assert user.has_perm("cms.view_eventregistration") is allowed
    assert user.has_perm("wagtail_localize.submit_translation") is allowed


def test_the_secretariat_opens_the_page_editor(client, people):
    client.force_login(people["secretariat"])
    response = client.get(f"/cms-admin/pages/{home_page().pk}/edit/")
    assert response.status_code == 200
