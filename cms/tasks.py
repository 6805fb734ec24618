"""Celery tasks of cms/: thin, by primary key."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from alliance.emails import send_templated_email
from cms import services
from cms.models import Endorsement, EventRegistration, Pledge, Submission
from cms.models.event import HOLD_MINUTES


@shared_task(once=True)
def send_endorsement_decision_email(endorsement_id: int) -> None:
    """Tell the admin who signed that the secretariat confirmed or rejected the endorsement."""
    endorsement = Endorsement.objects.select_related("institution", "version", "signed_by").get(
        pk=endorsement_id
    )
    if endorsement.signed_by is None:
        return
    send_templated_email(
        to=[endorsement.signed_by.email],
        language=endorsement.signed_by.preferred_language,
        template_prefix="cms/email/endorsement_decided",
        context={"endorsement": endorsement},
        time_zone=endorsement.signed_by.time_zone,
    )


@shared_task(once=True)
def send_pledge_confirmation(pledge_id: int) -> None:
    """The link to the page whose button confirms the pledge, in the signer's language."""
    pledge = Pledge.objects.select_related("campaign").get(pk=pledge_id)
    campaign = pledge.campaign
    with translation.override(pledge.language):
        translations = campaign.get_translations(inclusive=True).live()
        campaign = translations.filter(locale__language_code=pledge.language).first() or campaign
        confirm_url = (
            settings.SITE_URL
            + campaign.url
            + campaign.reverse_subpage("confirm", args=[services.pledge_token(pledge)])
        )
    send_templated_email(
        to=[pledge.email],
        language=pledge.language,
        template_prefix="cms/email/pledge_confirm",
        context={"pledge": pledge, "campaign": campaign, "confirm_url": confirm_url},
    )


@shared_task(once=True)
def send_submission_email(submission_id: int, step: str) -> None:
    """Tell a contributor to the call for input that their submission was accepted
    (`step` "accepted") or published as a good practice ("published"), in their language."""
    submission = Submission.objects.select_related("page", "good_practice").get(pk=submission_id)
    practice = submission.good_practice
    send_templated_email(
        to=[submission.email],
        language=submission.language,
        template_prefix=f"cms/email/submission_{step}",
        context={
            "submission": submission,
            "call_url": submission.page.full_url,
            "practice_url": practice.full_url if practice and practice.live else "",
        },
    )


def _registration_page(registration_id: int):
    """The registration, and its event in the language the person registered in."""
    registration = EventRegistration.objects.select_related("event").get(pk=registration_id)
    event = registration.event
    with translation.override(registration.language):
        translations = event.get_translations(inclusive=True).live()
        event = translations.filter(locale__language_code=registration.language).first() or event
        url = settings.SITE_URL + event.url
    return registration, event, url


def _registrant_links(registration, event, url: str, *routes: str) -> dict[str, str]:
    """`<route>_url` for each of `routes` ("confirm", "live", "cancel"): the registrant's own
    links, in their language."""
    tokens = {
        "confirm": services.confirm_token,
        "live": services.live_token,
        "cancel": services.cancel_token,
    }
    with translation.override(registration.language):
        return {
            f"{route}_url": url + event.reverse_subpage(route, args=[tokens[route](registration)])
            for route in routes
        }


@shared_task(once=True)
def send_event_registration_confirmation(registration_id: int) -> None:
    """The link that confirms the email address (and so the registration)."""
    registration, event, url = _registration_page(registration_id)
    send_templated_email(
        to=[registration.email],
        language=registration.language,
        template_prefix="cms/email/event_registration_confirm",
        context={
            "registration": registration,
            "event": event,
            **_registrant_links(registration, event, url, "confirm", "cancel"),
            "minutes": HOLD_MINUTES,
        },
        time_zone=event.time_zone,
    )


@shared_task(once=True)
def send_event_registration_email(registration_id: int) -> None:
    """Once confirmed: the registrant's language, the event as an .ics file, the live link."""
    registration, event, url = _registration_page(registration_id)
    send_templated_email(
        to=[registration.email],
        language=registration.language,
        template_prefix="cms/email/event_registration",
        context={
            "registration": registration,
            "event": event,
            "url": url,
            **_registrant_links(registration, event, url, "live", "cancel"),
        },
        attachments=[("event.ics", services.event_calendar(event=event, url=url), "text/calendar")],
        time_zone=event.time_zone,
    )


@shared_task
def send_event_reminders() -> None:
    """Beat (every 5 minutes): the reminders due, 24 hours and 1 hour before each event."""
    services.event_reminders_send()


@shared_task(once=True)
def send_event_reminder(registration_id: int) -> None:
    """The reminder in the registrant's language, the times in their zone (their account's,
    else the event's), with the live-stream and cancel links."""
    registration, event, url = _registration_page(registration_id)
    zone = (registration.user.time_zone if registration.user else "") or event.time_zone
    send_templated_email(
        to=[registration.email],
        language=registration.language,
        template_prefix="cms/email/event_reminder",
        context={
            "registration": registration,
            "event": event,
            "url": url,
            **_registrant_links(registration, event, url, "live", "cancel"),
            "zone": zone,
        },
        time_zone=zone,
    )


def _call_in(call, language: str, subpage: str, args) -> tuple:
    """The call's page in `language` (else its source language) and the URL of its route."""
    page = call.get_translations(inclusive=True).filter(locale__language_code=language).first()
    page = (page or call).specific
    with translation.override(language):
        url = page.url + page.reverse_subpage(subpage, args=args)
    return page, settings.SITE_URL + url


@shared_task(once=True)
def send_call_application_email(application_id: int) -> None:
    """Tell the applicant where their application to a call now stands, in their language."""
    from cms.models import CallApplication

    application = CallApplication.objects.select_related("call", "applicant", "institution").get(
        pk=application_id
    )
    person = application.applicant
    call, url = _call_in(
        application.call, person.preferred_language, "application", [application.pk]
    )
    send_templated_email(
        to=[person.email],
        language=person.preferred_language,
        template_prefix="cms/email/call_application",
        context={"application": application, "call": call, "url": url},
        time_zone=person.time_zone,
    )


@shared_task(once=True)
def send_call_review_email(review_id: int) -> None:
    """Ask the reviewer the secretariat assigned to score the application, in their language."""
    from cms.models import CallReview

    review = CallReview.objects.select_related("application__call", "reviewer").get(pk=review_id)
    person = review.reviewer
    call, url = _call_in(review.application.call, person.preferred_language, "review", [review.pk])
    send_templated_email(
        to=[person.email],
        language=person.preferred_language,
        template_prefix="cms/email/call_review",
        context={"review": review, "call": call, "url": url},
        time_zone=person.time_zone,
    )
