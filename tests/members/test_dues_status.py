"""The membership status: the pure rules (members.status), and the status stored every day."""

from datetime import UTC, date, datetime, timedelta
from itertools import product

import pytest
import time_machine
from django.urls import reverse

from members import tasks
from members.factories import InstitutionFactory, affiliate
from members.models import InstitutionRole, MembershipStatus, PaymentStatus
from members.services import dues as dues_services
from members.services import institutions as institutions_services
from members.status import (
    PAYMENT_TRANSITIONS,
    RENEWAL_OPENS_DAYS,
    membership_status,
    next_period,
    payment_transition_allowed,
    period_end,
    reminder_due,
    renewal_open,
)
from tests.members.conftest import activate_membership

S = MembershipStatus
D = date.fromisoformat
YEAR_2026 = (D("2026-01-01"), D("2026-12-31"))
# A period over 29 February, and one that ends on it.
LEAP = (D("2027-03-01"), D("2028-02-29"))


@pytest.mark.parametrize(
    ("today", "periods", "override", "expected"),
    [
        # No period yet: pending, whatever the date.
        ("2026-06-01", [], "", S.PENDING),
        # Paid ahead: a period that has not started yet is not a membership yet.
        ("2025-12-31", [YEAR_2026], "", S.PENDING),
        # A period covers today, both ends included.
        ("2026-01-01", [YEAR_2026], "", S.ACTIVE),
        ("2026-12-31", [YEAR_2026], "", S.ACTIVE),
        # Grace: the 30 days after the end, across the turn of the year.
        ("2027-01-01", [YEAR_2026], "", S.GRACE),
        ("2027-01-30", [YEAR_2026], "", S.GRACE),
        ("2027-01-31", [YEAR_2026], "", S.LAPSED),
        # 29 February: a day of the period; grace from 1 March, 30 days, lapsed on 31 March.
        ("2028-02-29", [LEAP], "", S.ACTIVE),
        ("2028-03-01", [LEAP], "", S.GRACE),
        ("2028-03-30", [LEAP], "", S.GRACE),
        ("2028-03-31", [LEAP], "", S.LAPSED),
        # Grace counted over February of a leap year: 15 February + 30 days is 16 March.
        ("2028-03-16", [(D("2027-02-16"), D("2028-02-15"))], "", S.GRACE),
        ("2028-03-17", [(D("2027-02-16"), D("2028-02-15"))], "", S.LAPSED),
        # Renewed: the next period follows on, active on both sides of the join.
        ("2027-01-01", [YEAR_2026, (D("2027-01-01"), D("2027-12-31"))], "", S.ACTIVE),
        # Restarted after a lapse: active again; in the gap, lapsed.
        ("2027-06-01", [YEAR_2026, (D("2027-05-01"), D("2028-04-30"))], "", S.ACTIVE),
        ("2027-04-01", [YEAR_2026, (D("2027-05-01"), D("2028-04-30"))], "", S.LAPSED),
        # The secretariat's overrides win over everything.
        ("2026-06-01", [YEAR_2026], "cancelled", S.CANCELLED),
        ("2026-06-01", [YEAR_2026], "suspended", S.SUSPENDED),
        ("2026-06-01", [], "suspended", S.SUSPENDED),
        ("2030-06-01", [YEAR_2026], "cancelled", S.CANCELLED),
    ],
)
def test_membership_status_rules(today, periods, override, expected):
    assert membership_status(today=D(today), periods=periods, override=override) == expected


def test_every_day_around_a_period_has_exactly_one_status():
    """Day by day from 10 days before to 40 days after a period: pending, active, grace, lapsed."""
    start, end = YEAR_2026
    for offset in range(-10, 406):
        day = start + timedelta(days=offset)
        expected = (
            S.PENDING
            if day < start
            else S.ACTIVE
            if day <= end
            else S.GRACE
            if (day - end).days <= 30
            else S.LAPSED
        )
        assert membership_status(today=day, periods=[YEAR_2026], override="") == expected, day


def test_grace_days_is_a_parameter():
    day = D("2027-01-08")
    assert membership_status(today=day, periods=[YEAR_2026], override="", grace_days=7) == S.LAPSED
    assert membership_status(today=day, periods=[YEAR_2026], override="", grace_days=8) == S.GRACE


def test_an_unknown_override_is_refused():
    with pytest.raises(ValueError):
        membership_status(today=D("2026-06-01"), periods=[], override="expelled")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-01-01", "2026-12-31"),
        ("2026-12-31", "2027-12-30"),
        ("2027-03-01", "2028-02-29"),  # ends on 29 February
        ("2028-02-29", "2029-02-28"),  # starts on 29 February
        ("2028-03-01", "2029-02-28"),
        ("2028-01-15", "2029-01-14"),
    ],
)
def test_a_period_is_one_year_both_days_included(start, end):
    assert period_end(D(start)) == D(end)


@pytest.mark.parametrize(
    ("paid_on", "periods", "expected_start"),
    [
        # Never a member: the period starts on the day of payment.
        ("2026-05-10", [], "2026-05-10"),
        ("2028-02-29", [], "2028-02-29"),
        # Still a member: the new period extends the end date, across the turn of the year.
        ("2026-11-15", [YEAR_2026], "2027-01-01"),
        ("2026-12-31", [YEAR_2026], "2027-01-01"),
        # In grace, still a member: it extends too (no gap, no days lost or gained).
        ("2027-01-20", [YEAR_2026], "2027-01-01"),
        ("2027-01-30", [YEAR_2026], "2027-01-01"),
        # Lapsed: it starts on the day of payment.
        ("2027-01-31", [YEAR_2026], "2027-01-31"),
        ("2028-02-29", [YEAR_2026], "2028-02-29"),
        # Paid ahead already: it follows the last period.
        ("2026-12-01", [YEAR_2026, (D("2027-01-01"), D("2027-12-31"))], "2028-01-01"),
        # The period ending on 29 February extends from 1 March.
        ("2028-02-10", [LEAP], "2028-03-01"),
    ],
)
def test_next_period_extends_while_member_and_restarts_after_a_lapse(
    paid_on, periods, expected_start
):
    start, end = next_period(paid_on=D(paid_on), periods=periods)
    assert start == D(expected_start)
    assert end == period_end(start)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-11-01", True),  # 60 days before the end
        ("2026-10-31", False),  # 61 days before
        ("2026-12-31", True),
        ("2027-02-15", True),  # lapsed
    ],
)
def test_renewal_opens_60_days_before_the_end(today, expected):
    assert RENEWAL_OPENS_DAYS == 60
    assert renewal_open(today=D(today), periods=[YEAR_2026]) is expected
    assert renewal_open(today=D(today), periods=[]) is True


def test_reminder_windows_day_by_day():
    """Around an end date: 60, 30 and 7 days before, and 7 days into grace, each with its window."""
    end = D("2027-01-05")  # the windows cross the turn of the year
    due = {
        offset: reminder_due(today=end + timedelta(days=offset), ends_on=end)
        for offset in range(-90, 60)
    }
    expected = {}
    for offset in range(-90, 60):
        if -60 <= offset <= -31:
            expected[offset] = "before_60"
        elif -30 <= offset <= -8:
            expected[offset] = "before_30"
        elif -7 <= offset <= 0:
            expected[offset] = "before_7"
        elif 7 <= offset <= 30:
            expected[offset] = "grace_7"
        else:
            expected[offset] = None
    assert due == expected
    assert reminder_due(today=D("2026-12-29"), ends_on=end) == "before_7"


@pytest.mark.parametrize(("current", "new"), list(product(PaymentStatus.values, repeat=2)))
def test_payments_only_move_forward(current, new):
    forward = {
        ("pending", "succeeded"),
        ("pending", "failed"),
        ("pending", "refunded"),
        ("failed", "succeeded"),
        ("failed", "refunded"),
        ("succeeded", "refunded"),
        ("pending", "disputed"),
        ("failed", "disputed"),
        ("succeeded", "disputed"),
        ("disputed", "refunded"),
        ("succeeded", "voided"),
    }
    assert payment_transition_allowed(current, new) == ((current, new) in forward)
    assert set(PAYMENT_TRANSITIONS) == set(PaymentStatus.values)


# The stored status: computed and stored by the daily task, with frozen time --------------------


def _at(day: str):
    return time_machine.travel(datetime.fromisoformat(day).replace(hour=6, tzinfo=UTC), tick=False)


def _stored(membership) -> str:
    membership.refresh_from_db()
    return membership.status


@pytest.mark.django_db
def test_the_daily_task_stores_every_transition_across_the_turn_of_the_year():
    institution = InstitutionFactory()
    membership = dues_services.membership_for(institution=institution)
    assert membership.status == S.PENDING
    with _at("2027-12-31"):
        activate_membership(institution)
    assert _stored(membership) == S.ACTIVE
    assert membership.paid_until == D("2028-12-30")
    for day, expected in [
        ("2028-02-29", S.ACTIVE),
        ("2028-12-30", S.ACTIVE),
        ("2028-12-31", S.GRACE),
        ("2029-01-29", S.GRACE),
        ("2029-01-30", S.LAPSED),
    ]:
        with _at(day):
            tasks.refresh_membership_statuses.delay()
        assert _stored(membership) == expected, day
    # Paid again after the lapse: a new period from the day of payment.
    with _at("2029-03-01"):
        activate_membership(institution)
    assert _stored(membership) == S.ACTIVE
    assert membership.paid_until == D("2030-02-28")


@pytest.mark.django_db
def test_renewal_in_grace_extends_and_restores_active():
    institution = InstitutionFactory()
    membership = dues_services.membership_for(institution=institution)
    with _at("2027-03-01"):
        activate_membership(institution)
    with _at("2028-03-10"):
        tasks.refresh_membership_statuses.delay()
        assert _stored(membership) == S.GRACE
        activate_membership(institution)
    assert _stored(membership) == S.ACTIVE
    assert membership.paid_until == D("2029-02-28")  # 2028-03-01 + one year


@pytest.mark.django_db
def test_overrides_and_suspension_set_the_status_at_once(world):
    membership = world["institution_a"].membership
    dues_services.membership_set_override(
        membership=membership, override="cancelled", reason="Left.", actor=world["secretariat"]
    )
    assert _stored(membership) == S.CANCELLED
    dues_services.membership_set_override(
        membership=membership, override="", reason="", actor=world["secretariat"]
    )
    assert _stored(membership) == S.ACTIVE
    institutions_services.institution_suspend(
        institution=world["institution_a"], actor=world["secretariat"], reason="Unpaid."
    )
    assert _stored(membership) == S.SUSPENDED
    institutions_services.institution_reinstate(
        institution=world["institution_a"], actor=world["secretariat"]
    )
    assert _stored(membership) == S.ACTIVE


@pytest.mark.django_db
def test_a_status_change_is_logged():
    from wagtail.models import ModelLogEntry

    institution = InstitutionFactory()
    activate_membership(institution)
    entry = ModelLogEntry.objects.filter(action="members.membership.status_changed").get()
    membership = institution.membership
    membership.refresh_from_db()
    assert entry.data == {
        "changes": {"status": ["pending", "active"], "paid_until": ["", str(membership.paid_until)]}
    }


def test_the_beat_runs_the_daily_tasks(settings):
    tasks_run = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "members.tasks.refresh_membership_statuses",
        "members.tasks.send_dues_reminders",
    } <= tasks_run


# Member-only access follows the status ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "editor", "admin"])
def test_member_only_area_follows_the_status(client, role):
    institution = InstitutionFactory()
    person = affiliate(institution, getattr(InstitutionRole, role.upper()))
    client.force_login(person)
    url = reverse("members:my_institution", args=[institution.slug])
    membership_page = reverse("members:membership", args=[institution.slug])

    def outside(response):
        # Administrators are sent to the Membership page to pay; the others are refused.
        if role == "admin":
            return response.status_code == 302 and response["Location"] == membership_page
        return response.status_code == 403

    assert outside(client.get(url))  # pending
    with _at("2027-01-10"):
        activate_membership(institution)
        client.force_login(person)  # sessions expire: sign in again on each day travelled to
        assert client.get(url).status_code == 200  # active
    for day, in_area in [("2028-01-20", True), ("2028-02-20", False)]:  # grace, lapsed
        with _at(day):
            tasks.refresh_membership_statuses.delay()
            client.force_login(person)
            response = client.get(url)
            assert (response.status_code == 200) if in_area else outside(response), day
            # The administrator can still reach the Membership page to pay.
            assert (client.get(membership_page).status_code == 200) == (role == "admin")


@pytest.mark.django_db
@pytest.mark.parametrize("override", ["cancelled", "suspended"])
def test_staff_of_a_cancelled_or_suspended_member_lose_the_member_area(client, world, override):
    dues_services.membership_set_override(
        membership=world["institution_a"].membership,
        override=override,
        reason="Decision of the board.",
        actor=world["secretariat"],
    )
    url = reverse("members:my_institution", args=[world["institution_a"].slug])
    client.force_login(world["staff_a"])
    assert client.get(url).status_code == 403
    client.force_login(world["secretariat"])
    assert client.get(url).status_code == 200
