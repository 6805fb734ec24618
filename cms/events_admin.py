"""The secretariat's list of event registrations: read-only, filtered by event, exported as CSV
or Excel. Registrations are written only by the public form (cms.services.event_register)."""

from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from alliance.exports import FormulaSafeExportMixin
from cms.models import EventRegistration


class RegistrationIndexView(FormulaSafeExportMixin, IndexView):
    pass


class EventRegistrationViewSet(ModelViewSet):
    model = EventRegistration
    icon = "group"
    menu_label = gettext_lazy("Event registrations")
    menu_order = 160
    add_to_admin_menu = True
    name = "event_registrations"
    index_view_class = RegistrationIndexView
    list_display = [
        "name",
        "email",
        "institution",
        "country",
        "role",
        "event",
        "created_at",
        "confirmed_at",
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
    ]
    search_fields = ["name", "email", "institution"]
    inspect_view_enabled = True
    form_fields = ["name"]  # never offered: the policy allows no add or change

    def get_queryset(self, request):
        return EventRegistration.objects.select_related("event")
