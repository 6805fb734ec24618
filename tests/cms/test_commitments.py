"""Commitments on the Declaration: who records them and reports progress, the secretariat's
moderation, and the Declaration page's commitments by clause and by region."""

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cms.models import Commitment, CommitmentProgress, DeclarationClause, Endorsement
from cms.models.declaration import EndorsementStatus
from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole
from tests.members.conftest import activate_membership

MANAGE = "/en/declaration/commitments/"


@pytest.fixture
def clauses(adopted):
    return [
        DeclarationClause.objects.create(
            version=adopted,
            ref=ref,
            summary=summary,
            sort_order=number,
            translations={"fr": {"summary": f"{summary} (fr)"}},
        )
        for number, (ref, summary) in enumerate(
            [("1", "Open access to courses"), ("2", "Quality and recognition")]
        )
    ]


def endorsed(institution, version):
    return Endorsement.objects.create(
        version=version, institution=institution, status=EndorsementStatus.CONFIRMED
    )


@pytest.fixture
def signatories(roles, declaration_page, adopted, clauses):
    """A and the suspended institution endorsed the adopted version (confirmed); B did not."""
    endorsed(roles["institution_a"], adopted)
    endorsed(roles["suspended"], adopted)
    return roles


def record(client, user, institution, clause, text="We open ten courses a year."):
    client.force_login(user)
    return client.post(
        MANAGE,
        {"institution": institution.pk, "clause": clause.pk, "text": text, "language": "en"},
    )


def commitment(institution, clause, text="We open ten courses a year.", **extra):
    return Commitment.objects.create(
        institution=institution, clause=clause, text=text, language="en", **extra
    )


# Recording commitments ----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_of_an_endorsing_member_records_a_commitment(client, signatories, clauses):
    response = record(client, signatories["admin_a"], signatories["institution_a"], clauses[1])

    assert response.status_code == 302
    assert response["Location"] == MANAGE
    saved = Commitment.objects.get()
    assert (saved.institution, saved.clause, saved.created_by) == (
        signatories["institution_a"],
        clauses[1],
        signatories["admin_a"],
    )
    assert ModelLogEntry.objects.filter(
        action="cms.commitment.recorded", object_id=str(saved.pk)
    ).exists()
    page = client.get(MANAGE).content.decode()
    assert "We open ten courses a year." in page
    # Again under the same clause: the text is replaced, not doubled.
    record(client, signatories["admin_a"], signatories["institution_a"], clauses[1], "Twenty.")
    assert list(Commitment.objects.values_list("text", flat=True)) == ["Twenty."]
    assert ModelLogEntry.objects.filter(action="cms.commitment.updated").count() == 1


# (who, which institution, the answer to GET, the answer to POST)
DENIED = [
    ("no_institution", "institution_a", 403, 403),
    ("staff_a", "institution_a", 403, 403),
    ("editor_a", "institution_a", 403, 403),
    ("admin_b", "institution_b", 403, 403),  # B has not endorsed the Declaration
    ("admin_suspended", "suspended", 200, 403),  # endorsed, then suspended: read only
    ("secretariat", "institution_a", 200, 403),  # moderates, does not commit
    ("admin_a", "suspended", 200, 400),  # an admin of A, for another institution
]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "institution", "get_status", "post_status"), DENIED)
def test_only_the_admins_of_an_endorsing_member_in_good_standing_record_commitments(
    client, signatories, clauses, who, institution, get_status, post_status
):
    client.force_login(signatories[who])
    assert client.get(MANAGE).status_code == get_status
    response = record(client, signatories[who], signatories[institution], clauses[0])
    assert response.status_code == post_status
    assert not Commitment.objects.exists()


@pytest.mark.django_db
def test_a_suspended_member_s_admin_is_told_why_they_cannot_commit(client, signatories):
    client.force_login(signatories["admin_suspended"])
    page = client.get(MANAGE).content.decode()
    assert "not in good standing" in page
    assert "Record the commitment" not in page


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_sign_in(client, signatories, clauses):
    response = client.get(MANAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    response = client.post(MANAGE, {"text": "x"})
    assert response.status_code == 302
    assert not Commitment.objects.exists()


@pytest.mark.django_db
def test_a_pending_endorsement_does_not_allow_commitments(client, signatories, clauses, adopted):
    other = InstitutionFactory(name="Pending University", country="PE")
    activate_membership(other)
    admin = affiliate(other, InstitutionRole.ADMIN)
    Endorsement.objects.create(version=adopted, institution=other)  # waiting for confirmation
    client.force_login(admin)
    assert client.get(MANAGE).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "This field is required"),
        ({"text": "x" * 2001}, "at most 2000 characters"),
        ({"language": "xx"}, "Select a valid choice"),
        ({"clause": "999999"}, "Select a valid choice"),
    ],
)
def test_a_bad_commitment_is_refused_with_a_clear_error(
    client, signatories, clauses, data, message
):
    client.force_login(signatories["admin_a"])
    values = {
        "institution": signatories["institution_a"].pk,
        "clause": clauses[0].pk,
        "text": "We commit.",
        "language": "en",
        **data,
    }
    response = client.post(MANAGE, values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Commitment.objects.exists()


# Yearly progress ----------------------------------------------------------------------------


def report(client, user, item, **data):
    client.force_login(user)
    prefix = f"c{item.pk}-"
    values = {"year": timezone.now().year, "status": "in_progress", "text": "Six courses opened."}
    values.update(data)
    return client.post(
        f"{MANAGE}{item.pk}/progress/",
        {prefix + key: value for key, value in {**values, "language": "en"}.items()},
    )


@pytest.mark.django_db
def test_the_admins_report_progress_once_a_year(client, signatories, clauses):
    item = commitment(signatories["institution_a"], clauses[0])
    response = report(client, signatories["admin_a"], item)
    assert response.status_code == 302
    assert response["Location"] == f"{MANAGE}#commitment-{item.pk}"
    report(client, signatories["admin_a"], item, status="achieved", text="Ten courses opened.")
    progress = CommitmentProgress.objects.get()
    assert (progress.year, progress.status, progress.text) == (
        timezone.now().year,
        "achieved",
        "Ten courses opened.",
    )
    assert ModelLogEntry.objects.filter(action="cms.commitment.progress_reported").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2999}, "Report on a year from"),
        ({"year": 1999}, "Report on a year from"),
        ({"year": "soon"}, "Enter a whole number"),
        ({"status": "done"}, "Select a valid choice"),
        ({"text": ""}, "This field is required"),
    ],
)
def test_a_bad_progress_report_is_refused(client, signatories, clauses, data, message):
    item = commitment(signatories["institution_a"], clauses[0])
    response = report(client, signatories["admin_a"], item, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CommitmentProgress.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_b", "staff_a", "admin_suspended", "secretariat"])
def test_others_cannot_report_on_an_institution_s_commitment(client, signatories, clauses, who):
    item = commitment(signatories["institution_a"], clauses[0])
    suspended_item = commitment(signatories["suspended"], clauses[0])
    target = suspended_item if who == "admin_suspended" else item
    assert report(client, signatories[who], target).status_code == 403
    assert not CommitmentProgress.objects.exists()


# Moderation ---------------------------------------------------------------------------------


def moderate(client, user, item, **data):
    client.force_login(user)
    return client.post(f"{MANAGE}{item.pk}/moderate/", data)


@pytest.mark.django_db
def test_the_secretariat_hides_a_commitment_with_a_reason_and_shows_it_again(
    client, signatories, clauses
):
    item = commitment(signatories["institution_a"], clauses[0], text="Buy our product.")
    assert "Buy our product." in client.get("/en/declaration/").content.decode()

    response = moderate(client, signatories["secretariat"], item, hidden="1", reason="Advert")
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.hidden, item.hidden_reason) == (True, "Advert")
    assert "Buy our product." not in client.get("/en/declaration/").content.decode()
    assert ModelLogEntry.objects.filter(action="cms.commitment.hidden").exists()

    moderate(client, signatories["secretariat"], item, hidden="0")
    item.refresh_from_db()
    assert (item.hidden, item.hidden_reason) == (False, "")


@pytest.mark.django_db
def test_hiding_needs_a_reason(client, signatories, clauses):
    item = commitment(signatories["institution_a"], clauses[0])
    response = moderate(client, signatories["secretariat"], item, hidden="1", reason=" ")
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.hidden
    page = client.get(response["Location"]).content.decode()
    assert "Give the reason for hiding the commitment." in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_a", "no_institution"])
def test_only_the_secretariat_moderates(client, signatories, clauses, who):
    item = commitment(signatories["institution_a"], clauses[0])
    assert moderate(client, signatories[who], item, hidden="1", reason="No").status_code == 403
    item.refresh_from_db()
    assert not item.hidden


# The Declaration page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_declaration_shows_the_commitments_by_clause_and_by_region(
    client, signatories, clauses, adopted
):
    commitment(signatories["institution_a"], clauses[0], text="Open courses.")  # Kenya: Africa
    progress = commitment(signatories["institution_a"], clauses[1], text="Recognise credits.")
    CommitmentProgress.objects.create(
        commitment=progress, year=2024, status="achieved", text="Done in 2024.", language="fr"
    )
    commitment(signatories["institution_b"], clauses[0], text="Not endorsed, not shown.")

    page = client.get("/en/declaration/").content.decode()

    assert "2 commitments by endorsing institutions" in page
    assert "Open courses." in page and "Recognise credits." in page
    assert "Not endorsed, not shown." not in page
    assert '<span class="region-count">2</span> <span>Africa</span>' in page
    assert 'lang="fr" dir="ltr">Done in 2024.' in page


@pytest.mark.django_db
def test_the_declaration_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, signatories, clauses, adopted
):
    commitment(signatories["institution_a"], clauses[0])
    client.get("/en/declaration/")
    with django_assert_num_queries(QUERIES):
        client.get("/en/declaration/")
    for number in range(4):
        other = InstitutionFactory(name=f"University {number}", country="FR")
        endorsed(other, adopted)
        item = commitment(other, clauses[number % 2])
        CommitmentProgress.objects.create(
            commitment=item, year=2024, status="in_progress", text="On track.", language="en"
        )
    with django_assert_num_queries(QUERIES):
        page = client.get("/en/declaration/").content.decode()
    assert "5 commitments" in page


QUERIES = 16
