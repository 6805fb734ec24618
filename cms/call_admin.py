"""The calls in the admin: their entries in the audit log (Reports > Site history), and the
secretariat's "Programmes" menu (the calls, the member reports, the yearly impact reports)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from alliance.audit import register
from cms.models.call import ApplicationState, CallPage
from members.permissions import can_review_reports

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


# The secretariat's "Programmes" menu in the admin: the calls (each with its applications on
# the website), the member reports and the yearly impact reports; shown to the secretariat only.


def calls_list(request):
    """Every call in its first language, newest first, linked to its list of applications."""
    if not can_review_reports(request.user):
        raise PermissionDenied
    originals = {}
    for call in CallPage.objects.order_by("pk"):
        originals.setdefault(call.translation_key, call)
    calls = sorted(originals.values(), key=lambda call: call.opens_at, reverse=True)
    rows = [(call, call.get_url(request), call.reverse_subpage("manage")) for call in calls]
    return render(request, "cms/admin/calls_list.html", {"rows": rows})


urlpatterns = [path("programme-calls/", calls_list, name="programme_calls")]


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review_reports(request.user)


def menu_item() -> SubmenuMenuItem:
    items = [
        SecretariatMenuItem(_("Calls"), reverse_lazy("programme_calls"), icon_name="form"),
        SecretariatMenuItem(
            _("Member reports"), reverse_lazy("members:report_review_list"), icon_name="doc-full"
        ),
        SecretariatMenuItem(
            _("Yearly impact reports"), reverse_lazy("cms:yearly_reports"), icon_name="doc-full"
        ),
    ]
    return SubmenuMenuItem(_("Programmes"), Menu(items=items), icon_name="list-ul", order=170)
