from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.models import ModelLogEntry

from members.factories import InstitutionFactory
from members.forms import InstitutionProfileForm, ProfileChangeRequestForm
from members.models import Institution, Region
from members.services import institutions as institutions_services


def png(size=(600, 300), color="navy") -> bytes:
    out = BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def profile_data(**overrides):
    data = {"name": "Institution A", "kind": "university", "country": "KE", "is_public": "on"}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_region_and_income_group_follow_the_country(world):
    institution = InstitutionFactory(country="EG")
    assert institution.region == Region.ARAB_STATES
    assert institution.income_group == "lower_middle"
    change = institutions_services.profile_change_request(
        institution=institution, actor=world["admin_a"], kind=institution.kind, country="CL"
    )
    institutions_services.profile_change_decide(
        change=change, actor=world["secretariat"], approve=True
    )
    institution.refresh_from_db()
    assert institution.region == Region.LATIN_AMERICA_CARIBBEAN
    assert institution.income_group == "high"


@pytest.mark.django_db
def test_region_can_be_overridden_and_then_sticks():
    institution = InstitutionFactory(country="RU")
    assert institution.region == Region.EUROPE_NORTH_AMERICA
    institutions_services.institution_update(
        institution=institution,
        user=None,
        data={"region": Region.ASIA_PACIFIC, "region_overridden": True},
    )
    institutions_services.institution_update(
        institution=institution, user=None, data={"name": "Renamed"}
    )
    institution.refresh_from_db()
    assert institution.region == Region.ASIA_PACIFIC


@pytest.mark.django_db
def test_description_falls_back_to_english_then_any_language():
    institution = InstitutionFactory(description={"fr": "Texte", "en": "Text"})
    assert institution.description_in("fr") == ("Texte", "fr")
    assert institution.description_in("ar") == ("Text", "en")
    institution.description = {"ru": "Текст"}
    assert institution.description_in("es") == ("Текст", "ru")


@pytest.mark.django_db
def test_profile_page_marks_a_fallback_description(client):
    institution = InstitutionFactory(description={"en": "An English text"})
    response = client.get(f"/fr/members/{institution.slug}/")
    assert b'lang="en"' in response.content
    assert b"fallback-note" in response.content
    assert b"fallback-note" not in client.get(f"/en/members/{institution.slug}/").content


@pytest.mark.django_db
def test_updates_are_audited_with_the_change(world):
    institution = world["institution_a"]
    institutions_services.institution_update(
        institution=institution, user=world["admin_a"], data={"name": "New name"}
    )
    entry = ModelLogEntry.objects.filter(action="members.institution.updated").get()
    assert entry.user_id == world["admin_a"].pk
    assert entry.object_id == str(institution.pk)
    assert entry.data["changes"]["name"] == ["Institution A", "New name"]


@pytest.mark.django_db
def test_a_logo_is_resized_and_stored_as_webp(client, world):
    institution = world["institution_a"]
    client.force_login(world["admin_a"])
    upload = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    response = client.post(
        reverse("members:edit_profile", args=[institution.slug]), profile_data(logo=upload)
    )
    assert response.status_code == 302
    institution.refresh_from_db()
    with Image.open(institution.logo) as stored:
        assert stored.format == "WEBP"
        assert max(stored.size) == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("logo.png", b"this is not an image at all", "Upload a valid image"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Upload a valid image",
        ),
        ("huge.png", png(size=(3000, 3000), color=None) + b"\0" * (2 * 1024 * 1024), "too big"),
        ("wide.png", png(size=(6000, 10)), "at most 5000 pixels"),
    ],
)
def test_bad_logos_are_refused_and_nothing_changes(client, world, filename, content, message):
    institution = world["institution_a"]
    client.force_login(world["admin_a"])
    upload = SimpleUploadedFile(filename, content, content_type="image/png")
    response = client.post(
        reverse("members:edit_profile", args=[institution.slug]),
        profile_data(name="Should not be saved", logo=upload),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    institution.refresh_from_db()
    assert institution.name == "Institution A"
    assert not institution.logo


@pytest.mark.django_db
def test_an_unknown_country_is_refused():
    form = ProfileChangeRequestForm(data=profile_data(country="XX"))
    assert not form.is_valid()
    assert "country" in form.errors


@pytest.mark.django_db
def test_social_links_must_be_web_addresses():
    form = InstitutionProfileForm(data=profile_data(social_links="https://x.example/a\nnot a link"))
    assert not form.is_valid()
    assert "not a link" in form.errors["social_links"][0]


@pytest.mark.django_db
def test_descriptions_in_six_languages_are_saved(client, world):
    institution = world["institution_a"]
    client.force_login(world["editor_a"])
    client.post(
        reverse("members:edit_profile", args=[institution.slug]),
        profile_data(description_en="Hello", description_ar="مرحبا", description_fr=""),
    )
    institution.refresh_from_db()
    assert institution.description == {"en": "Hello", "ar": "مرحبا"}


@pytest.mark.django_db
def test_suspended_and_private_institutions_leave_the_directory(client):
    shown = InstitutionFactory(name="Shown")
    hidden = InstitutionFactory(name="Hidden", is_public=False)
    suspended = InstitutionFactory(name="Suspended")
    institutions_services.institution_suspend(
        institution=suspended, actor=None, reason="Unpaid dues"
    )
    content = client.get("/en/members/").content.decode()
    assert shown.name in content
    assert hidden.name not in content
    assert suspended.name not in content
    assert client.get(f"/en/members/{hidden.slug}/").status_code == 404
    assert Institution.objects.count() == 3


@pytest.mark.django_db
def test_suspension_needs_a_reason():
    institution = InstitutionFactory()
    with pytest.raises(ValidationError):
        institutions_services.institution_suspend(institution=institution, actor=None, reason=" ")
    institution.refresh_from_db()
    assert not institution.is_suspended
