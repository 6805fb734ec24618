"""The commitments on the Declaration, routes of the Declaration page: the admins of endorsing
institutions record commitments and report progress; the secretariat hides or shows them."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms import commitments, permissions, selectors
from cms.forms import CommitmentForm, CommitmentModerationForm, CommitmentProgressForm
from cms.models import Commitment, DeclarationPage
from cms.views import page_route


def _manage_url(page) -> str:
    return page.url + page.reverse_subpage("commitments")


def _version():
    version = selectors.adopted_declaration()
    if version is None:
        raise Http404
    return version


@page_route(DeclarationPage, "commitments/", name="commitments")
def commitments_manage(request, page, *, form=None, progress_forms=None, status=200):
    """GET: the user's endorsing institutions, their commitments and the forms; POST: record a
    commitment. The secretariat also sees every commitment, to moderate."""
    if not request.user.is_authenticated:
        return redirect_to_login(_manage_url(page))
    version = _version()
    options = commitments.commitment_options(user=request.user, version=version)
    moderator = permissions.can_moderate(request.user)
    if not options and not moderator:
        raise PermissionDenied
    committable = [o["institution"] for o in options if o["may_commit"]]
    if request.method == "POST" and form is None:
        if not committable:
            raise PermissionDenied
        form = CommitmentForm(request.POST, institutions=committable, clauses=version.clauses.all())
        if form.is_valid():
            try:
                commitments.commitment_record(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The commitment is recorded."))
                return redirect(_manage_url(page))
        status = 400
    if form is None and committable:
        form = CommitmentForm(
            institutions=committable,
            clauses=version.clauses.all(),
            initial={"language": get_language()},
        )
    progress_forms = progress_forms or {}
    for option in options:
        for commitment in option["commitments"]:
            commitment.progress_form = progress_forms.get(commitment.pk) or CommitmentProgressForm(
                prefix=f"c{commitment.pk}",
                initial={"year": timezone.now().year, "language": get_language()},
            )
    context = {
        "page": page,
        "self": page,
        "version": version,
        "options": options,
        "form": form,
        "to_moderate": commitments.commitments_to_moderate(version=version) if moderator else [],
        "moderation_form": CommitmentModerationForm(),
    }
    return TemplateResponse(request, "cms/declaration_commitments.html", context, status=status)


def _commitment(page, pk) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("institution", "clause__version"), pk=pk
    )


@page_route(DeclarationPage, "commitments/<int:pk>/progress/", name="commitment_progress")
def commitment_report(request, page, pk):
    """POST: the yearly progress of a commitment, by an admin of its institution."""
    if request.method != "POST":
        return redirect(_manage_url(page))
    if not request.user.is_authenticated:
        return redirect_to_login(_manage_url(page))
    commitment = _commitment(page, pk)
    if not permissions.can_commit(request.user, commitment.institution):
        raise PermissionDenied
    form = CommitmentProgressForm(request.POST, prefix=f"c{commitment.pk}")
    if form.is_valid():
        try:
            commitments.commitment_progress_report(
                commitment=commitment, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The progress report is saved."))
            return redirect(_manage_url(page) + f"#commitment-{commitment.pk}")
    return commitments_manage(request, page, progress_forms={commitment.pk: form}, status=400)


@page_route(DeclarationPage, "commitments/<int:pk>/moderate/", name="commitment_moderate")
def commitment_moderate(request, page, pk):
    """POST: the secretariat hides a commitment (with a reason) or shows it again."""
    if request.method != "POST":
        return redirect(_manage_url(page))
    if not request.user.is_authenticated:
        return redirect_to_login(_manage_url(page))
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    commitment = _commitment(page, pk)
    form = CommitmentModerationForm(request.POST)
    if form.is_valid():
        try:
            commitments.commitment_moderate(
                commitment=commitment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The commitment's visibility is saved."))
    else:
        messages.error(request, _("Choose whether to hide or show the commitment."))
    return redirect(_manage_url(page) + "#moderation")
