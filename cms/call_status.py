"""The states of an application to a call and the moves between them (docs/programmes.md).

The applicant drafts, submits and withdraws (until a decision); the secretariat's first
reviewer puts the application under review; the secretariat (or, for a staff exchange, the
host institution) accepts or rejects it. Decided and withdrawn applications stay as they are.
"""

from cms.models.call import ApplicationState as S

TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.UNDER_REVIEW, S.ACCEPTED, S.REJECTED, S.WITHDRAWN},
    S.UNDER_REVIEW: {S.ACCEPTED, S.REJECTED, S.WITHDRAWN},
    S.ACCEPTED: set(),
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}

# What each move is called in the audit log ("cms.call_application.<verb>").
VERBS = {
    S.SUBMITTED: "submitted",
    S.UNDER_REVIEW: "under_review",
    S.ACCEPTED: "accepted",
    S.REJECTED: "rejected",
    S.WITHDRAWN: "withdrawn",
}


def transition_allowed(current: str, new: str) -> bool:
    return new in TRANSITIONS[current]
