"""Celery tasks of cms/: thin, by primary key."""

from celery import shared_task

from alliance.emails import send_templated_email


@shared_task
def send_endorsement_decision_email(endorsement_id: int) -> None:
    """Tell the admin who signed that the secretariat confirmed or rejected the endorsement."""
    from cms.models import Endorsement

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
    )
