"""The secretariat's admin for the conference series and the commitments: the audit labels, and
the page that adds an edition's session recordings to the resource library (a button on the
edition's page in the admin)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from wagtail.admin.widgets import Button

from cms import permissions, series
from cms.models import EventPage, ResourcePage

LOG_ACTIONS = {
    "cms.session.added": (_l("Add session to programme"), _l("Session added to the programme")),
    "cms.recordings.added": (
        _l("Add recordings to library"),
        _l("Session recordings added to the resource library"),
    ),
    "cms.commitment.recorded": (_l("Record commitment"), _l("Commitment recorded")),
    "cms.commitment.updated": (_l("Update commitment"), _l("Commitment updated")),
    "cms.commitment.progress_reported": (_l("Report progress"), _l("Progress reported")),
    "cms.commitment.hidden": (_l("Hide commitment"), _l("Commitment hidden")),
    "cms.commitment.shown": (_l("Show commitment"), _l("Commitment shown again")),
}


def edition_recordings(request, pk):
    """GET: the edition's sessions with a recording link, and which are in the library; POST:
    add the missing ones."""
    if not permissions.can_run_conference(request.user):
        raise PermissionDenied
    edition = get_object_or_404(EventPage, pk=pk).registration_event
    if request.method == "POST":
        try:
            created = series.edition_recordings_add(edition=edition, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s recording added to the resource library.",
                    "%(count)s recordings added to the resource library.",
                    len(created),
                )
                % {"count": len(created)},
            )
        return redirect("edition_recordings", pk=edition.pk)
    in_library = set(
        ResourcePage.objects.filter(edition__translation_key=edition.translation_key).values_list(
            "recording_url", flat=True
        )
    )
    sessions = [
        (session, session.recording_url in in_library)
        for session in edition.sessions.exclude(recording_url="").order_by("starts_at", "pk")
    ]
    return render(
        request,
        "cms/admin/edition_recordings.html",
        {"edition": edition, "sessions": sessions, "missing": sum(not s[1] for s in sessions)},
    )


urlpatterns = [
    path("editions/<int:pk>/recordings/", edition_recordings, name="edition_recordings"),
]


def header_buttons(page, user):
    if isinstance(page.specific_deferred, EventPage) and permissions.can_run_conference(user):
        yield Button(
            _("Recordings to the library"),
            reverse("edition_recordings", args=[page.pk]),
            icon_name="media",
            priority=80,
        )
