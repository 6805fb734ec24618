import datetime

import pytest

from cms.models import StandardPage
from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from projects import services as project_services
from projects.models import Visibility
from tests.cms.conftest import event, news, publish
from tests.members.conftest import activate_membership
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_latest_news_upcoming_events_and_counts(
    client, home, news_index, events_index
):
    for day in range(1, 5):
        news(news_index, f"News {day}", date=datetime.date(2024, 3, day))
    event(events_index, "Next Forum", days=5)
    event(events_index, "Old Forum", days=-50)
    InstitutionFactory(name="Visible University")
    InstitutionFactory(name="Hidden University", is_public=False)

    response = client.get("/en/")

    assert [n.title for n in response.context["latest_news"]] == ["News 4", "News 3", "News 2"]
    assert [e.title for e in response.context["upcoming_events"]] == ["Next Forum"]
    assert response.context["member_count"] == 1
    assert response.context["course_count"] == 0
    assert response.context["featured_projects"] == []
    html = response.content.decode()
    assert "Featured projects" not in html
    assert "<strong>1</strong> member institution" in html
    assert 'href="/en/news/news-4/"' in html


def test_the_home_page_features_the_latest_public_active_projects(client, home):
    institution = InstitutionFactory(name="Institution A")
    activate_membership(institution)
    lead = affiliate(institution, InstitutionRole.EDITOR)
    shown = {}
    for number in range(4):
        project = make_project(
            lead, institution, title=f"Public {number}", visibility=Visibility.PUBLIC
        )
        project_services.project_update(project=project, actor=lead, data={"status": "active"})
        shown[number] = project
    make_project(lead, institution, title="Private", status="active")
    make_project(lead, institution, title="Proposed", visibility=Visibility.PUBLIC)

    response = client.get("/en/")

    assert [p.title for p in response.context["featured_projects"]] == [
        "Public 3",
        "Public 2",
        "Public 1",
    ]
    assert f'href="/en/projects/{shown[3].slug}/"' in response.content.decode()


def test_the_home_page_shows_its_own_language_tree_only(client, home, news_index):
    news(news_index, "English only")
    html = client.get("/fr/").content.decode()
    assert "English only" not in html


def test_the_home_page_queries_do_not_grow_with_content(
    client, home, news_index, events_index, django_assert_num_queries
):
    news(news_index, "One")
    client.get("/en/")
    with django_assert_num_queries(HOME_QUERIES):
        client.get("/en/")
    for number in range(5):
        news(news_index, f"More {number}")
        event(events_index, f"Forum {number}", days=number + 1)
    with django_assert_num_queries(HOME_QUERIES):
        client.get("/en/")


HOME_QUERIES = 15  # the member and course counts come from the catalog cache


def test_a_standard_page_is_served_and_nests(client, home):
    about = publish(home, StandardPage(title="About", slug="about", body="<p>Who we are.</p>"))
    publish(about, StandardPage(title="Governance", slug="governance"))

    assert "Who we are." in client.get("/en/about/").content.decode()
    assert client.get("/en/about/governance/").status_code == 200
    assert not StandardPage.can_create_at(home.get_parent())


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /cms-admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
