"""The secretariat's admin for the Declaration, the call for input and the campaigns: Declaration
versions, endorsements to confirm, submissions to moderate (with their private attachments and
a CSV export), pledges.

Access follows cms.permissions.can_moderate (the secretariat group, or a superuser); every
decision goes through cms.services.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from alliance.admin_access import RefusedPostsAnswer403
from alliance.exports import csv_response
from cms import permissions, services
from cms.models import Attachment, DeclarationVersion, Endorsement, Pledge, Submission
from cms.models.consultation import SubmissionStatus
from cms.models.declaration import EndorsementStatus

# The audit-log actions of the Declaration, the call for input and the campaigns.
LOG_ACTIONS = {
    "cms.endorsement.signed": (_l("Sign the Declaration"), _l("Declaration endorsed")),
    "cms.endorsement.confirmed": (_l("Confirm endorsement"), _l("Endorsement confirmed")),
    "cms.endorsement.rejected": (_l("Reject endorsement"), _l("Endorsement rejected")),
    "cms.submission.received": (_l("Receive submission"), _l("Contribution received")),
    "cms.submission.accepted": (_l("Accept submission"), _l("Contribution accepted")),
    "cms.submission.rejected": (_l("Reject submission"), _l("Contribution rejected")),
    "cms.submission.deleted": (_l("Delete submission"), _l("Contribution deleted")),
    "cms.submission.published": (
        _l("Publish submission"),
        _l("Contribution turned into a draft good practice"),
    ),
    "cms.registration.attended": (_l("Mark attendance"), _l("Marked as attended")),
    "cms.registration.not_attended": (
        _l("Take back attendance"),
        _l("Attendance mark taken back"),
    ),
    "cms.yearly_report.opened": (_l("Open yearly report"), _l("Yearly impact report drafted")),
    "cms.yearly_report.published": (
        _l("Publish yearly report"),
        _l("Yearly impact report published"),
    ),
}


class ModeratorPolicy(BasePermissionPolicy):
    """The secretariat may do `actions` on the model; nobody else may do anything."""

    def __init__(self, model, actions=("add", "change", "delete", "view")):
        super().__init__(model)
        self.actions = set(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and permissions.can_moderate(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(
            Q(is_superuser=True) | Q(groups__name=settings.SECRETARIAT_GROUP)
        ).distinct()


register_permission_policy(DeclarationVersion, ModeratorPolicy(DeclarationVersion))
register_permission_policy(Endorsement, ModeratorPolicy(Endorsement, actions=["view"]))
register_permission_policy(Submission, ModeratorPolicy(Submission, actions=["view", "delete"]))
register_permission_policy(Pledge, ModeratorPolicy(Pledge, actions=["view", "delete"]))


def _moderate(request):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied


def _report(request, action, success: str) -> None:
    try:
        action()
        messages.success(request, success)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


# The Declaration ------------------------------------------------------------------------------


class DeclarationVersionDeleteView(generic.DeleteView):
    def form_valid(self, form):
        if self.object.endorsements.exists():
            messages.error(
                self.request, _("Institutions have endorsed this version: it cannot be deleted.")
            )
            return redirect("declaration_versions:edit", self.object.pk)
        return super().form_valid(form)


class DeclarationVersionViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = DeclarationVersion
    delete_view_class = DeclarationVersionDeleteView
    icon = "doc-full"
    menu_label = _l("Declaration versions")
    name = "declaration_versions"
    list_display = ["number", "label", "status", "adopted_on"]


class EndorsementInspectView(generic.InspectView):
    template_name = "cms/admin/endorsement_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decide_url"] = reverse("endorsements:decide", args=[self.object.pk])
        return context


class EndorsementViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = Endorsement
    icon = "tick-inverse"
    menu_label = _l("Endorsements")
    name = "endorsements"
    exclude_form_fields = []  # never edited: the policy allows no add or change
    list_display = ["institution", "version", "status", "signatory_title", "created_at"]
    list_filter = ["status", "version"]
    search_fields = ["institution__name"]
    inspect_view_enabled = True
    inspect_view_class = EndorsementInspectView
    inspect_view_fields = [
        "institution",
        "version",
        "status",
        "signed_by",
        "signatory_title",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_reason",
    ]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("decide/<int:pk>/", self.decide, name="decide")]

    @staticmethod
    @require_POST
    def decide(request, pk):
        _moderate(request)
        endorsement = get_object_or_404(Endorsement, pk=pk)
        confirm = request.POST.get("decision") == "confirm"
        _report(
            request,
            lambda: services.endorsement_decide(
                endorsement=endorsement,
                actor=request.user,
                confirm=confirm,
                reason=request.POST.get("reason", ""),
            ),
            _("The endorsement is confirmed.") if confirm else _("The endorsement is rejected."),
        )
        return redirect("endorsements:inspect", pk)


# The call for input ---------------------------------------------------------------------------


class SubmissionInspectView(generic.InspectView):
    template_name = "cms/admin/submission_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decide_url"] = reverse("submissions:decide", args=[self.object.pk])
        context["attachments"] = self.object.attachments.all()
        return context


class SubmissionIndexView(generic.IndexView):
    def get_header_buttons(self):
        from wagtail.admin.widgets.button import HeaderButton

        return [
            *super().get_header_buttons(),
            HeaderButton(_("Download CSV"), url=reverse("submissions:csv"), icon_name="download"),
        ]


class SubmissionDeleteView(generic.DeleteView):
    def delete_action(self):
        services.submission_delete(submission=self.object, actor=self.request.user)


class SubmissionViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = Submission
    icon = "form"
    menu_label = _l("Submissions")
    name = "submissions"
    exclude_form_fields = []  # never edited: the policy allows no add or change
    list_display = ["organization", "name", "page", "language", "status", "created_at"]
    list_filter = ["status", "page"]
    search_fields = ["organization", "name", "email"]
    index_view_class = SubmissionIndexView
    delete_view_class = SubmissionDeleteView
    inspect_view_enabled = True
    inspect_view_class = SubmissionInspectView
    inspect_view_fields = [
        "page",
        "status",
        "title",
        "name",
        "email",
        "organization",
        "country",
        "language",
        "created_at",
        "decided_by",
        "decided_at",
        "good_practice",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/", self.decide, name="decide"),
            path("attachment/<int:pk>/", self.attachment, name="attachment"),
            path("export.csv", self.export_csv, name="csv"),
        ]

    @staticmethod
    @require_POST
    def decide(request, pk):
        _moderate(request)
        submission = get_object_or_404(Submission, pk=pk)
        decision = request.POST.get("decision")
        if decision == "publish":
            _report(
                request,
                lambda: services.good_practice_from_submission(
                    submission=submission, actor=request.user
                ),
                _("A draft good practice has been created from this submission."),
            )
        else:
            accept = decision == "accept"
            _report(
                request,
                lambda: services.submission_decide(
                    submission=submission, actor=request.user, accept=accept
                ),
                _("The submission is accepted.") if accept else _("The submission is rejected."),
            )
        return redirect("submissions:inspect", pk)

    @staticmethod
    def attachment(request, pk):
        """The only way to an attachment: for the secretariat, as a download."""
        _moderate(request)
        attachment = get_object_or_404(Attachment, pk=pk)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type="application/octet-stream",
        )

    @staticmethod
    def export_csv(request):
        """Every submission with its answers, one row each (cells safe from formula injection)."""
        _moderate(request)
        submissions = Submission.objects.select_related("page").prefetch_related("attachments")
        header = [
            _("Received"),
            _("Call for input"),
            _("Status"),
            _("Name"),
            _("Email"),
            _("Organization"),
            _("Country"),
            _("Language"),
            _("Answers"),
            _("Attachments"),
        ]
        rows = (
            [
                submission.created_at.isoformat(timespec="minutes"),
                submission.page.title,
                submission.get_status_display(),
                submission.name,
                submission.email,
                submission.organization,
                submission.country,
                submission.language,
                "\n\n".join(f"{a['question']}\n{a['answer']}" for a in submission.answers),
                len(submission.attachments.all()),
            ]
            for submission in submissions
        )
        return csv_response("submissions.csv", header, rows)


# Campaigns ------------------------------------------------------------------------------------


class PledgeViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = Pledge
    icon = "pick"
    menu_label = _l("Pledges")
    name = "pledges"
    exclude_form_fields = []  # never edited: the policy allows no add or change
    list_display = [
        "name",
        "organization",
        "country",
        "campaign",
        "news_consent",
        "created_at",
        "confirmed_at",
    ]
    list_filter = ["campaign", "news_consent", "confirmed_at"]
    search_fields = ["name", "email", "organization"]


class EngagementGroup(ModelViewSetGroup):
    menu_label = _l("Engagement")
    menu_icon = "doc-full-inverse"
    menu_order = 170
    items = [DeclarationVersionViewSet, EndorsementViewSet, SubmissionViewSet, PledgeViewSet]


class ToModeratePanel(Component):
    """On the admin dashboard: what waits for the secretariat."""

    name = "engagement_to_moderate"
    order = 90
    template_name = "cms/admin/to_moderate_panel.html"

    def get_context_data(self, parent_context):
        from members.models import ApplicationStatus, MembershipApplication

        applications = MembershipApplication.objects.filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW]
        ).order_by("submitted_at")
        return {
            "endorsements": Endorsement.objects.filter(status=EndorsementStatus.PENDING).count(),
            "submissions": Submission.objects.filter(status=SubmissionStatus.PENDING).count(),
            "applications": applications.count(),
            "oldest_applications": applications.only("institution_name", "submitted_at", "status")[
                :5
            ],
        }
