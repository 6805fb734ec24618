"""Members cannot lower their own dues: the kind and country (hence the World Bank income group
and the fee) change only through a request the secretariat approves, and an approval leaves the
dues due now at their fee unless the secretariat decides to re-quote them."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from members import selectors
from members.models import (
    ChangeRequestStatus,
    DuesBasis,
    OpenPeriodDecision,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProfileChangeRequest,
)
from members.services import dues as dues_services
from members.services import institutions as institutions_services
from tests.members.conftest import client_for

FR_FEE, NP_FEE = 200_000, 60_000  # US cents: France is "high", Nepal "lower_middle"


@pytest.fixture
def b(world, fees):
    """Institution B: a university in France, pending, so the dues of its first year are due."""
    institution = world["institution_b"]
    assert (institution.kind, institution.income_group) == ("university", "high")
    return institution


def quote(institution):
    membership = dues_services.membership_for(institution=institution)
    return selectors.dues_quote(membership=membership, today=timezone.localdate())


def profile_url(institution):
    return reverse("members:edit_profile", args=[institution.slug])


def ask(client, institution, **data):
    data = {"request_change": "1", "kind": "platform", "country": "NP", "note": "Moved", **data}
    return client.post(profile_url(institution), data)


def decide(client, change, **data):
    url = reverse("dues_change_requests:decide", args=[change.pk])
    return client.post(url, {"decision": "approve", **data})


# The member cannot change them directly --------------------------------------------------------


def test_the_profile_form_saves_the_profile_but_not_kind_or_country(client, world, b):
    client.force_login(world["admin_b"])
    response = client.post(
        profile_url(b),
        {"name": "Renamed B", "kind": "platform", "country": "NP", "is_public": "on"},
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.name == "Renamed B"
    assert (b.kind, b.country.code, b.income_group) == ("university", "FR", "high")
    assert quote(b).fee_cents == FR_FEE
    assert not ProfileChangeRequest.objects.exists()


@pytest.mark.parametrize("data", [{"kind": "platform"}, {"country": "NP"}])
def test_the_profile_service_refuses_kind_and_country(world, b, data):
    with pytest.raises(ValidationError, match="set the dues"):
        institutions_services.institution_update(institution=b, user=world["admin_b"], data=data)
    b.refresh_from_db()
    assert (b.kind, b.country.code) == ("university", "FR")


def test_the_secretariat_s_institution_form_has_no_kind_or_country(client, world, b):
    client.force_login(world["secretariat"])
    url = f"/cms-admin/institutions/edit/{b.pk}/"
    content = client.get(url).content.decode()
    assert 'name="name"' in content
    assert 'name="kind"' not in content
    assert 'name="country"' not in content
    client.post(url, {"name": "B", "kind": "platform", "country": "NP", "is_public": "on"})
    b.refresh_from_db()
    assert (b.kind, b.country.code) == ("university", "FR")


# The request -----------------------------------------------------------------------------------


def test_a_request_is_created_and_shown_pending(client, world, b):
    client.force_login(world["admin_b"])
    response = ask(client, b)
    assert response.status_code == 302
    change = ProfileChangeRequest.objects.get()
    assert (change.kind, change.country.code, change.status) == ("platform", "NP", "pending")
    assert (change.previous_kind, change.previous_country.code) == ("university", "FR")
    assert change.requested_by == world["admin_b"]
    b.refresh_from_db()
    assert (b.kind, b.country.code) == ("university", "FR")
    assert quote(b).fee_cents == FR_FEE
    content = client.get(profile_url(b)).content.decode()
    assert "Pending review" in content
    assert "Ask the secretariat for this change" not in content
    entry = ModelLogEntry.objects.get(action="members.profile_change.requested")
    assert entry.data["country"] == ["FR", "NP"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "university", "country": "FR"}, "already"),
        ({"country": "XX"}, "valid choice"),
        ({"country": ""}, "required"),
        ({"kind": "castle"}, "valid choice"),
        ({"note": "x" * 2001}, "at most 2000"),
        ({"country": "NP\x00"}, "valid choice"),
    ],
)
def test_bad_requests_are_refused(client, world, b, data, message):
    client.force_login(world["admin_b"])
    response = ask(client, b, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProfileChangeRequest.objects.exists()


def test_a_second_request_while_one_is_pending_is_refused(client, world, b):
    client.force_login(world["admin_b"])
    ask(client, b)
    response = ask(client, b, kind="university", country="DE")
    assert response.status_code == 200
    assert "already waiting" in response.content.decode()
    assert ProfileChangeRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("admin_b", True), ("staff_a", False), ("admin_a", False), ("anonymous", False)],
)
def test_who_may_ask(client, world, b, role, allowed):
    ask(client_for(client, world, role), b)
    assert ProfileChangeRequest.objects.exists() == allowed


# The secretariat's decision --------------------------------------------------------------------


@pytest.fixture
def change(world, b):
    return institutions_services.profile_change_request(
        institution=b, actor=world["admin_b"], kind="platform", country="NP"
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("secretariat", True), ("admin_b", False), ("admin_a", False), ("anonymous", False)],
)
def test_who_may_decide(client, world, change, role, allowed):
    decide(client_for(client, world, role), change)
    change.refresh_from_db()
    assert (change.status == ChangeRequestStatus.APPROVED) == allowed
    assert world["institution_b"].__class__.objects.get(pk=change.institution_id).country == (
        "NP" if allowed else "FR"
    )


def test_approval_keeps_the_fee_of_the_dues_due_now_by_default(client, world, b, change):
    client.force_login(world["secretariat"])
    inspect = client.get(f"/cms-admin/dues_change_requests/inspect/{change.pk}/")
    assert "2,000.00" in inspect.content.decode()
    assert decide(client, change).status_code == 302
    change.refresh_from_db()
    assert (change.status, change.open_period) == ("approved", OpenPeriodDecision.NEXT_PERIOD)
    assert change.decided_by == world["secretariat"]
    b.refresh_from_db()
    assert (b.kind, b.country.code, b.income_group) == ("platform", "NP", "lower_middle")
    assert quote(b).fee_cents == FR_FEE  # the quote issued for the open period stands
    basis = DuesBasis.objects.get()
    assert (basis.year, basis.kind, basis.income_group) == (quote(b).year, "university", "high")
    entry = ModelLogEntry.objects.get(action="members.profile_change.approved")
    assert entry.user_id == world["secretariat"].pk
    assert entry.data["open_period"] == "next_period"
    assert entry.data["dues_due_now"]["before"] == entry.data["dues_due_now"]["after"] == FR_FEE
    report = selectors.dues_report(year=basis.year)
    assert [line.amount_cents for line in report["lines"] if line.membership == b.membership] == [
        FR_FEE
    ]
    listing = client.get("/cms-admin/dues_change_requests/").content.decode()
    assert "Institution B" in listing
    # Paid at the old fee, the next period is quoted with the new kind and country.
    dues_services.payment_record_offline(
        membership=b.membership, reference="TR-1", received_on=timezone.localdate(), actor=None
    )
    with time_machine.travel(timezone.now() + timedelta(days=340)):
        assert quote(b).fee_cents == NP_FEE


def test_re_quoting_applies_the_new_fee_now_and_closes_the_open_checkout(
    client, world, b, change, fake_stripe
):
    client.force_login(world["admin_b"])
    client.post(reverse("members:membership_pay", args=[b.slug]))
    checkout = Payment.objects.get(method=PaymentMethod.STRIPE)
    assert checkout.amount_cents == FR_FEE
    client.force_login(world["secretariat"])
    decide(client, change, open_period=OpenPeriodDecision.REQUOTE)
    change.refresh_from_db()
    assert change.open_period == OpenPeriodDecision.REQUOTE
    assert quote(b).fee_cents == NP_FEE
    checkout.refresh_from_db()
    assert checkout.status == PaymentStatus.FAILED
    entry = ModelLogEntry.objects.get(action="members.profile_change.approved")
    assert entry.data["dues_due_now"] == {"year": quote(b).year, "before": FR_FEE, "after": NP_FEE}


def test_a_change_while_paid_ahead_applies_to_the_next_period(world, b, change):
    dues_services.payment_record_offline(
        membership=b.membership, reference="TR-1", received_on=timezone.localdate(), actor=None
    )
    institutions_services.profile_change_decide(
        change=change, actor=world["secretariat"], approve=True
    )
    assert not DuesBasis.objects.exists()  # no quote was issued: nothing to keep
    with time_machine.travel(timezone.now() + timedelta(days=340)):
        assert quote(b).fee_cents == NP_FEE


def test_rejection_needs_a_reason_and_changes_nothing(client, world, b, change):
    client.force_login(world["secretariat"])
    decide(client, change, decision="reject", reason=" ")
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.PENDING
    decide(client, change, decision="reject", reason="Still a university in France")
    change.refresh_from_db()
    assert (change.status, change.decision_reason) == ("rejected", "Still a university in France")
    b.refresh_from_db()
    assert (b.kind, b.country.code) == ("university", "FR")
    assert quote(b).fee_cents == FR_FEE
    assert ModelLogEntry.objects.filter(action="members.profile_change.rejected").exists()
    # The member sees no pending review any more and may ask again.
    client.force_login(world["admin_b"])
    assert "Pending review" not in client.get(profile_url(b)).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "maybe"},
        {"decision": ""},
        {"open_period": "never"},
        {"reason": "x" * 2001},
    ],
)
def test_bad_decisions_are_refused(client, world, b, change, data):
    client.force_login(world["secretariat"])
    response = decide(client, change, **data)
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.PENDING
    b.refresh_from_db()
    assert b.country.code == "FR"


def test_a_decided_request_cannot_be_decided_again(client, world, b, change):
    client.force_login(world["secretariat"])
    decide(client, change, decision="reject", reason="No")
    decide(client, change)
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.REJECTED
    b.refresh_from_db()
    assert b.country.code == "FR"
