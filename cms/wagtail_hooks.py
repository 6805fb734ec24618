"""The secretariat's admin: membership applications and institutions in the Wagtail admin.

Every write goes through members.services, so the rules and the audit log apply here too.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import modelform_factory
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.utils.urlpatterns import decorate_urlpatterns

from alliance.admin_access import RefusedPostsAnswer403, refuse_posts_with_403
from alliance.audit import register
from cms import call_admin, series_admin, translation_admin
from cms import permissions as engagement_permissions
from cms.dues_admin import DuesGroup
from cms.engagement_admin import LOG_ACTIONS, EngagementGroup, ToModeratePanel
from cms.events_admin import EventRegistrationViewSet
from cms.models import CallPage, EventRegistration
from members import permissions
from members.models import Institution, MembershipApplication
from members.models.application import Activity
from members.services import applications as applications_services
from members.services import institutions as institutions_services
from members.status import TransitionNotAllowed
from projects import services as project_services
from projects.models import Project


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Listed and inspected in the admin; changed only through the review actions."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(MembershipApplication, ReadOnlyPolicy(MembershipApplication))
register_permission_policy(EventRegistration, ReadOnlyPolicy(EventRegistration))


class ApplicationInspectView(generic.InspectView):
    template_name = "cms/admin/application_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decide_url"] = reverse("membership_applications:decide", args=[self.object.pk])
        context["can_review"] = permissions.can_review_applications(self.request.user)
        return context

    def get_field_display_value(self, field_name, field):
        """Values as people read them: activities by their labels, yes or no, a dash for none."""
        value = getattr(self.object, field_name)
        if field_name == "activities":
            labels = dict(Activity.choices)
            return ", ".join(str(labels.get(item, item)) for item in value) or "—"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if value is None or value == "":
            return "—"
        return super().get_field_display_value(field_name, field)


class ApplicationViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = MembershipApplication
    icon = "form"
    menu_label = gettext_lazy("Applications")
    url_prefix = "membership-applications"
    name = "membership_applications"
    list_display = ["institution_name", "country", "kind", "status", "submitted_at"]
    list_filter = ["status", "kind", "country"]
    search_fields = ["institution_name", "contact_email", "website"]
    inspect_view_enabled = True
    inspect_view_class = ApplicationInspectView
    inspect_view_fields = [
        "status",
        "institution_name",
        "short_name",
        "kind",
        "country",
        "website",
        "founding_year",
        "description",
        "contact_name",
        "contact_title",
        "contact_email",
        "motivation",
        "activities",
        "agreed_to_charter",
        "applicant",
        "submitted_at",
        "decision_reason",
        "reviewed_by",
        "decided_at",
        "institution",
    ]
    form_fields = ["decision_reason"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("decide/<int:pk>/", self.decide, name="decide")]

    @staticmethod
    @require_POST
    def decide(request, pk):
        if not permissions.can_review_applications(request.user):
            raise PermissionDenied
        application = get_object_or_404(MembershipApplication, pk=pk)
        decision, reason = request.POST.get("decision"), request.POST.get("reason", "")
        actions = {
            "review": lambda: applications_services.application_start_review(
                application=application, actor=request.user
            ),
            "approve": lambda: applications_services.application_approve(
                application=application, actor=request.user, reason=reason
            ),
            "reject": lambda: applications_services.application_reject(
                application=application, actor=request.user, reason=reason
            ),
        }
        if decision in ("approve", "reject") and not request.POST.get("confirmed"):
            # A decision is asked once more, with what it does, before it is recorded.
            return TemplateResponse(
                request,
                "cms/admin/application_confirm.html",
                {"application": application, "decision": decision, "reason": reason},
            )
        if decision not in actions:
            messages.error(request, _("Choose a decision."))
        else:
            try:
                actions[decision]()
                messages.success(
                    request, _("The decision has been recorded and the applicant told.")
                )
            except (ValidationError, TransitionNotAllowed) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("membership_applications:inspect", pk)


class InstitutionCreateView(generic.CreateView):
    def save_instance(self):
        return institutions_services.institution_create(
            actor=self.request.user, data=self.form.cleaned_data
        )


class InstitutionEditView(generic.EditView):
    def save_instance(self):
        original = Institution.objects.get(pk=self.object.pk)
        return institutions_services.institution_update(
            institution=original, user=self.request.user, data=self.form.cleaned_data
        )


class InstitutionDeleteView(generic.DeleteView):
    def form_valid(self, form):
        """Through members.services.institutions.institution_delete, which says why it refuses."""
        try:
            institutions_services.institution_delete(
                institution=self.object, actor=self.request.user
            )
        except ValidationError as error:
            messages.error(self.request, error.messages[0])
            return redirect("institutions:edit", self.object.pk)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


class InstitutionInspectView(generic.InspectView):
    template_name = "cms/admin/institution_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["suspend_url"] = reverse("institutions:suspend", args=[self.object.pk])
        context["can_suspend"] = permissions.can_suspend(self.request.user)
        return context


class InstitutionViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = Institution
    icon = "group"
    menu_label = gettext_lazy("Institutions")
    name = "institutions"
    list_display = ["name", "kind", "country", "region", "is_public", "suspended_at"]
    list_filter = ["region", "kind", "is_public"]
    search_fields = ["name", "short_name", "website"]
    form_fields = [
        "name",
        "short_name",
        "kind",
        "country",
        "region",
        "region_overridden",
        "website",
        "contact_email",
        "founding_year",
        "joined_on",
        "is_public",
    ]
    add_view_class = InstitutionCreateView
    edit_view_class = InstitutionEditView
    delete_view_class = InstitutionDeleteView
    inspect_view_enabled = True
    inspect_view_class = InstitutionInspectView
    inspect_view_fields = [*form_fields, "income_group", "suspended_at", "suspension_reason"]

    def get_form_class(self, for_update=False):
        """Once created, the kind and country (they set the dues) change only through a change
        request the secretariat approves (Dues → Profile change requests)."""
        if not for_update:
            return super().get_form_class()
        return modelform_factory(
            self.model,
            formfield_callback=self.formfield_for_dbfield,
            fields=[
                field for field in self.form_fields if field not in institutions_services.FEE_FIELDS
            ],
        )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("suspend/<int:pk>/", self.suspend, name="suspend")]

    @staticmethod
    @require_POST
    def suspend(request, pk):
        if not permissions.can_suspend(request.user):
            raise PermissionDenied
        institution = get_object_or_404(Institution, pk=pk)
        try:
            if institution.is_suspended:
                institutions_services.institution_reinstate(
                    institution=institution, actor=request.user
                )
                messages.success(request, _("The membership has been reinstated."))
            else:
                institutions_services.institution_suspend(
                    institution=institution,
                    actor=request.user,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("The membership has been suspended."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("institutions:inspect", pk)


class MembersGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Members")
    menu_icon = "group"
    menu_order = 150
    items = [ApplicationViewSet, InstitutionViewSet]


@hooks.register("register_admin_viewset")
def register_members_admin():
    return MembersGroup()


@hooks.register("register_admin_viewset")
def register_dues_admin():
    return DuesGroup()


# Projects (projects/): listed and edited by the secretariat; members start them in the site. ----


class ProjectAdminPolicy(ModelPermissionPolicy):
    """Projects are created by members (with their role groups) and never deleted here."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Project, ProjectAdminPolicy(Project))


class ProjectEditView(generic.EditView):
    def save_instance(self):
        original = Project.objects.get(pk=self.object.pk)
        return project_services.project_update(
            project=original, actor=self.request.user, data=self.form.cleaned_data
        )


class ProjectAdminViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = Project
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Projects")
    menu_order = 160
    add_to_admin_menu = True
    name = "project_admin"
    url_prefix = "projects"
    list_display = ["title", "kind", "status", "visibility", "lead_institution", "modified_at"]
    list_filter = ["kind", "status", "visibility"]
    search_fields = ["title", "summary"]
    form_fields = ["title", "summary", "description", "status", "visibility", "start_date",
                   "end_date", "campaign_url", "endorsement_goal", "endorsement_count"]  # fmt: skip
    edit_view_class = ProjectEditView


@hooks.register("register_admin_viewset")
def register_projects_admin():
    return ProjectAdminViewSet()


@hooks.register("register_admin_viewset")
def register_engagement_admin():
    return EngagementGroup()


@hooks.register("construct_homepage_panels")
def add_to_moderate_panel(request, panels):
    if engagement_permissions.can_moderate(request.user):
        panels.append(ToModeratePanel())


@hooks.register("register_log_actions")
def register_engagement_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        register(actions, action, label, message)
    call_admin.register_log_actions(actions)


@hooks.register("register_admin_viewset")
def register_event_registrations_admin():
    return EventRegistrationViewSet()


@hooks.register("register_admin_urls")
def register_translation_overview_urls():
    return decorate_urlpatterns(translation_admin.urlpatterns, refuse_posts_with_403)


@hooks.register("register_admin_menu_item")
def register_translation_overview_menu_item():
    return translation_admin.menu_item()


@hooks.register("register_log_actions")
def register_series_log_actions(actions):
    for action, (label, message) in series_admin.LOG_ACTIONS.items():
        register(actions, action, label, message)


@hooks.register("register_admin_urls")
def register_series_urls():
    return series_admin.urlpatterns


@hooks.register("register_page_header_buttons")
def edition_header_buttons(page, user, view_name, next_url=None):
    yield from series_admin.header_buttons(page, user)


@hooks.register("register_admin_urls")
def register_programme_urls():
    return call_admin.urlpatterns


@hooks.register("register_admin_menu_item")
def register_programmes_menu_item():
    return call_admin.menu_item()


@hooks.register("filter_form_submissions_for_user")
def calls_keep_their_own_submissions(user, form_pages):
    """A call's applications are reviewed in its own admin (Programmes > Calls), not listed
    among the Forms' submissions, where they would show as empty forms."""
    return form_pages.not_type(CallPage)
