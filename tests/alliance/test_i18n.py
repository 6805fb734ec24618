import pytest
from bs4 import BeautifulSoup
from django.conf import settings

UN_LANGUAGES = {"ar", "zh-hans", "en", "fr", "ru", "es"}


def test_languages_are_the_six_un_languages():
    assert {code for code, _name in settings.LANGUAGES} == UN_LANGUAGES


@pytest.mark.django_db
def test_root_redirects_to_a_language_prefix(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "direction"),
    [("en", "ltr"), ("ar", "rtl"), ("zh-hans", "ltr"), ("fr", "ltr"), ("ru", "ltr"), ("es", "ltr")],
)
def test_home_page_sets_html_lang_and_dir(client, code, direction):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser").html
    assert html["lang"] == code
    assert html["dir"] == direction


@pytest.mark.django_db
def test_each_language_has_its_own_home_page(client):
    titles = {
        code: BeautifulSoup(client.get(f"/{code}/").content, "html.parser").h1.get_text(strip=True)
        for code in UN_LANGUAGES
    }
    assert len(set(titles.values())) == 6
    assert titles["zh-hans"] == "全球慕课联盟"


@pytest.mark.django_db
def test_language_switcher_links_to_the_same_page_in_each_language(client):
    soup = BeautifulSoup(client.get("/en/").content, "html.parser")
    links = soup.select(".language-switcher a")
    assert [a["lang"] for a in links] == [code for code, _ in settings.LANGUAGES]
    french = next(a for a in links if a["lang"] == "fr")
    response = client.get(french["href"])
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    alternates = {link["hreflang"] for link in soup.select('link[rel="alternate"]')}
    assert alternates == UN_LANGUAGES


@pytest.mark.django_db
def test_switching_language_keeps_you_on_a_non_prefixed_page(client):
    response = client.get("/i18n/ar/", {"next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/")
    assert BeautifulSoup(page.content, "html.parser").html["dir"] == "rtl"


@pytest.mark.django_db
def test_switching_language_refuses_an_outside_redirect(client):
    response = client.get("/i18n/fr/", {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_switching_to_an_unknown_language_is_not_found(client):
    response = client.get("/i18n/xx/", {"next": "/en/"}, follow=True)
    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_a_bad_language_prefix_gives_a_clear_not_found_page(client):
    response = client.get("/xx/", follow=True)
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.django_db
def test_strings_are_translated_on_the_page(client):
    soup = BeautifulSoup(client.get("/fr/").content, "html.parser")
    assert soup.select_one(".skip-link").get_text(strip=True) == "Aller au contenu principal"


def test_every_broad_narrow_and_detailed_isced_field_has_its_name_in_the_five_languages():
    from members.reference import isced_field_names, isced_fields

    fields = {row["code"]: row for row in isced_fields()}
    names = isced_field_names()
    named = {code for code, row in fields.items() if row["level"] == "broad"}
    named |= {
        code
        for code, row in fields.items()
        if row["level"] == "narrow" and not code.endswith(("0", "8", "9"))
    }
    named |= {code for code, row in fields.items() if row["level"] == "detailed"}
    assert named | {"999"} == set(names)
    assert all(set(row) == UN_LANGUAGES - {"en"} and all(row.values()) for row in names.values())


@pytest.mark.django_db
def test_reference_rows_read_in_the_readers_language_or_in_english():
    from django.utils import translation

    from members.models import FieldOfEducation, Platform

    arts = FieldOfEducation.objects.get(code="02")
    assert arts.translated("name", "zh-hans")[0] == "艺术与人文"
    assert arts.translated("name", "ru")[0] == "Искусство и гуманитарные науки"
    with translation.override("fr"):
        assert arts.translated("name")[0] == "Lettres et arts"
    assert FieldOfEducation.objects.get(code="0211").translated("name", "ar")[0] == (
        "التقنيات السمعية البصرية وإنتاج الوسائط"
    )
    assert (
        FieldOfEducation.objects.get(code="0119").translated("name", "zh-hans")[0]
        == "教育（未另分类）"
    )
    # An inter-disciplinary narrow code, without names, and a platform with one name
    # everywhere: English.
    assert FieldOfEducation.objects.get(code="018").translated("name", "ar")[0] == (
        FieldOfEducation.objects.get(code="018").name
    )
    assert Platform.objects.get(slug="xuetangx").translated("name", "zh-hans")[0] == "学堂在线"
    assert Platform.objects.get(slug="edx").translated("name", "zh-hans") == ("edX", "en")
    assert arts.translated("name", "ar")[1] == "ar"  # marked as the reader's language


@pytest.mark.parametrize(
    ("language", "code", "label"),
    [
        ("fr", "pt-BR", "portugais (Brésil)"),
        ("ar", "en", "الإنجليزية"),
        ("zh-hans", "ru", "俄语"),
        ("ru", "xx-YY", "xx-YY"),
    ],
)
def test_language_names_come_from_cldr_in_the_readers_language(language, code, label):
    from django.utils import translation

    from alliance.templatetags.alliance_tags import language_label

    with translation.override(language):
        assert language_label(code) == label


def test_known_accessibility_features_are_translated_and_others_shown_as_written():
    from members.templatetags.members_tags import accessibility_labels

    assert accessibility_labels(["Captions ", "Braille display"]) == "captions and Braille display"
