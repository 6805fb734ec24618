"""Campaigns: the pledge moves through start, signed and share; one signature per address."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from cms import services
from cms.models import Pledge
from cms.spam import RATE_LIMIT
from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from projects.models import ProjectKind, Visibility
from tests.members.conftest import activate_membership
from tests.projects.conftest import make_project

URL = "/en/open-learning-for-all/"


def pledge(**overrides):
    return {"name": "Li Wei", "email": "li.wei@example.org", "organization": "", **overrides}


@pytest.mark.django_db
def test_signing_moves_from_the_form_to_the_confirmation_to_the_share_links(client, campaign):
    start = client.get(URL).content.decode()
    assert "I support quality online learning for everyone." in start
    assert '<span class="big-number">0</span>' in start
    assert 'aria-current="step">Sign<' in start

    response = client.post(URL, pledge())
    assert response.status_code == 302
    assert response["Location"] == f"{URL}signed/"
    signed = client.get(response["Location"]).content.decode()
    assert "Thank you for signing" in signed
    assert '<span class="big-number">1</span>' in signed
    share = client.get(f"{URL}share/").content.decode()
    assert "https://twitter.com/intent/tweet" in share
    assert "mailto:?subject=Open%20learning%20for%20all" in share
    assert "http://testserver/en/open-learning-for-all/" in share
    assert Pledge.objects.get().email == "li.wei@example.org"


@pytest.mark.django_db
def test_the_language_versions_share_one_count_and_one_signature_per_address(client, campaign):
    french = campaign.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.title = "Un apprentissage ouvert pour tous"
    french.save_revision().publish()
    assert client.post(URL, pledge()).status_code == 302
    response = client.post("/fr/open-learning-for-all/", pledge(name="Li Wei (fr)"))
    assert response.status_code == 400
    assert (
        client.post("/fr/open-learning-for-all/", pledge(email="a@example.org")).status_code == 302
    )
    french_page = client.get("/fr/open-learning-for-all/").content.decode()
    assert '<span class="big-number">2</span>' in french_page
    assert set(Pledge.objects.values_list("campaign", flat=True)) == {campaign.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["signed", "share"])
def test_the_later_states_need_a_signature_first(client, campaign, state):
    response = client.get(f"{URL}{state}/")
    assert response.status_code == 302
    assert response["Location"] == URL


@pytest.mark.django_db
def test_a_second_pledge_by_the_same_address_is_refused(client, campaign):
    assert client.post(URL, pledge()).status_code == 302
    response = client.post(URL, pledge(name="Someone else", email="LI.WEI@example.org "))
    assert response.status_code == 400
    assert "This email address has already signed" in response.content.decode()
    assert Pledge.objects.count() == 1
    with pytest.raises(ValidationError):
        services.pledge_sign(campaign=campaign, data=pledge())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (pledge(email="not-an-address"), "Enter a valid email address."),
        (pledge(name=""), "This field is required."),
        (pledge(website="http://spam.example"), "This form could not be sent"),
    ],
    ids=["bad-email", "no-name", "honeypot"],
)
def test_bad_input_is_refused(client, campaign, data, message):
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Pledge.objects.exists()


@pytest.mark.django_db
def test_the_rate_limit_per_address(client, campaign):
    for index in range(RATE_LIMIT):
        assert client.post(URL, pledge(email=f"p{index}@example.org")).status_code == 302
    response = client.post(URL, pledge(email="one-more@example.org"))
    assert response.status_code == 429
    assert Pledge.objects.count() == RATE_LIMIT


@pytest.mark.django_db
def test_a_closed_campaign_takes_no_signature(client, campaign):
    campaign.is_open = False
    campaign.save_revision().publish()
    assert "no longer collecting signatures" in client.get(URL).content.decode()
    response = client.post(URL, pledge())
    assert response.status_code == 400
    assert not Pledge.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), [("anonymous", False), ("admin_a", False), ("secretariat", True)]
)
def test_only_the_secretariat_sees_the_pledges(client, world, campaign, role, allowed):
    services.pledge_sign(campaign=campaign, data=pledge())
    if world[role] is not None:
        client.force_login(world[role])
    response = client.get("/cms-admin/pledges/")
    assert (response.status_code == 200) is allowed
    if allowed:
        assert "Li Wei" in response.content.decode()


@pytest.mark.django_db
def test_a_linked_advocacy_project_shows_the_campaign_and_its_signatures(client, campaign):
    institution = InstitutionFactory(name="Institution A")
    activate_membership(institution)
    lead = affiliate(institution, InstitutionRole.EDITOR, email="lead@a.example")
    project = make_project(
        lead,
        institution,
        kind=ProjectKind.ADVOCACY,
        visibility=Visibility.PUBLIC,
        campaign_url="https://elsewhere.example.org/",
        endorsement_count=312,
    )
    project_url = f"/en/projects/{project.slug}/"
    before = client.get(project_url).content.decode()
    assert "https://elsewhere.example.org/" in before and "312 endorsements" in before

    campaign.advocacy_project = project
    campaign.save_revision().publish()
    client.post(URL, pledge())
    after = client.get(project_url).content.decode()
    assert f'href="{URL}"' in after and "1 endorsement" in after
    assert "elsewhere.example.org" not in after
    assert f'href="{project_url}"' in client.get(URL).content.decode()
