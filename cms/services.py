"""Writes of the website: event registration; the Declaration, the call for input and the campaigns.
Each checks its rule, writes in one transaction and goes through the audit log."""

import base64
import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from alliance.audit import log_action
from alliance.celery import queue
from cms import permissions
from cms.models import (
    Attachment,
    CampaignPage,
    ConsultationPage,
    DeclarationVersion,
    Endorsement,
    EventPage,
    EventRegistration,
    GoodPracticeIndexPage,
    GoodPracticePage,
    Pledge,
    Submission,
)
from cms.models.consultation import SubmissionStatus, private_storage
from cms.models.declaration import EndorsementStatus, VersionStatus
from cms.models.event import HOLD_MINUTES, REGISTRATION_HOLD
from cms.selectors import registration_closed_reason
from members.models import Institution

# The Declaration ------------------------------------------------------------------------------


@transaction.atomic
def endorsement_sign(
    *, version: DeclarationVersion, institution: Institution, user, signatory_title: str
) -> Endorsement:
    """`user` signs `version` on behalf of `institution`; the secretariat then confirms it."""
    if not permissions.can_endorse(user, institution):
        raise PermissionDenied
    if version.status != VersionStatus.ADOPTED:
        raise ValidationError(_("Only an adopted version of the Declaration can be endorsed."))
    if not signatory_title.strip():
        raise ValidationError(_("Give the position of the person signing."))
    duplicate = ValidationError(
        _("%(institution)s has already endorsed this version of the Declaration.")
        % {"institution": institution.name}
    )
    # Locks the institution row: two admins signing at once are serialized here.
    Institution.objects.select_for_update().get(pk=institution.pk)
    already = Endorsement.objects.filter(version=version, institution=institution).exclude(
        status=EndorsementStatus.REJECTED
    )
    if already.exists():
        raise duplicate
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(
                version=version,
                institution=institution,
                signed_by=user,
                signatory_title=signatory_title.strip(),
            )
    except IntegrityError as error:
        raise duplicate from error
    log_action(user, "cms.endorsement.signed", endorsement, {"version": version.number})
    return endorsement


@transaction.atomic
def endorsement_decide(
    *, endorsement: Endorsement, actor, confirm: bool, reason: str = ""
) -> Endorsement:
    """The secretariat confirms (the institution joins the public list) or rejects a signature."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.status != EndorsementStatus.PENDING:
        raise ValidationError(_("This endorsement has already been decided."))
    if not confirm and not reason.strip():
        raise ValidationError(_("Give the reason for the rejection."))
    endorsement.status = EndorsementStatus.CONFIRMED if confirm else EndorsementStatus.REJECTED
    endorsement.decided_by = actor
    endorsement.decided_at = timezone.now()
    endorsement.decision_reason = reason.strip()
    endorsement.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    log_action(actor, f"cms.endorsement.{endorsement.status}", endorsement, {"reason": reason})
    queue("cms.tasks.send_endorsement_decision_email", endorsement.pk)
    return endorsement


# The call for input ---------------------------------------------------------------------------


@transaction.atomic
def submission_create(
    *, page: ConsultationPage, data: dict, answers: list[dict], files: list, language: str
) -> Submission:
    """Store a contribution and its (already checked) attachments, all or nothing. The same
    form posted again (its `form_token`) answers the submission it made, and stores nothing."""
    if not page.is_open():
        raise ValidationError(_("This call for input is closed."))
    token = data.get("form_token")
    if token and (earlier := Submission.objects.filter(form_token=token).first()):
        return earlier
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                page=page,
                name=data["name"],
                email=data["email"],
                organization=data["organization"],
                country=data.get("country", ""),
                title=data.get("title", ""),
                answers=answers,
                language=language,
                form_token=token,
            )
    except IntegrityError:  # the same form's other request got there first
        return Submission.objects.get(form_token=token)
    for upload, kind, content_type in files:
        Attachment.objects.create(
            submission=submission,
            file=upload,
            original_name=upload.name[:255],
            kind=kind,
            content_type=content_type,
            size=upload.size,
        )
    log_action(None, "cms.submission.received", submission)
    return submission


@transaction.atomic
def submission_decide(*, submission: Submission, actor, accept: bool) -> Submission:
    """Accept or reject a submission; the contributor of an accepted one is told by email."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != SubmissionStatus.PENDING:
        raise ValidationError(_("This submission has already been moderated."))
    submission.status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.REJECTED
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decided_by", "decided_at"])
    log_action(actor, f"cms.submission.{submission.status}", submission)
    if accept:
        queue("cms.tasks.send_submission_email", submission.pk, "accepted")
    return submission


@transaction.atomic
def submission_delete(*, submission: Submission, actor) -> None:
    """Delete a submission (spam, or at its author's request) and, once committed, its files."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    names = [attachment.file.name for attachment in submission.attachments.all()]
    data = {"organization": submission.organization}
    log_action(actor, "cms.submission.deleted", submission, data)
    submission.delete()
    storage = private_storage()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


CONTRIBUTIONS_COLLECTION = "Call for input"


def _contributions_collection() -> Collection:
    """Where a contribution's attachments wait, seen by the secretariat only, until published."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=CONTRIBUTIONS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=CONTRIBUTIONS_COLLECTION)
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name=settings.SECRETARIAT_GROUP))
    return collection


@transaction.atomic
def good_practice_from_submission(*, submission: Submission, actor) -> GoodPracticePage:
    """An accepted submission becomes a draft good practice (in the submission's language tree,
    else the consultation's) for the secretariat to edit and publish: its title, answers and
    attachments (copied to the CMS documents, private until the page is published)."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    submission = Submission.objects.select_for_update().select_related("page").get(pk=submission.pk)
    if submission.status != SubmissionStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted submission can become a good practice."))
    if submission.good_practice_id:
        raise ValidationError(_("This submission is already a good practice."))
    indexes = GoodPracticeIndexPage.objects.filter(locale=submission.page.locale)
    index = indexes.first()
    if index is None:
        raise ValidationError(_("Create the good practices page first."))
    answers = "".join(
        f"<h3>{escape(item['question'])}</h3>{linebreaks(item['answer'], autoescape=True)}"
        for item in submission.answers
        if item.get("answer")
    )
    collection = _contributions_collection()
    links = []
    for attachment in submission.attachments.all():
        with attachment.file.open("rb") as source:
            content = ContentFile(source.read(), name=attachment.original_name)
        document = get_document_model().objects.create(
            title=attachment.original_name, file=content, collection=collection
        )
        attachment.document = document
        attachment.save(update_fields=["document"])
        links.append(
            f'<li><a linktype="document" id="{document.pk}">{escape(document.title)}</a></li>'
        )
    if links:
        with translation.override(index.locale.language_code):
            answers += f"<h3>{escape(_('Attachments'))}</h3><ul>{''.join(links)}</ul>"
    page = GoodPracticePage(
        title=submission.title or submission.organization,
        summary=(submission.answers[0]["answer"] if submission.answers else "")[:300],
        organization=submission.organization,
        body=answers,
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=actor)
    submission.good_practice = page
    submission.save(update_fields=["good_practice"])
    log_action(actor, "cms.submission.published", submission, {"page": page.pk})
    return page


@transaction.atomic
def good_practice_published(*, page: GoodPracticePage) -> None:
    """A good practice went live: its contributors' attachments become public and each
    contributor is told once (a later edit or republication tells nobody again)."""
    submissions = Submission.objects.select_for_update().filter(
        good_practice=page, publication_emailed_at__isnull=True
    )
    public = Collection.get_first_root_node()
    for submission in submissions:
        documents = submission.attachments.exclude(document=None).values("document")
        get_document_model().objects.filter(pk__in=documents).update(collection=public)
        submission.publication_emailed_at = timezone.now()
        submission.save(update_fields=["publication_emailed_at"])
        queue("cms.tasks.send_submission_email", submission.pk, "published")


# Campaigns ------------------------------------------------------------------------------------


PLEDGE_SALT = "cms.pledge.confirm"


def pledge_sign(*, campaign: CampaignPage, data: dict, language: str) -> Pledge:
    """An unconfirmed pledge, and the link that confirms it by email; it counts once confirmed.
    One pledge per email address and campaign, whatever the language it is signed in (the
    pledges belong to the campaign's original page)."""
    if not campaign.is_open:
        raise ValidationError(_("This campaign is no longer collecting signatures."))
    if not data.get("consent"):
        raise ValidationError(_("Please agree to sign the pledge."))
    campaign = campaign.original()
    email = data["email"].strip().lower()
    duplicate = ValidationError(
        _("This email address has already signed. Thank you — one signature per person.")
    )
    existing = Pledge.objects.filter(campaign=campaign, email=email).first()
    if existing is not None:
        raise (
            duplicate
            if existing.confirmed_at
            else ValidationError(
                _(
                    "We have already sent a confirmation link to this address: open it to "
                    "confirm your signature."
                )
            )
        )
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(
                campaign=campaign,
                name=data["name"],
                email=email,
                organization=data.get("organization", ""),
                country=data.get("country", ""),
                consent=True,
                news_consent=bool(data.get("news_consent")),
                language=language,
            )
    except IntegrityError as error:  # two signatures of one address at once
        raise duplicate from error
    queue("cms.tasks.send_pledge_confirmation", pledge.pk)
    return pledge


def pledge_token(pledge: Pledge) -> str:
    return _signed_token(pledge.pk, PLEDGE_SALT)


def pledge_from_token(token: str, campaign: CampaignPage) -> Pledge | None:
    pk = _pk_from_token(token, PLEDGE_SALT)
    return (
        None if pk is None else Pledge.objects.filter(pk=pk, campaign=campaign.original()).first()
    )


@transaction.atomic
def pledge_confirm(*, pledge: Pledge) -> Pledge:
    """The signer pressed the button on the page the emailed link opens (a POST: mail scanners
    that follow links confirm nothing). Confirming twice changes nothing."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.confirmed_at is None:
        pledge.confirmed_at = timezone.now()
        pledge.save(update_fields=["confirmed_at"])
    return pledge


LIVE_SALT = "cms.event.live"
CONFIRM_SALT = "cms.event.confirm"
CANCEL_SALT = "cms.event.cancel"
CERTIFICATE_SALT = "cms.event.certificate"


def event_register(*, event: EventPage, data: dict, user, language: str) -> EventRegistration:
    """A pending registration for `event`, holding a place until its email address is confirmed
    (REGISTRATION_HOLD at most), and the confirmation link by email.

    The event's row is locked while places are counted, so concurrent registrations never
    overbook it; expired pending registrations give their place (and address) back first.
    When the event is full, the registration joins the waiting list (confirmed the same way).
    Raises ValidationError (nothing written) when registration is closed, or the email is
    already registered or waiting for its confirmation."""
    if not data.get("consent"):
        raise ValidationError(_("Please agree to the use of your details to register."))
    email = data["email"].strip().lower()
    now = timezone.now()
    with transaction.atomic():
        target = EventPage.objects.select_for_update().get(pk=event.registration_event.pk)
        registrations = EventRegistration.objects.filter(event=target)
        registrations.expired(now).delete()
        if target.capacity is not None:
            _promote_waiting(target, now)  # the places those held go to the waiting list first
        existing = registrations.filter(email=email).first()
        if existing is not None:
            raise ValidationError(
                _("This email address is already registered for this event.")
                if existing.confirmed_at
                else _(
                    "We have already sent a confirmation link to this address: open it to "
                    "confirm your registration."
                )
            )
        reason = registration_closed_reason(event=target, now=now)
        if reason:
            raise ValidationError(reason)
        full = (
            target.capacity is not None
            and registrations.holding_a_place(now).count() >= target.capacity
        )
        try:
            with transaction.atomic():
                registration = EventRegistration.objects.create(
                    event=target,
                    user=user if user is not None and user.is_authenticated else None,
                    name=data["name"],
                    email=email,
                    institution=data["institution"],
                    country=data["country"],
                    role=data["role"],
                    consent=True,
                    language=language,
                    waitlisted=full,
                    answers=data.get("answers", []),
                )
        except IntegrityError as error:
            raise ValidationError(
                _("This email address is already registered for this event.")
            ) from error
        queue("cms.tasks.send_event_registration_confirmation", registration.pk)
    return registration


@transaction.atomic
def event_registration_confirm(*, registration: EventRegistration) -> EventRegistration:
    """The person opened the emailed link: the place is theirs, and the live-stream link and
    the calendar file are sent. After the hold, only if a place is still free."""
    target = EventPage.objects.select_for_update().get(pk=registration.event_id)
    registration = EventRegistration.objects.filter(pk=registration.pk).first()
    if registration is None:
        raise ValidationError(_("This registration no longer exists. Please register again."))
    if registration.confirmed_at:
        return registration
    now = timezone.now()
    if now >= target.ends_at:
        raise ValidationError(_("Registration is closed."))
    late = registration.created_at <= now - REGISTRATION_HOLD
    if late and target.capacity is not None and not registration.waitlisted:
        others = EventRegistration.objects.filter(event=target).exclude(pk=registration.pk)
        if others.holding_a_place(now).count() >= target.capacity:
            raise ValidationError(
                _(
                    "This event is full now: places are held for %(minutes)s minutes for a "
                    "confirmation."
                )
                % {"minutes": HOLD_MINUTES}
            )
    registration.confirmed_at = now
    registration.save(update_fields=["confirmed_at"])
    if registration.waitlisted:
        _promote_waiting(target, now)  # a place may have freed meanwhile
        registration.refresh_from_db()
    else:
        queue("cms.tasks.send_event_registration_email", registration.pk)
    return registration


def _promote_waiting(target: EventPage, now) -> None:
    """Give the places free to the waiting list, first come first served, and email each
    promoted person the event and their live-stream link. `target`'s row is locked."""
    registrations = EventRegistration.objects.filter(event=target)
    free = target.capacity - registrations.holding_a_place(now).count()
    for registration in registrations.waiting()[: max(free, 0)]:
        registration.waitlisted = False
        registration.save(update_fields=["waitlisted"])
        queue("cms.tasks.send_event_registration_email", registration.pk)


@transaction.atomic
def event_registration_cancel(*, registration: EventRegistration) -> None:
    """The person cancels (the button on the page their emailed link opens): the registration
    is removed, and a place it held goes to the first of the waiting list. Cancelling twice (a
    double click) changes nothing more."""
    target = EventPage.objects.select_for_update().get(pk=registration.event_id)
    EventRegistration.objects.filter(pk=registration.pk).delete()
    if target.capacity is not None:
        _promote_waiting(target, timezone.now())


def registration_attendance_mark(
    *, registration: EventRegistration, actor, attended: bool
) -> EventRegistration:
    """The secretariat marks that the person attended (a certificate code is issued once, so a
    double click changes nothing), or takes the mark back (the certificate no longer verifies).
    Only a confirmed registration off the waiting list can be marked."""
    if not permissions.can_mark_attendance(actor):
        raise PermissionDenied
    with transaction.atomic():
        registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
        if attended and (registration.confirmed_at is None or registration.waitlisted):
            raise ValidationError(
                _("Only a confirmed registration, not on the waiting list, can be marked.")
            )
        before = registration.attended_at is not None
        if before == attended:
            return registration
        if attended:
            registration.attended_at = timezone.now()
            registration.certificate_code = secrets.token_hex(6).upper()
        else:
            registration.attended_at = registration.certificate_code = None
        registration.save(update_fields=["attended_at", "certificate_code"])
        log_action(
            actor,
            "cms.registration.attended" if attended else "cms.registration.not_attended",
            registration,
            {"person": registration.email, "changes": {"attended": [before, attended]}},
        )
    return registration


def certificate_token(registration: EventRegistration) -> str:
    return _registration_token(registration, CERTIFICATE_SALT)


def registration_from_certificate_token(token: str) -> EventRegistration | None:
    """Only a registration marked as attended has a certificate."""
    return _registration_from_token(token, CERTIFICATE_SALT, attended_at__isnull=False)


def _signed_token(pk: int, salt: str) -> str:
    """A signed token naming a row, in URL-safe characters only (page paths)."""
    signed = signing.dumps(pk, salt=salt)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def _pk_from_token(token: str, salt: str) -> int | None:
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        return signing.loads(signed, salt=salt)
    except (ValueError, signing.BadSignature):
        return None


def _registration_token(registration: EventRegistration, salt: str) -> str:
    return _signed_token(registration.pk, salt)


def _registration_from_token(token: str, salt: str, **filters) -> EventRegistration | None:
    pk = _pk_from_token(token, salt)
    return None if pk is None else EventRegistration.objects.filter(pk=pk, **filters).first()


# The reminders, latest first: (kind, how long before the start it is due, the marks that mean
# it was sent or overtaken by a later one).
REMINDERS = (
    ("1h", datetime.timedelta(hours=1), ["1h"]),
    ("24h", datetime.timedelta(hours=24), ["24h", "1h"]),
)


def event_reminders_send(*, now=None) -> int:
    """Beat: queue the reminder due for each confirmed registration (not waiting) of an event
    that starts within 24 hours, then within 1 hour. Each is sent once: the `reminded` mark is
    set in the transaction that queues it, and a late run sends the latest one only. Returns
    how many were queued."""
    now = now or timezone.now()
    queued = 0
    for kind, before, sent in REMINDERS:
        due = EventRegistration.objects.filter(
            confirmed_at__isnull=False,
            waitlisted=False,
            event__starts_at__gt=now,
            event__starts_at__lte=now + before,
        ).exclude(reminded__in=sent)
        for pk in due.values_list("pk", flat=True):
            with transaction.atomic():
                mark = EventRegistration.objects.filter(pk=pk).exclude(reminded__in=sent)
                if mark.update(reminded=kind):
                    queue("cms.tasks.send_event_reminder", pk)
                    queued += 1
    return queued


def cancel_token(registration: EventRegistration) -> str:
    return _registration_token(registration, CANCEL_SALT)


def registration_from_cancel_token(token: str) -> EventRegistration | None:
    return _registration_from_token(token, CANCEL_SALT)


def live_token(registration: EventRegistration) -> str:
    return _registration_token(registration, LIVE_SALT)


def registration_from_live_token(token: str) -> EventRegistration | None:
    """Only a confirmed registration opens the live stream."""
    return _registration_from_token(token, LIVE_SALT, confirmed_at__isnull=False)


def confirm_token(registration: EventRegistration) -> str:
    return _registration_token(registration, CONFIRM_SALT)


def registration_from_confirm_token(token: str) -> EventRegistration | None:
    return _registration_from_token(token, CONFIRM_SALT)


def event_calendar(*, event: EventPage, url: str) -> bytes:
    """The event as an iCalendar file: one entry per session (or one for the whole event)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Global MOOC Alliance//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    sessions = list(event.sessions.order_by("starts_at")) or [event]
    for item in sessions:
        entry = icalendar.Event()
        entry.add("uid", f"{item.translation_key}@mooc.global")  # the same in every language
        entry.add("dtstamp", timezone.now())
        entry.add("dtstart", item.starts_at)
        entry.add("dtend", item.ends_at)
        title = item.title if item is event else f"{event.title}: {item.title}"
        entry.add("summary", title)
        entry.add("url", url)
        entry.add("description", f"{event.intro}\n\n{url}")
        if event.venue:
            entry.add("location", event.venue)
        calendar.add_component(entry)
    return calendar.to_ical()
