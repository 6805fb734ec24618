"""The secretariat's admin for the conference series and the commitments: the audit labels, and
the page that adds an edition's session recordings to the resource library (a button on the
edition's page in the admin)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from wagtail.admin.widgets import Button

from cms import permissions, series
from cms.call_forms import ProposalSessionForm
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


def edition_proposals(request, pk):
    """GET: the accepted proposals of the edition's call, those in the programme and a form for
    each of the others; POST (`application`): add that one, at the slot given in the edition's
    zone."""
    if not permissions.can_run_conference(request.user):
        raise PermissionDenied
    edition = get_object_or_404(EventPage, pk=pk).registration_event
    if edition.call_for_proposals_id is None:
        raise Http404
    rows = series.edition_proposals(edition)
    forms = {
        application.pk: ProposalSessionForm.prefilled(application, prefix=f"p{application.pk}")
        for application, session in rows
        if session is None
    }
    status = 200
    if request.method == "POST":
        chosen = request.POST.get("application", "")
        application = next((a for a, s in rows if s is None and str(a.pk) == chosen), None)
        if application is None:
            messages.error(request, _("This proposal is not waiting for the programme."))
            return redirect("edition_proposals", pk=edition.pk)
        with timezone.override(edition.zone):
            form = ProposalSessionForm(request.POST, prefix=f"p{application.pk}")
            valid = form.is_valid()
        forms[application.pk] = form
        if valid:
            try:
                series.proposal_to_programme(
                    edition, application, actor=request.user, **form.session()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The proposal is in the programme."))
                return redirect("edition_proposals", pk=edition.pk)
        status = 400
    context = {
        "edition": edition,
        "call": edition.call_for_proposals,
        "rows": [
            (application, session, forms.get(application.pk)) for application, session in rows
        ],
    }
    with timezone.override(edition.zone):
        return render(request, "cms/admin/edition_proposals.html", context, status=status)


urlpatterns = [
    path("editions/<int:pk>/recordings/", edition_recordings, name="edition_recordings"),
    path("editions/<int:pk>/proposals/", edition_proposals, name="edition_proposals"),
]


def header_buttons(page, user):
    if isinstance(page.specific_deferred, EventPage) and permissions.can_run_conference(user):
        yield Button(
            _("Recordings to the library"),
            reverse("edition_recordings", args=[page.pk]),
            icon_name="media",
            priority=80,
        )
        if page.specific_deferred.call_for_proposals_id:
            yield Button(
                _("Accepted proposals to the programme"),
                reverse("edition_proposals", args=[page.pk]),
                icon_name="list-ul",
                priority=81,
            )
