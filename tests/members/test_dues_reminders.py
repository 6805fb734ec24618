"""Dues reminders: 60, 30 and 7 days before the end and 7 days into grace; each once per period
and kind, to the administrators only, in each one's language."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from members import tasks
from members.factories import InstitutionFactory, affiliate
from members.models import DuesReminder, InstitutionRole
from members.services import dues as dues_services
from tests.members.conftest import activate_membership

D = date.fromisoformat


def _on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 5, tzinfo=UTC), tick=False)


def run_daily(day: date) -> list:
    """The two daily beat tasks on `day`; the emails they sent."""
    sent = len(mail.outbox)
    with _on(day):
        tasks.refresh_membership_statuses.delay()
        tasks.send_dues_reminders.delay()
    return mail.outbox[sent:]


@pytest.fixture
def member(db, fees):
    """An institution with two administrators (English, French), an editor and staff."""
    institution = InstitutionFactory(name="Open University of the Lakes", country="KE")
    people = {
        "admin_en": affiliate(institution, InstitutionRole.ADMIN, email="admin.en@lakes.example"),
        "admin_fr": affiliate(
            institution,
            InstitutionRole.ADMIN,
            email="admin.fr@lakes.example",
            preferred_language="fr",
        ),
        "editor": affiliate(institution, InstitutionRole.EDITOR, email="editor@lakes.example"),
        "staff": affiliate(institution, InstitutionRole.STAFF, email="staff@lakes.example"),
    }
    return institution, people


def _paid(institution, day: str):
    with _on(D(day)):
        return activate_membership(institution)


@pytest.mark.parametrize(
    ("paid_on", "ends_on"),
    [
        ("2026-01-06", "2027-01-05"),  # reminders across the turn of the year
        ("2027-03-01", "2028-02-29"),  # the period ends on 29 February
        ("2027-04-01", "2028-03-31"),  # 30 days before: 1 March 2028, after a 29 February
    ],
)
def test_each_reminder_is_sent_once_on_its_day(member, paid_on, ends_on):
    institution, _people = member
    payment = _paid(institution, paid_on)
    end = D(ends_on)
    assert payment.period.ends_on == end
    sent_on = {}
    for offset in range(-75, 45):
        day = end + timedelta(days=offset)
        for message in run_daily(day):
            sent_on.setdefault(offset, set()).update(message.to)
        # Running the task a second time on the same day sends nothing more.
        assert run_daily(day) == []
    admins = {"admin.en@lakes.example", "admin.fr@lakes.example"}
    assert sent_on == {-60: admins, -30: admins, -7: admins, 7: admins}
    kinds = set(DuesReminder.objects.values_list("kind", flat=True))
    assert kinds == {"before_60", "before_30", "before_7", "grace_7"}
    assert DuesReminder.objects.filter(period=payment.period).count() == 4


def test_only_administrators_are_reminded_each_in_their_language(member):
    institution, _people = member
    _paid(institution, "2027-03-01")
    emails = run_daily(D("2027-12-31"))  # 60 days before 29 February 2028
    by_address = {message.to[0]: message for message in emails}
    assert set(by_address) == {"admin.en@lakes.example", "admin.fr@lakes.example"}
    english, french = by_address["admin.en@lakes.example"], by_address["admin.fr@lakes.example"]
    assert "29 February 2028" in english.subject
    assert "29 février 2028" in french.subject
    assert f"/en/my-institution/{institution.slug}/membership/" in english.body
    assert f"/fr/my-institution/{institution.slug}/membership/" in french.body
    assert "USD\xa0600.00" in english.body  # the dues of the next period (2028, Kenya)


def test_the_grace_reminder_says_until_when(member):
    institution, _people = member
    _paid(institution, "2026-01-06")
    [english, _french] = sorted(run_daily(D("2027-01-12")), key=lambda message: message.to)
    assert "grace period" in english.subject
    assert "4 February 2027" in english.body  # 30 days after 5 January


def test_a_missed_day_is_caught_up_the_next_day(member):
    institution, _people = member
    _paid(institution, "2026-01-06")
    end = D("2027-01-05")
    assert run_daily(end - timedelta(days=59))  # the task did not run 60 days before
    assert not run_daily(end - timedelta(days=58))


def test_a_renewal_moves_the_reminders_to_the_new_period(member):
    institution, _people = member
    first = _paid(institution, "2026-01-06")
    assert len(run_daily(D("2026-11-06"))) == 2  # 60 days before 5 January 2027
    second = _paid(institution, "2026-11-20")  # renewed: the period now ends 5 January 2028
    assert second.period.starts_on == D("2027-01-06")
    for offset in range(0, 60):
        assert run_daily(D("2026-11-21") + timedelta(days=offset)) == []
    assert len(run_daily(D("2027-11-06"))) == 2
    assert DuesReminder.objects.filter(period=first.period).count() == 1
    assert DuesReminder.objects.filter(period=second.period).count() == 1


@pytest.mark.parametrize("override", ["cancelled", "suspended"])
def test_no_reminders_for_cancelled_or_suspended_members(member, world, override):
    institution, _people = member
    _paid(institution, "2026-01-06")
    dues_services.membership_set_override(
        membership=institution.membership,
        override=override,
        reason="Board decision",
        actor=world["secretariat"],
    )
    assert run_daily(D("2026-11-06")) == []


def test_no_reminders_after_the_lapse_or_for_pending_members(member):
    institution, _people = member
    _paid(institution, "2026-01-06")
    assert run_daily(D("2027-02-10")) == []  # 36 days after the end: lapsed
    assert not DuesReminder.objects.exists()
    InstitutionFactory()  # pending
    assert run_daily(D("2027-02-11")) == []


def test_a_failing_email_is_tried_again_the_next_run(member, monkeypatch):
    institution, _people = member
    _paid(institution, "2026-01-06")

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(dues_services, "send_templated_email", broken)
    with pytest.raises(ConnectionError):
        run_daily(D("2026-11-06"))
    assert not DuesReminder.objects.exists()
    monkeypatch.undo()
    assert len(run_daily(D("2026-11-07"))) == 2
