"""The states of applications, memberships and payments, and the rules between them."""

from collections.abc import Iterable
from datetime import date, timedelta

from members.models import ApplicationStatus as S
from members.models import MembershipStatus, ReminderKind
from members.models import PaymentStatus as P

APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    S.SUBMITTED: {S.UNDER_REVIEW, S.APPROVED, S.REJECTED, S.WITHDRAWN},
    S.UNDER_REVIEW: {S.APPROVED, S.REJECTED, S.WITHDRAWN},
    S.APPROVED: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}


class TransitionNotAllowed(Exception):
    pass


def check_application_transition(current: str, new: str) -> None:
    if new not in APPLICATION_TRANSITIONS[current]:
        raise TransitionNotAllowed(f"An application cannot go from {current} to {new}.")


# Membership dues ----------------------------------------------------------------------------
# A period is a pair of dates (starts_on, ends_on), both days included; only the periods of
# payments that succeeded (not refunded) count.
Periods = Iterable[tuple[date, date]]

GRACE_DAYS = 30
# Paying for the next period opens this many days before the end of the last one.
RENEWAL_OPENS_DAYS = 60


def membership_status(
    *, today: date, periods: Periods, override: str, grace_days: int = GRACE_DAYS
) -> str:
    """The status on `today`: the first of these rules that holds (docs/dues.md).

    1. cancelled or suspended, when the secretariat set it (`override`);
    2. active, when a period covers today;
    3. pending, when no period has started yet;
    4. grace, up to `grace_days` days after the end of the last period that started;
    5. lapsed.
    """
    periods = list(periods)
    if override:
        return MembershipStatus(override)
    if any(start <= today <= end for start, end in periods):
        return MembershipStatus.ACTIVE
    ends = [end for start, end in periods if start <= today]
    if not ends:
        return MembershipStatus.PENDING
    if (today - max(ends)).days <= grace_days:
        return MembershipStatus.GRACE
    return MembershipStatus.LAPSED


def period_end(start: date) -> date:
    """The last day of the year of membership from `start` (from 29 February: 28 February)."""
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February, in a year without one
        anniversary = date(start.year + 1, 3, 1)
    return anniversary - timedelta(days=1)


def next_period(
    *, paid_on: date, periods: Periods, grace_days: int = GRACE_DAYS
) -> tuple[date, date]:
    """The period a payment on `paid_on` buys: while still a member (active, in grace, or paid
    ahead) it extends the end date; otherwise (pending, lapsed) it starts on the payment date."""
    ends = [end for _start, end in periods]
    start = paid_on
    if ends and paid_on <= max(ends) + timedelta(days=grace_days):
        start = max(ends) + timedelta(days=1)
    return start, period_end(start)


def renewal_open(*, today: date, periods: Periods) -> bool:
    """Whether the next period may be paid: none yet, or the last one ends soon (or ended)."""
    ends = [end for _start, end in periods]
    return not ends or (max(ends) - today).days <= RENEWAL_OPENS_DAYS


# (kind, first day, last day), in days after the end of the last period (negative: before it).
# A kind is due on every day of its window, so a day the daily task missed is caught up the next
# day, and an out-of-date reminder is never sent.
REMINDER_WINDOWS = [
    (ReminderKind.BEFORE_60, -60, -31),
    (ReminderKind.BEFORE_30, -30, -8),
    (ReminderKind.BEFORE_7, -7, 0),
    (ReminderKind.GRACE_7, 7, GRACE_DAYS),
]


def reminder_due(*, today: date, ends_on: date) -> str | None:
    """The reminder due on `today` for a membership paid until `ends_on`, if any."""
    days = (today - ends_on).days
    for kind, first, last in REMINDER_WINDOWS:
        if first <= days <= last:
            return kind
    return None


# A payment only moves forward, so a late or repeated event never undoes a later state.
# A refund or a dispute takes the money back whenever it comes; a refund ends a dispute. The
# secretariat voids a bank transfer or waiver recorded by mistake.
PAYMENT_TRANSITIONS: dict[str, set[str]] = {
    P.PENDING: {P.SUCCEEDED, P.FAILED, P.REFUNDED, P.DISPUTED},
    P.FAILED: {P.SUCCEEDED, P.REFUNDED, P.DISPUTED},
    P.SUCCEEDED: {P.REFUNDED, P.DISPUTED, P.VOIDED},
    P.DISPUTED: {P.REFUNDED},
    P.REFUNDED: set(),
    P.VOIDED: set(),
}


def payment_transition_allowed(current: str, new: str) -> bool:
    return new in PAYMENT_TRANSITIONS[current]
