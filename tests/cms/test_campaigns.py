"""Campaigns: the pledge moves through start, signed (check your email), the emailed link's
page with a button, and share; two separate consents; only confirmed pledges count; one
signature per address."""

import re

import pytest
from django.conf import settings
from django.core import mail
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
    return {
        "name": "Li Wei",
        "email": "li.wei@example.org",
        "organization": "",
        "consent": "on",
        **overrides,
    }


def confirm_all():
    for item in Pledge.objects.all():
        services.pledge_confirm(pledge=item)


@pytest.fixture
def sign(client, django_capture_on_commit_callbacks):
    """Sign at `url` and send the confirmation email; returns the response."""

    def post(url=URL, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, pledge(**overrides))

    return post


def count_on(client, url=URL) -> str:
    return re.search(r'big-number">(\d+)<', client.get(url).content.decode()).group(1)


@pytest.mark.django_db
def test_signing_moves_from_the_form_to_the_email_to_the_button_to_the_share_links(
    client, campaign, sign
):
    start = client.get(URL).content.decode()
    assert "I support quality online learning for everyone." in start
    assert '<span class="big-number">0</span>' in start
    assert 'aria-current="step">Sign<' in start
    assert 'name="consent"' in start and 'name="news_consent"' in start

    response = sign()
    assert response.status_code == 302
    assert response["Location"] == f"{URL}signed/"
    signed = client.get(response["Location"]).content.decode()
    assert "Thank you for signing" in signed and "check your email" in signed
    assert '<span class="big-number">0</span>' in signed  # not confirmed yet
    (message,) = mail.outbox
    assert message.to == ["li.wei@example.org"]
    link = re.search(r"http://\S+/confirm/\S+/", message.body).group(0)
    path = link.removeprefix(settings.SITE_URL)
    # A mail scanner follows the link: a page with a button, nothing confirmed.
    other = client.__class__()
    page = other.get(path)
    assert page.status_code == 200 and "Confirm my signature" in page.content.decode()
    assert other.head(path).status_code == 200
    assert not Pledge.objects.confirmed().exists() and count_on(client) == "0"
    # The person presses the button: counted, and on to the share links.
    confirmed = client.post(path)
    assert confirmed["Location"] == f"{URL}share/"
    assert Pledge.objects.confirmed().count() == 1 and count_on(client) == "1"
    # Pressing it again (a double click) changes nothing.
    client.post(path)
    assert Pledge.objects.confirmed().count() == 1
    assert "already confirmed" in client.get(path).content.decode()
    share = client.get(f"{URL}share/").content.decode()
    assert "https://twitter.com/intent/tweet" in share
    assert "mailto:?subject=Open%20learning%20for%20all" in share
    assert "http://testserver/en/open-learning-for-all/" in share
    saved = Pledge.objects.get()
    assert (saved.email, saved.consent, saved.news_consent) == ("li.wei@example.org", True, False)


@pytest.mark.django_db
def test_the_two_consents_are_separate(client, campaign, sign):
    """The pledge needs its consent; news from the alliance is a choice of its own."""
    refused = sign(consent="")
    assert refused.status_code == 400
    assert "Please agree to sign the pledge." in refused.content.decode()
    assert not Pledge.objects.exists() and not mail.outbox
    refused = sign(consent="", news_consent="on")
    assert refused.status_code == 400 and not Pledge.objects.exists()
    assert sign(news_consent="on").status_code == 302
    assert Pledge.objects.get().news_consent is True
    assert sign(email="other@example.org").status_code == 302
    assert Pledge.objects.get(email="other@example.org").news_consent is False
    with pytest.raises(ValidationError, match="agree to sign"):
        services.pledge_sign(
            campaign=campaign, data=pledge(email="x@example.org", consent=False), language="en"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token", ["nonsense", "", "MTIz", "a" * 300, "%00", "..%2F..%2Fetc"], ids=range(6)
)
def test_a_bad_confirmation_link_confirms_nothing(client, campaign, sign, token):
    sign()
    response = client.post(f"{URL}confirm/{token}/")
    assert response.status_code in (302, 400, 404)
    assert not Pledge.objects.confirmed().exists()


@pytest.mark.django_db
def test_the_email_is_in_the_signers_language_and_links_to_that_version(client, campaign, sign):
    french = campaign.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.title = "Un apprentissage ouvert pour tous"
    french.save_revision().publish()
    sign("/fr/open-learning-for-all/")
    (message,) = mail.outbox
    assert "Un apprentissage ouvert pour tous" in message.subject
    assert "/fr/open-learning-for-all/confirm/" in message.body
    assert Pledge.objects.get().language == "fr"


@pytest.mark.django_db
def test_the_language_versions_share_one_count_and_one_signature_per_address(client, campaign):
    french = campaign.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.title = "Un apprentissage ouvert pour tous"
    french.save_revision().publish()
    assert client.post(URL, pledge()).status_code == 302
    confirm_all()
    response = client.post("/fr/open-learning-for-all/", pledge(name="Li Wei (fr)"))
    assert response.status_code == 400
    assert (
        client.post("/fr/open-learning-for-all/", pledge(email="a@example.org")).status_code == 302
    )
    confirm_all()
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
    assert "We have already sent a confirmation link" in response.content.decode()
    confirm_all()
    response = client.post(URL, pledge(name="Someone else", email="LI.WEI@example.org "))
    assert "This email address has already signed" in response.content.decode()
    assert Pledge.objects.count() == 1
    with pytest.raises(ValidationError):
        services.pledge_sign(campaign=campaign, data=pledge(), language="en")


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
    services.pledge_sign(campaign=campaign, data=pledge(), language="en")
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
    assert "0 endorsements" in client.get(project_url).content.decode()  # not confirmed yet
    confirm_all()
    after = client.get(project_url).content.decode()
    assert f'href="{URL}"' in after and "1 endorsement" in after
    assert "elsewhere.example.org" not in after
    assert f'href="{project_url}"' in client.get(URL).content.decode()
