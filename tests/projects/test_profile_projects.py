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
    return [li.get_text(" ", strip=True) for li in section.select("li")] if section else None


def test_the_profile_shows_public_projects_led_and_partnered_and_hides_private_ones(client, world):
    a, b = world["a"], world["b"]
    assert projects_on_profile(client, a) is None  # the world's project is private
    public = make_project(
        world["lead"], a, title="Quality MOOCs", visibility=Visibility.PUBLIC, partners=[b]
    )
    assert projects_on_profile(client, a) == ["Quality MOOCs · Joint teaching · lead"]
    assert projects_on_profile(client, b) == ["Quality MOOCs · Joint teaching"]
    link = f'href="/ar/projects/{public.slug}/"'
    assert link in client.get(f"/ar/members/{a.slug}/").content.decode()
