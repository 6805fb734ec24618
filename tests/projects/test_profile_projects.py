"""An institution's public profile lists the public projects it leads or partners in."""

import pytest
from bs4 import BeautifulSoup

from projects.models import Visibility
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db


def projects_on_profile(client, institution, language="en"):
    html = client.get(f"/{language}/members/{institution.slug}/").content
    section = BeautifulSoup(html, "html.parser").select_one(
        "section[aria-labelledby=projects-title]"
    )
    if section is None:
        return None
    return [
        (card.h3.get_text(strip=True), card.select_one(".meta").get_text(strip=True))
        for card in section.select("li.project-card")
    ]


def test_the_profile_shows_public_projects_led_and_partnered_and_hides_private_ones(client, world):
    a, b = world["a"], world["b"]
    assert projects_on_profile(client, a) is None  # the world's project is private
    public = make_project(
        world["lead"], a, title="Quality MOOCs", visibility=Visibility.PUBLIC, partners=[b]
    )
    led_by_a = [("Quality MOOCs", "Led by Institution A")]
    assert projects_on_profile(client, a) == projects_on_profile(client, b) == led_by_a
    link = f'href="/ar/projects/{public.slug}/"'
    assert link in client.get(f"/ar/members/{a.slug}/").content.decode()


def test_the_profile_s_project_cards_keep_a_fixed_number_of_queries(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms import demo_images

    def count(items):
        for number in range(items):
            project = make_project(
                world["lead"], world["a"], title=f"Card {items} {number}", visibility="public"
            )
            project.image = demo_images.demo_image(f"card-{items}-{number}", "An illustration.")
            project.save()
        url = f"/en/members/{world['a'].slug}/"
        client.get(url)  # the first view makes the renditions
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).content.decode().count("card-image") == items
        type(project).objects.filter(title__startswith="Card").delete()
        return len(queries)

    assert count(1) == count(3)
