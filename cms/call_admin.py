"""The calls' entries in the audit log (Reports > Site history): their labels and messages."""

from django.utils.translation import gettext_lazy as _

from alliance.audit import register
from cms.models.call import ApplicationState

LOG_ACTIONS = {
    "cms.call_application.drafted": (_("Call: application drafted"), _("Application drafted")),
    "cms.call_application.submitted": (
        _("Call: application submitted"),
        _("Application submitted"),
    ),
    "cms.call_application.under_review": (
        _("Call: application under review"),
        _("Application under review"),
    ),
    "cms.call_application.accepted": (_("Call: application accepted"), _("Application accepted")),
    "cms.call_application.rejected": (_("Call: application rejected"), _("Application rejected")),
    "cms.call_application.withdrawn": (
        _("Call: application withdrawn"),
        _("Application withdrawn"),
    ),
    "cms.call_review.assigned": (_("Call: reviewer assigned"), _("Reviewer assigned")),
    "cms.call_review.scored": (_("Call: application scored"), _("Application scored")),
}


def register_log_actions(actions) -> None:
    states = {"state": dict(ApplicationState.choices)}
    for action, (label, message) in LOG_ACTIONS.items():
        register(actions, action, label, message, states)
