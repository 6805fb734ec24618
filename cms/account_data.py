"""A person's own data, for their download: each app contributes what it holds about them.
It lives in cms/, the top layer that may see members/, projects/ and cms/ (api/ keeps none)."""

from cms import selectors as cms_selectors
from members import selectors as member_selectors
from projects import selectors as project_selectors

CONTRIBUTIONS = [
    member_selectors.account_data,
    project_selectors.account_data,
    cms_selectors.account_data,
]


def account_data(*, user) -> dict:
    data = {}
    for contribution in CONTRIBUTIONS:
        data.update(contribution(user=user))
    return data
