"""Revoking and rotating partner API keys (issue 19 part 7): the Wagtail admin view for the
secretariat and a key's owner, and the `api_keys` command; allowed and denied."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from wagtail.models import ModelLogEntry

from api.models import ApiKey
from members.factories import UserFactory
from tests.api.conftest import auth
from tests.members.conftest import secretariat_member

pytestmark = pytest.mark.django_db
LIST = "/cms-admin/api-keys/"


def with_admin_access(user):
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def people(keys, settings):
    owner = ApiKey.objects.get(name="Aggregator").owner
    return {
        "secretariat": secretariat_member(settings),
        "owner": with_admin_access(owner),
        "other": with_admin_access(ApiKey.objects.get(name="Nairobi LMS").owner),
        "no_keys": with_admin_access(UserFactory()),
    }


def key(name):
    return ApiKey.objects.get(name=name, revoked_at=None)


def works(api, raw):
    return api.get("/api/v1/courses/", **auth(raw)).status_code == 200


def test_the_secretariat_lists_every_key_with_its_last_use(client, api, keys, people):
    assert works(api, keys["partner"])
    client.force_login(people["secretariat"])
    response = client.get(LIST)
    assert response.status_code == 200
    listed = list(response.context["keys"])
    assert set(listed) == set(ApiKey.objects.all()) and len(listed) == 4
    page = response.content.decode()
    assert key("Aggregator").prefix in page and key("Nairobi LMS").prefix in page
    assert page.count("Never") == 3  # the partner's key was used, the three others not


def test_an_owner_lists_only_their_own_keys(client, keys, people):
    client.force_login(people["owner"])
    response = client.get(LIST)
    assert response.status_code == 200
    assert [k.name for k in response.context["keys"]] == ["Aggregator"]
    assert key("Nairobi LMS").prefix not in response.content.decode()


@pytest.mark.parametrize("who", ["no_keys", None])
def test_people_without_keys_cannot_open_the_list(client, people, who):
    if who:
        client.force_login(people[who])
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url == ("/cms-admin/" if who else f"/admin-sign-in/?next={LIST}")


@pytest.mark.parametrize("who", ["secretariat", "owner"])
def test_revoking_stops_the_key_at_once_and_is_audited(client, api, keys, people, who):
    aggregator = key("Aggregator")
    client.force_login(people[who])
    response = client.post(f"{LIST}{aggregator.pk}/revoke/")
    assert response.status_code == 302 and response.url == LIST
    assert not works(api, keys["partner"])
    again = client.post(f"{LIST}{aggregator.pk}/revoke/")  # a double click
    assert again.status_code == 302
    entries = ModelLogEntry.objects.filter(action="api.key.revoked", object_id=str(aggregator.pk))
    assert entries.count() == 1 and entries.get().user == people[who]
    # The history says which key, in the reader's language.
    with translation.override("fr"):
        assert entries.get().message == "Clé d'API révoquée; Nom: Aggregator"


@pytest.mark.parametrize("action", ["revoke", "rotate"])
@pytest.mark.parametrize("who", ["other", "no_keys", None])
def test_others_cannot_revoke_or_rotate_a_key(client, api, keys, people, action, who):
    if who:
        client.force_login(people[who])
    response = client.post(f"{LIST}{key('Aggregator').pk}/{action}/")
    # A refused POST answers 403 (alliance.admin_access); anonymous people go to sign in.
    assert response.status_code == (403 if who else 302)
    assert works(api, keys["partner"])
    assert ApiKey.objects.count() == 4


def test_rotation_gives_a_new_key_once_and_revokes_the_old(client, api, keys, people):
    old = key("Aggregator")
    client.force_login(people["owner"])
    response = client.post(f"{LIST}{old.pk}/rotate/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["raw"]
    new = key("Aggregator")
    assert new.pk != old.pk and ApiKey.hash(raw) == new.key_hash
    assert (new.owner, new.institution, new.scopes) == (old.owner, old.institution, old.scopes)
    assert works(api, raw) and not works(api, keys["partner"])
    assert raw not in client.get(LIST).content.decode()
    double = client.post(f"{LIST}{old.pk}/rotate/")  # the second click of a double click
    assert double.status_code == 302
    assert ApiKey.objects.filter(name="Aggregator").count() == 2
    assert ModelLogEntry.objects.filter(action="api.key.rotated").count() == 1


def test_the_forms_need_post_and_a_csrf_token(keys, people):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["owner"])
    pk = key("Aggregator").pk
    assert browser.get(f"{LIST}{pk}/revoke/").status_code == 405
    assert browser.post(f"{LIST}{pk}/revoke/").status_code == 403
    assert key("Aggregator").pk == pk


def test_unknown_keys_are_404(client, people):
    client.force_login(people["secretariat"])
    response = client.post(f"{LIST}999999/revoke/", follow=True)  # via the site's locale redirect
    assert response.status_code == 404


def test_the_command_lists_revokes_and_rotates(api, keys, capsys):
    aggregator = key("Aggregator")
    call_command("api_keys", "list")
    listing = capsys.readouterr().out
    assert listing.count("\tactive\t") == 4 and aggregator.prefix in listing
    call_command("api_keys", "rotate", key("Nairobi LMS").prefix)
    raw = capsys.readouterr().out.split()[0]
    assert works(api, raw) and not works(api, keys["nairobi"])
    call_command("api_keys", "revoke", aggregator.prefix)
    assert not works(api, keys["partner"])
    call_command("api_keys", "list", "--owner", aggregator.owner.email)
    assert capsys.readouterr().out.count("\trevoked\t") == 1
    with pytest.raises(CommandError, match="revoked already"):
        call_command("api_keys", "rotate", aggregator.prefix)
    with pytest.raises(CommandError, match="No API key"):
        call_command("api_keys", "revoke", "nothing")
    assert set(ModelLogEntry.objects.values_list("action", flat=True)) >= {
        "api.key.revoked",
        "api.key.rotated",
    }
