"""The membership application's states and the transitions allowed between them."""

from members.models import ApplicationStatus as S

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
