"""The Declaration: who may endorse, the secretariat's confirmation, the public signatories."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import Locale

from cms import services
from cms.models import DeclarationVersion, Endorsement
from cms.models.declaration import EndorsementStatus
from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from tests.cms.conftest import make_version
from tests.members.conftest import activate_membership

ENDORSE = "/en/declaration/endorse/"


def endorse(client, user, institution, title="Rector"):
    if user is not None:
        client.force_login(user)
    return client.post(
        ENDORSE, {"institution": institution.pk, "signatory_title": title, "confirm": "on"}
    )


# Who may sign: the role x action matrix ------------------------------------------------------

# (who, for which institution, the answer): 403 when the person may sign for no institution,
# 400 (the form refuses the choice) when they may sign for another one.
DENIED = [
    ("no_institution", "institution_a", 403),
    ("staff_a", "institution_a", 403),
    ("editor_a", "institution_a", 403),
    ("admin_b", "institution_b", 403),  # B's membership is still pending
    ("admin_lapsed", "lapsed", 403),
    ("admin_suspended", "suspended", 403),
    ("secretariat", "institution_a", 403),  # the secretariat confirms; it does not sign
    ("admin_a", "institution_b", 400),  # an admin of A, for B
]


@pytest.mark.django_db
def test_the_admin_of_a_member_in_good_standing_signs_and_waits_for_confirmation(
    client, roles, declaration_page, adopted
):
    response = endorse(client, roles["admin_a"], roles["institution_a"], title="President")
    assert response.status_code == 302
    assert response["Location"] == "/en/declaration/#endorse"
    endorsement = Endorsement.objects.get()
    assert (endorsement.institution, endorsement.version) == (roles["institution_a"], adopted)
    assert endorsement.status == EndorsementStatus.PENDING
    assert endorsement.signed_by == roles["admin_a"]
    assert endorsement.signatory_title == "President"
    page = client.get("/en/declaration/").content.decode()
    assert "Waiting for confirmation" in page
    assert "0 signatories" in page  # not public before the secretariat confirms


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "institution", "status"), DENIED)
def test_everyone_else_is_refused_and_nothing_is_written(
    client, roles, declaration_page, adopted, role, institution, status
):
    response = endorse(client, roles[role], roles[institution])
    assert response.status_code == status
    if status == 400:
        assert "Select a valid choice" in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.endorsement_sign(
            version=adopted,
            institution=roles[institution],
            user=roles[role],
            signatory_title="Rector",
        )
    assert not Endorsement.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, roles, declaration_page, adopted):
    response = endorse(client, None, roles["institution_a"])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/en/declaration/")
    page = client.get("/en/declaration/").content.decode()
    assert "Sign in to endorse" in page
    assert not Endorsement.objects.exists()


@pytest.mark.django_db
def test_the_form_says_why_an_admin_cannot_sign(client, roles, declaration_page, adopted):
    client.force_login(roles["admin_lapsed"])
    page = client.get("/en/declaration/").content.decode()
    assert "not in good standing" in page
    assert "Sign on behalf of the institution" not in page
    client.force_login(roles["staff_a"])
    assert "Only an administrator" in client.get("/en/declaration/").content.decode()


# Bad input ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_endorsement_of_the_same_version_is_refused(
    client, roles, declaration_page, adopted
):
    services.endorsement_sign(
        version=adopted,
        institution=roles["institution_a"],
        user=roles["admin_a"],
        signatory_title="Rector",
    )
    second_admin = affiliate(roles["institution_a"], InstitutionRole.ADMIN)
    with pytest.raises(ValidationError, match="already endorsed"):
        services.endorsement_sign(
            version=adopted,
            institution=roles["institution_a"],
            user=second_admin,
            signatory_title="Vice-rector",
        )
    # Through the page, the institution is no longer offered.
    assert endorse(client, second_admin, roles["institution_a"]).status_code == 403
    assert Endorsement.objects.count() == 1


@pytest.mark.django_db
def test_after_a_rejection_the_institution_may_sign_again(roles, declaration_page, adopted):
    first = services.endorsement_sign(
        version=adopted,
        institution=roles["institution_a"],
        user=roles["admin_a"],
        signatory_title="Rector",
    )
    services.endorsement_decide(
        endorsement=first, actor=roles["secretariat"], confirm=False, reason="Wrong signatory"
    )
    again = services.endorsement_sign(
        version=adopted,
        institution=roles["institution_a"],
        user=roles["admin_a"],
        signatory_title="President",
    )
    assert again.status == EndorsementStatus.PENDING


@pytest.mark.django_db
def test_a_draft_cannot_be_endorsed(roles, declaration_page, draft):
    with pytest.raises(ValidationError, match="adopted"):
        services.endorsement_sign(
            version=draft,
            institution=roles["institution_a"],
            user=roles["admin_a"],
            signatory_title="Rector",
        )
    assert not Endorsement.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{"signatory_title": "Rector"}, {"confirm": "on"}])
def test_the_position_and_the_confirmation_are_required(
    client, roles, declaration_page, adopted, data
):
    client.force_login(roles["admin_a"])
    response = client.post(ENDORSE, {"institution": roles["institution_a"].pk, **data})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Endorsement.objects.exists()


# The secretariat confirms -------------------------------------------------------------------


@pytest.fixture
def pending(roles, adopted):
    roles["admin_a"].preferred_language = "fr"
    roles["admin_a"].save()
    return services.endorsement_sign(
        version=adopted,
        institution=roles["institution_a"],
        user=roles["admin_a"],
        signatory_title="Rector",
    )


@pytest.mark.django_db
def test_the_secretariat_confirms_in_the_admin_and_the_signer_is_told_in_their_language(
    client, roles, declaration_page, pending, django_capture_on_commit_callbacks
):
    client.force_login(roles["secretariat"])
    listing = client.get("/cms-admin/endorsements/?status=pending")
    assert listing.status_code == 200
    assert "Institution A" in listing.content.decode()
    inspect = client.get(f"/cms-admin/endorsements/inspect/{pending.pk}/")
    assert "Confirm the endorsement" in inspect.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/cms-admin/endorsements/decide/{pending.pk}/", {"decision": "confirm"}
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == EndorsementStatus.CONFIRMED
    assert pending.decided_by == roles["secretariat"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [roles["admin_a"].email]
    assert "Institution A" in mail.outbox[0].subject
    page = client.get("/en/declaration/").content.decode()
    assert "1 signatory" in page and "Institution A" in page


@pytest.mark.django_db
def test_a_rejection_needs_a_reason(
    client, roles, declaration_page, pending, django_capture_on_commit_callbacks
):
    client.force_login(roles["secretariat"])
    client.post(f"/cms-admin/endorsements/decide/{pending.pk}/", {"decision": "reject"})
    pending.refresh_from_db()
    assert pending.status == EndorsementStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/cms-admin/endorsements/decide/{pending.pk}/",
            {"decision": "reject", "reason": "Not the legal representative"},
        )
    pending.refresh_from_db()
    assert pending.status == EndorsementStatus.REJECTED
    assert "Not the legal representative" in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin_a", "editor_a", "no_institution"])
def test_nobody_but_the_secretariat_confirms(client, roles, declaration_page, pending, role):
    client.force_login(roles[role])
    response = client.post(f"/cms-admin/endorsements/decide/{pending.pk}/", {"decision": "confirm"})
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").endswith(f"/inspect/{pending.pk}/")
    with pytest.raises(PermissionDenied):
        services.endorsement_decide(endorsement=pending, actor=roles[role], confirm=True)
    pending.refresh_from_db()
    assert pending.status == EndorsementStatus.PENDING


@pytest.mark.django_db
def test_a_decided_endorsement_cannot_be_decided_again(roles, declaration_page, pending):
    services.endorsement_decide(endorsement=pending, actor=roles["secretariat"], confirm=True)
    with pytest.raises(ValidationError):
        services.endorsement_decide(
            endorsement=pending, actor=roles["secretariat"], confirm=False, reason="x"
        )


# The public page ----------------------------------------------------------------------------


def confirmed_signatories(version, countries, secretariat):
    for index, country in enumerate(countries):
        institution = InstitutionFactory(name=f"Signatory {index}", country=country)
        Endorsement.objects.create(
            version=version,
            institution=institution,
            signatory_title="Rector",
            status=EndorsementStatus.CONFIRMED,
            decided_by=secretariat,
        )


@pytest.mark.django_db
def test_signatories_are_listed_by_region_with_counts(client, roles, declaration_page, adopted):
    confirmed_signatories(adopted, ["KE", "NG", "FR", "CN"], roles["secretariat"])
    pending = InstitutionFactory(name="Not Yet Confirmed", country="MA")
    Endorsement.objects.create(version=adopted, institution=pending, signatory_title="Dean")
    page = client.get("/en/declaration/").content.decode()
    assert "4 signatories" in page
    assert "Not Yet Confirmed" not in page
    assert '<span class="region-count">2</span> <span>Africa</span>' in page
    assert '<span class="region-count">1</span> <span>Europe and North America</span>' in page
    assert '<span class="region-count">0</span> <span>Arab States</span>' in page


# Site, locale, page routing and its ancestors, then the page's own reads (and the commitments':
# the clauses and the commitments, tests/cms/test_commitments.py).
QUERIES = 15


@pytest.mark.django_db
def test_the_page_query_count_does_not_grow_with_the_signatories(
    client, roles, declaration_page, adopted, django_assert_num_queries
):
    confirmed_signatories(adopted, ["KE", "FR"], roles["secretariat"])
    client.get("/en/declaration/")  # warm the site and locale caches
    with django_assert_num_queries(QUERIES):
        client.get("/en/declaration/")
    confirmed_signatories(adopted, ["BR", "CN", "JO", "IN", "US", "NG"], roles["secretariat"])
    with django_assert_num_queries(QUERIES):
        assert "8 signatories" in client.get("/en/declaration/").content.decode()


@pytest.mark.django_db
def test_the_text_is_shown_in_the_page_language_or_else_in_english(
    client, roles, declaration_page, adopted
):
    page = client.get("/en/declaration/").content.decode()
    assert "We commit to open learning." in page
    assert "not yet available in your language" not in page
    make_version(3, "draft", texts=[("en", "Draft three", "<p>Draft text.</p>")])
    draft_page = client.get("/en/declaration/versions/3/").content.decode()
    assert "Draft text." in draft_page and "This is a draft" in draft_page
    assert "Endorse the Declaration" not in draft_page
    assert client.get("/en/declaration/versions/99/").status_code == 404


@pytest.mark.django_db
def test_an_admin_of_two_members_chooses_which_one_signs(client, roles, declaration_page, adopted):
    other = InstitutionFactory(name="Institution C", country="CN")
    activate_membership(other)
    from members.services.people import person_add

    person_add(institution=other, user=roles["admin_a"], role=InstitutionRole.ADMIN, actor=None)
    assert endorse(client, roles["admin_a"], other).status_code == 302
    assert endorse(client, roles["admin_a"], roles["institution_a"]).status_code == 302
    assert Endorsement.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), [("secretariat", True), ("admin_a", False)])
def test_only_the_secretariat_edits_the_declaration_versions(client, roles, adopted, role, allowed):
    client.force_login(roles[role])
    for url in ["/cms-admin/declaration_versions/", "/cms-admin/declaration_versions/new/"]:
        assert (client.get(url).status_code == 200) is allowed
    response = client.get(f"/cms-admin/declaration_versions/edit/{adopted.pk}/")
    assert (response.status_code == 200) is allowed
    if allowed:
        assert "Declaration on MOOCs and SDG 4" in response.content.decode()


@pytest.mark.django_db
def test_the_dashboard_shows_what_waits_for_the_secretariat(client, roles, pending):
    client.force_login(roles["secretariat"])
    html = client.get("/cms-admin/").content.decode()
    assert "1 endorsement of the Declaration to confirm" in html
    assert "0 contributions to the call for input to moderate" in html


@pytest.mark.django_db
def test_an_endorsed_version_cannot_be_deleted(client, roles, pending):
    client.force_login(roles["secretariat"])
    response = client.post(
        f"/cms-admin/declaration_versions/delete/{pending.version.pk}/", follow=True
    )
    assert "it cannot be deleted" in response.content.decode()
    assert Endorsement.objects.filter(pk=pending.pk).exists()
    unused = make_version(7, "draft")
    client.post(f"/cms-admin/declaration_versions/delete/{unused.pk}/")
    assert not DeclarationVersion.objects.filter(pk=unused.pk).exists()


def test_the_version_labels_are_shown_in_the_readers_language(client, declaration_page, adopted):
    adopted.translations = {"ar": {"label": "الإصدار المعتمد"}}
    adopted.save()
    make_version(3, "draft")
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    declaration_page.copy_for_translation(arabic, copy_parents=True).save_revision().publish()
    page = client.get("/ar/declaration/").content.decode()
    assert "الإصدار المعتمد</a>" in page
    assert '<span lang="en" dir="ltr">Version 3</span>' in page
