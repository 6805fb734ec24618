"""No moderation workflow by default: the secretariat publishes; nothing waits for nobody."""

import importlib

import pytest
from django.apps import apps
from django.core import mail
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.cms.conftest import news
from tests.members.conftest import secretariat_member

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cms.migrations.0007_no_default_workflow")


@pytest.fixture
def secretariat(settings):
    return secretariat_member(settings)


def test_no_workflow_applies_to_any_page(news_index):
    item = news(news_index, "Launch of the alliance")
    assert item.get_workflow() is None
    assert not Workflow.objects.filter(active=True).exists()


def test_the_editor_offers_publish_and_no_submission(client, secretariat, news_index):
    item = news(news_index, "Launch of the alliance")
    client.force_login(secretariat)

    html = client.get(f"/cms-admin/pages/{item.pk}/edit/").content.decode()

    assert 'name="action-publish"' in html
    assert 'name="action-submit"' not in html


def test_a_page_waiting_in_the_default_workflow_is_released(client, secretariat, news_index):
    """What an existing site had: the default workflow live, a news item submitted to it."""
    item = news(news_index, "Launch of the alliance")
    workflow = Workflow.objects.get(name=migration.DEFAULT_WORKFLOW)
    workflow.active = True
    workflow.save()
    WorkflowPage.objects.create(workflow=workflow, page=Page.get_first_root_node())
    item.title = "Launch of the Global MOOC Alliance"
    item.save_revision(user=secretariat)
    workflow.start(item, secretariat)
    item.refresh_from_db()
    assert item.workflow_in_progress
    lock = item.get_lock()
    assert lock is not None and lock.for_user(secretariat)  # what locked the secretariat out

    migration.deactivate_default_workflow(apps, None)

    item.refresh_from_db()
    assert not item.workflow_in_progress
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_CANCELLED
    assert item.get_lock() is None
    assert item.get_workflow() is None
    mail.outbox.clear()
    client.force_login(secretariat)
    response = client.post(
        f"/cms-admin/pages/{item.pk}/edit/",
        nested_form_data(
            {
                "title": "Launch of the Global MOOC Alliance",
                "slug": item.slug,
                "date": "2024-05-01",
                "category": item.category,
                "intro": item.intro,
                "body": rich_text("<p>In full.</p>"),
                "authors": inline_formset([]),
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.live and item.title == "Launch of the Global MOOC Alliance"
    assert not [m for m in mail.outbox if "Hello" in m.body]
