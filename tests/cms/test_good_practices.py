"""Good practices and the page rules of the website's pages."""

import pytest

from cms.models import (
    CampaignPage,
    ConsultationPage,
    DeclarationPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
    HomePage,
    ResourceIndexPage,
    ResourcePage,
)
from tests.cms.conftest import home_page, page_editor


def practice(index, number, live=True):
    page = GoodPracticePage(
        title=f"Practice {number}",
        slug=f"practice-{number}",
        summary="Online teaching for all students.",
        organization=f"University {number}",
        region="africa",
        body="<p>What we did.</p>",
        live=live,
    )
    index.add_child(instance=page)
    return page


@pytest.mark.django_db
def test_the_index_lists_published_practices_only(client, good_practices):
    practice(good_practices, 1)
    practice(good_practices, 2, live=False)
    html = client.get("/en/good-practices/").content.decode()
    assert "Practice 1" in html and "University 1 · Africa" in html
    assert "Practice 2" not in html
    page = client.get("/en/good-practices/practice-1/").content.decode()
    assert "<p>What we did.</p>" in page


# Site, locale, page routing and its ancestors, then the page's own reads.
QUERIES = 9


@pytest.mark.django_db
def test_the_index_query_count_does_not_grow(client, good_practices, django_assert_num_queries):
    practice(good_practices, 1)
    client.get("/en/good-practices/")
    with django_assert_num_queries(QUERIES):
        client.get("/en/good-practices/")
    for number in range(2, 9):
        practice(good_practices, number)
    with django_assert_num_queries(QUERIES):
        assert "Practice 8" in client.get("/en/good-practices/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "allowed_under_home"),
    [
        (DeclarationPage, True),
        (ConsultationPage, True),
        (CampaignPage, True),
        (GoodPracticeIndexPage, True),
        (ResourceIndexPage, True),
        (GoodPracticePage, False),
        (ResourcePage, False),
    ],
)
def test_page_rules_keep_the_tree_sane(model, allowed_under_home):
    assert model.can_create_at(home_page()) is allowed_under_home


@pytest.mark.django_db
def test_one_declaration_page_per_language(declaration_page):
    assert DeclarationPage.can_create_at(home_page()) is False
    assert DeclarationPage.can_create_at(home_page("fr")) is True
    assert GoodPracticePage.parent_page_types == ["cms.GoodPracticeIndexPage"]
    assert ResourcePage.allowed_parent_page_models() == [ResourceIndexPage]
    assert HomePage in DeclarationPage.allowed_parent_page_models()


@pytest.mark.django_db
def test_the_secretariat_edits_every_page_type_in_the_admin(
    client, declaration_page, consultation, campaign, good_practices
):
    client.force_login(page_editor())
    resources = ResourceIndexPage(title="Resources", slug="resources")
    home_page().add_child(instance=resources)
    pages = [declaration_page, consultation, campaign, good_practices, resources]
    for page in [*pages, practice(good_practices, 1)]:
        assert client.get(f"/cms-admin/pages/{page.pk}/edit/").status_code == 200, page
    for page, model in [(home_page(), "consultationpage"), (resources, "resourcepage")]:
        response = client.get(f"/cms-admin/pages/add/cms/{model}/{page.pk}/")
        assert response.status_code == 200, model
