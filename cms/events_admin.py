"""The secretariat's list of event registrations: filtered by event, exported as CSV or Excel,
and attendance marked on each registration's page. Registrations are written only by the public
form (cms.services.event_register)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from alliance.admin_access import RefusedPostsAnswer403
from alliance.exports import FormulaSafeExportMixin
from cms import permissions, services
from cms.models import EventRegistration


class RegistrationIndexView(FormulaSafeExportMixin, IndexView):
    pass


class RegistrationInspectView(InspectView):
    template_name = "cms/admin/registration_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attendance_url"] = reverse("event_registrations:attendance", args=[self.object.pk])
        context["can_mark"] = permissions.can_mark_attendance(self.request.user)
        return context


class EventRegistrationViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = EventRegistration
    icon = "group"
    menu_label = gettext_lazy("Event registrations")
    menu_order = 160
    add_to_admin_menu = True
    name = "event_registrations"
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    list_display = [
        "name",
        "email",
        "institution",
        "country",
        "role",
        "event",
        "created_at",
        "confirmed_at",
        "attended_at",
    ]
    list_filter = ["event", "role", "language"]
    list_export = [
        "name",
        "email",
        "institution",
        "country",
        "role",
        "language",
        "event",
        "created_at",
        "confirmed_at",
        "attended_at",
        "certificate_code",
        "answers_text",
    ]
    search_fields = ["name", "email", "institution"]
    inspect_view_enabled = True
    form_fields = ["name"]  # never offered: the policy allows no add or change

    def get_queryset(self, request):
        return EventRegistration.objects.select_related("event")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("attendance/<int:pk>/", self.attendance, name="attendance"),
        ]

    @staticmethod
    @require_POST
    def attendance(request, pk):
        if not permissions.can_mark_attendance(request.user):
            raise PermissionDenied
        registration = get_object_or_404(EventRegistration, pk=pk)
        attended = request.POST.get("attended") == "yes"
        try:
            services.registration_attendance_mark(
                registration=registration, actor=request.user, attended=attended
            )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(
                request,
                _("%(name)s is marked as attended.") % {"name": registration.name}
                if attended
                else _("%(name)s is no longer marked as attended.") % {"name": registration.name},
            )
        return redirect("event_registrations:inspect", pk)
