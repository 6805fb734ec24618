"""Writes of the calls with review (docs/programmes.md): applications, reviews, decisions.
Each checks cms.permissions, locks what it depends on, moves the state through
cms.call_status, logs the action and queues the email to the person concerned."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.audit import log_action
from alliance.celery import queue
from cms import permissions
from cms.call_status import VERBS, transition_allowed
from cms.models.call import ApplicationState, CallApplication, CallPage, CallReview
from members.models import Institution


def _move(application: CallApplication, new: str, *, actor, data: dict | None = None) -> None:
    """Move `application` (locked) to `new`, log it and tell the applicant."""
    if not transition_allowed(application.state, new):
        raise ValidationError(
            _("This application is %(state)s: it cannot be changed so.")
            % {"state": application.get_state_display().lower()}
        )
    before = application.state
    application.state = new
    application.save()
    log_action(
        actor,
        f"cms.call_application.{VERBS[new]}",
        application,
        {"state": [before, new], "call": application.call.title, **(data or {})},
    )
    queue("cms.tasks.send_call_application_email", application.pk)


def _locked_application(*, call: CallPage, user) -> CallApplication | None:
    return CallApplication.objects.select_for_update().filter(call=call, applicant=user).first()


@transaction.atomic
def application_save(
    *,
    call: CallPage,
    institution: Institution,
    user,
    answers: dict,
    language: str,
    submit: bool,
) -> CallApplication:
    """Keep `user`'s answers to `call` as a draft, or submit them (`submit`). One application per
    person and call: a second submit (a double click, a form posted twice) answers the
    application already submitted and changes nothing."""
    call = call.original()
    existing = _locked_application(call=call, user=user)
    if submit and existing is not None and existing.state != ApplicationState.DRAFT:
        return existing
    denial = permissions.applying_denial(user, call, institution)
    if denial:
        raise PermissionDenied(denial)
    if existing is not None and existing.state != ApplicationState.DRAFT:
        raise ValidationError(_("This application has already been sent."))
    if existing is None:
        try:
            with transaction.atomic():
                existing = CallApplication.objects.create(
                    call=call, institution=institution, applicant=user, language=language
                )
        except IntegrityError:  # the person's other request created it first
            return application_save(
                call=call,
                institution=institution,
                user=user,
                answers=answers,
                language=language,
                submit=submit,
            )
        log_action(user, "cms.call_application.drafted", existing, {"call": call.title})
    existing.institution = institution
    existing.answers = answers
    existing.language = language
    if not submit:
        existing.save()
        return existing
    existing.submitted_at = timezone.now()
    _move(existing, ApplicationState.SUBMITTED, actor=user)
    return existing


@transaction.atomic
def application_withdraw(*, application: CallApplication, user) -> CallApplication:
    application = CallApplication.objects.select_for_update().get(pk=application.pk)
    if not permissions.can_withdraw_application(user, application):
        raise PermissionDenied
    _move(application, ApplicationState.WITHDRAWN, actor=user)
    return application


@transaction.atomic
def reviewer_assign(*, application: CallApplication, reviewer, actor) -> CallReview:
    """The secretariat asks `reviewer` (a person of a member institution in good standing, not of
    the applying institution) to score the application, which goes under review."""
    if not permissions.can_manage_call(actor, application.call):
        raise PermissionDenied
    application = CallApplication.objects.select_for_update().get(pk=application.pk)
    if application.state not in (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW):
        raise ValidationError(_("Only a submitted application is reviewed."))
    if not permissions.can_be_reviewer(reviewer):
        raise ValidationError(_("Reviewers are people of member institutions in good standing."))
    if reviewer.pk == application.applicant_id or permissions.is_conflicted(
        reviewer, application.institution
    ):
        raise ValidationError(
            _("%(person)s belongs to the applying institution: a conflict of interest.")
            % {"person": reviewer.email}
        )
    if CallReview.objects.filter(application=application, reviewer=reviewer).exists():
        raise ValidationError(
            _("%(person)s already reviews this application.") % {"person": reviewer.email}
        )
    review = CallReview.objects.create(
        application=application, reviewer=reviewer, assigned_by=actor
    )
    log_action(actor, "cms.call_review.assigned", review, {"person": reviewer.email})
    if application.state == ApplicationState.SUBMITTED:
        _move(application, ApplicationState.UNDER_REVIEW, actor=actor)
    queue("cms.tasks.send_call_review_email", review.pk)
    return review


@transaction.atomic
def review_score(*, review: CallReview, user, scores: dict[int, int], comment: str) -> CallReview:
    """The reviewer's score on each criterion of the call, from 0 to the criterion's maximum;
    they may correct them until the decision."""
    review = CallReview.objects.select_for_update().select_related("application").get(pk=review.pk)
    if not permissions.can_review(user, review):
        raise PermissionDenied
    criteria = {c.pk: c for c in review.application.call.criteria.all()}
    if set(scores) != set(criteria):
        raise ValidationError(_("Score every criterion of the call."))
    for pk, score in scores.items():
        if not 0 <= score <= criteria[pk].max_score:
            raise ValidationError(
                _("The score for “%(criterion)s” is from 0 to %(max)s.")
                % {"criterion": criteria[pk].name, "max": criteria[pk].max_score}
            )
    before = review.scores
    review.scores = {str(pk): score for pk, score in scores.items()}
    review.comment = comment.strip()
    review.scored_at = timezone.now()
    review.save()
    log_action(
        user, "cms.call_review.scored", review, {"changes": {"scores": [before, review.scores]}}
    )
    return review


@transaction.atomic
def application_decide(
    *, application: CallApplication, actor, accept: bool, note: str = ""
) -> CallApplication:
    """Accept or reject: the secretariat, or the host institution's administrators for a staff
    exchange (no more acceptances than the places offered)."""
    application = CallApplication.objects.select_for_update().get(pk=application.pk)
    if not permissions.can_decide(actor, application):
        raise PermissionDenied
    call = application.call
    if accept and call.is_exchange:
        # Locks the call's row: two hosts' admins accepting at once are counted one by one.
        CallPage.objects.select_for_update().filter(pk=call.pk).first()
        accepted = call.applications.filter(state=ApplicationState.ACCEPTED).count()
        if accepted >= (call.places or 0):
            raise ValidationError(_("Every place of this exchange is taken."))
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.decision_note = note.strip()
    new = ApplicationState.ACCEPTED if accept else ApplicationState.REJECTED
    _move(application, new, actor=actor, data={"reason": application.decision_note})
    return application
