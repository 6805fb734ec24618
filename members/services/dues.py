"""Membership dues: standing, Checkout, invoices, payments, waivers and reminders."""

import logging
from datetime import date, datetime, time, timedelta

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliance.audit import field_changes, log_action, value_changes
from alliance.celery import queue
from alliance.emails import send_templated_email
from members import selectors
from members.models import (
    DuesReminder,
    Institution,
    Membership,
    MembershipOverride,
    MembershipPeriod,
    MembershipStatus,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProformaInvoice,
    ReceiptSequence,
    Reduction,
    User,
)
from members.services.courses import _announce_listing, _listing_of
from members.status import (
    GRACE_DAYS,
    RENEWAL_OPENS_DAYS,
    membership_status,
    next_period,
    payment_transition_allowed,
    reminder_due,
    renewal_open,
)

# Membership dues ----------------------------------------------------------------------------

logger = logging.getLogger(__name__)

# A Checkout session stays open this long (Stripe allows 30 minutes to 24 hours).
CHECKOUT_VALIDITY = timedelta(hours=1)


def membership_for(*, institution: Institution) -> Membership:
    """The institution's membership, created pending the first time."""
    return Membership.objects.get_or_create(institution=institution)[0]


def _lock_membership(membership: Membership) -> Membership:
    """Lock the membership's row: its payments, periods and status change one at a time."""
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("institution")
        .get(pk=membership.pk)
    )


STANDING = ("status", "paid_until")


@transaction.atomic
def membership_refresh(*, membership: Membership) -> Membership:
    """Store the status computed from the periods, payments and overrides (members.status)."""
    membership = _lock_membership(membership)
    periods = selectors.periods_of(membership=membership)
    override = membership.override or (
        MembershipOverride.SUSPENDED if membership.institution.is_suspended else ""
    )
    status = membership_status(today=timezone.localdate(), periods=periods, override=override)
    paid_until = max((end for _start, end in periods), default=None)
    changed = membership.status != status
    if changed:
        changes = field_changes(membership, {"status": status, "paid_until": paid_until}, STANDING)
        log_action(None, "members.membership.status_changed", membership, {"changes": changes})
        before = _listing_of(membership.institution)
    if (membership.status, membership.paid_until) != (status, paid_until):
        membership.status, membership.paid_until = status, paid_until
        membership.save(update_fields=["status", "paid_until"])
    if changed:
        _announce_listing(membership.institution, before)
    return membership


def membership_refresh_all() -> None:
    """Daily (beat): store the day's status of every membership."""
    for membership in Membership.objects.only("pk"):
        membership_refresh(membership=membership)


@transaction.atomic
def membership_set_override(
    *, membership: Membership, override: str, reason: str, actor: User
) -> Membership:
    """Cancel or suspend a membership, or lift that ("" override); the status follows at once."""
    if override and not reason.strip():
        raise ValidationError(_("Give the reason."))
    membership = _lock_membership(membership)
    new = {"override": MembershipOverride(override), "override_reason": reason if override else ""}
    changes = field_changes(membership, new, new)
    membership.override, membership.override_reason = new["override"], new["override_reason"]
    membership.save(update_fields=["override", "override_reason"])
    log_action(actor, "members.membership.override_set", membership, {"changes": changes})
    return membership_refresh(membership=membership)


@transaction.atomic
def reduction_grant(
    *, membership: Membership, year: int, percent: int, reason: str, approver: User
) -> Reduction:
    """Reduce one year's dues by `percent` (100: waive them); a new grant replaces the year's."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the reduction."))
    reduction = Reduction.objects.filter(membership=membership, year=year).first()
    reduction = reduction or Reduction(membership=membership, year=year)
    changes = (
        field_changes(reduction, {"percent": percent, "reason": reason}, ("percent", "reason"))
        if reduction.pk
        else {"percent": ["", str(percent)], "reason": ["", reason]}
    )
    reduction.percent, reduction.reason, reduction.approver = percent, reason, approver
    reduction.full_clean()
    reduction.save()
    log_action(
        approver, "members.reduction.granted", membership, {"year": year, "changes": changes}
    )
    return reduction


def _payable_quote(membership: Membership, today: date, *, waiver=False) -> selectors.DuesQuote:
    """The dues that can be settled on `today`, or a ValidationError that says why not."""
    if membership.status in (MembershipStatus.CANCELLED, MembershipStatus.SUSPENDED):
        raise ValidationError(
            _("The secretariat has cancelled or suspended this membership. Please contact it.")
        )
    periods = selectors.periods_of(membership=membership)
    if not renewal_open(today=today, periods=periods):
        paid_until = max(end for _start, end in periods)
        raise ValidationError(
            _("The dues are paid until %(date)s. The next period can be paid from %(opens)s.")
            % {
                "date": date_format(paid_until),
                "opens": date_format(paid_until - timedelta(days=RENEWAL_OPENS_DAYS)),
            }
        )
    quote = selectors.dues_quote(membership=membership, today=today)
    if quote.fee_cents is None:
        raise ValidationError(
            _("The secretariat has not set the dues for %(year)s yet. Please contact it.")
            % {"year": quote.year}
        )
    if not quote.amount_cents and not waiver:
        raise ValidationError(
            _("The dues for %(year)s are waived: there is nothing to pay.") % {"year": quote.year}
        )
    return quote


def _new_payment(membership: Membership, quote, method: str, actor: User, **fields) -> Payment:
    """A payment of `quote`'s dues (its amount unless `fields` say otherwise)."""
    return Payment.objects.create(
        membership=membership,
        year=quote.year,
        method=method,
        fee_cents=quote.fee_cents,
        reduction=quote.reduction,
        created_by=actor,
        **{"amount_cents": quote.amount_cents, **fields},
    )


def _stripe() -> stripe.StripeClient:
    """Stripe's API; the tests put a fake HTTP client in stripe.default_http_client."""
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, http_client=stripe.default_http_client, max_network_retries=2
    )


@transaction.atomic
def checkout_start(*, membership: Membership, actor: User, return_url: str) -> str:
    """The address of a Stripe Checkout page for the dues due now. The membership's row is
    locked, so a double click, or two admins at once, get the same Checkout session."""
    if not selectors.online_payment_enabled():
        raise ValidationError(
            _(
                "Online payment is not set up yet. Please pay by bank transfer: the secretariat"
                " will record your payment."
            )
        )
    membership = _lock_membership(membership)
    now = timezone.now()
    open_payment = membership.payments.filter(
        method=PaymentMethod.STRIPE, status=PaymentStatus.PENDING
    ).first()
    if open_payment and not open_payment.checkout_url:
        raise ValidationError(
            _("A payment is being processed. The receipt will be emailed once it is complete.")
        )
    if open_payment and open_payment.checkout_expires_at > now:
        return open_payment.checkout_url
    if open_payment:
        payment_fail(payment=open_payment)
    quote = _payable_quote(membership, timezone.localdate())
    payment = _new_payment(membership, quote, PaymentMethod.STRIPE, actor)
    expires_at = now + CHECKOUT_VALIDITY
    metadata = {"payment_id": str(payment.pk), "institution": membership.institution.slug}
    title = _("Global MOOC Alliance membership dues %(year)s") % {"year": quote.year}
    try:
        session = _stripe().v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "client_reference_id": str(payment.pk),
                "customer_email": actor.email,
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "usd",
                            "unit_amount": payment.amount_cents,
                            "product_data": {"name": title},
                        },
                    }
                ],
                "metadata": metadata,
                "payment_intent_data": {"metadata": metadata},
                "expires_at": int(expires_at.timestamp()),
                "success_url": f"{return_url}?paid=1",
                "cancel_url": return_url,
            },
            options={"idempotency_key": f"checkout-{payment.pk}"},
        )
    except stripe.StripeError as error:
        logger.warning("Stripe Checkout for payment %s failed: %s", payment.pk, error)
        raise ValidationError(
            _("The payment service could not be reached. Please try again in a few minutes.")
        ) from error
    payment.stripe_checkout_session_id = session.id
    payment.checkout_url = session.url
    payment.checkout_expires_at = expires_at
    payment.save(
        update_fields=["stripe_checkout_session_id", "checkout_url", "checkout_expires_at"]
    )
    log_action(
        actor,
        "members.payment.checkout_started",
        membership,
        {"payment": payment.pk, "year": quote.year, "amount_cents": payment.amount_cents},
    )
    return session.url


DOCUMENT_SEQUENCES = {
    # kind: (the ReceiptSequence field, the number's pattern)
    "receipt": ("last", "GMA-{year}-{number:06d}"),
    "credit_note": ("last_credit_note", "GMA-CN-{year}-{number:06d}"),
    "invoice": ("last_invoice", "GMA-PF-{year}-{number:06d}"),
}


def _document_number(year: int, *, kind: str = "receipt") -> str:
    """The next of `year`'s receipt numbers, e.g. GMA-2026-000123, credit note numbers,
    GMA-CN-2026-000004, or pro-forma invoice numbers, GMA-PF-2026-000010. The year's row stays
    locked until the transaction ends: no two documents get one number, and no number is
    skipped."""
    field, pattern = DOCUMENT_SEQUENCES[kind]
    ReceiptSequence.objects.get_or_create(year=year)
    sequence = ReceiptSequence.objects.select_for_update().get(year=year)
    number = getattr(sequence, field) + 1
    setattr(sequence, field, number)
    sequence.save(update_fields=[field])
    return pattern.format(year=year, number=number)


@transaction.atomic
def invoice_issue(*, membership: Membership, actor: User) -> ProformaInvoice:
    """The pro-forma invoice of the dues due now: the one already issued for this amount (a
    double click or two administrators get the same), or a new one with the next number."""
    membership = _lock_membership(membership)
    quote = _payable_quote(membership, timezone.localdate())
    invoice = membership.invoices.filter(
        year=quote.year, fee_cents=quote.fee_cents, amount_cents=quote.amount_cents
    ).first()
    if invoice is not None:
        return invoice
    invoice = ProformaInvoice.objects.create(
        membership=membership,
        year=quote.year,
        number=_document_number(timezone.localdate().year, kind="invoice"),
        fee_cents=quote.fee_cents,
        amount_cents=quote.amount_cents,
        reduction_percent=quote.reduction.percent if quote.reduction else 0,
        reference=selectors.payment_reference(membership=membership, year=quote.year),
        issued_by=actor,
    )
    log_action(
        actor,
        "members.invoice.issued",
        membership,
        {"invoice": invoice.number, "year": quote.year, "amount_cents": quote.amount_cents},
    )
    return invoice


def _locked_payment(payment: Payment, status: str) -> Payment | None:
    """The payment read again under its membership's lock, if it may move to `status`."""
    _lock_membership(Membership(pk=payment.membership_id))
    payment = Payment.objects.select_related("membership__institution").get(pk=payment.pk)
    return payment if payment_transition_allowed(payment.status, status) else None


@transaction.atomic
def payment_succeed(
    *, payment: Payment, paid_at: datetime | None = None, actor: User | None = None
) -> Payment | None:
    """The money arrived (or the dues were waived): a receipt number, and the period it buys.
    News of a payment already settled changes nothing (None)."""
    payment = _locked_payment(payment, PaymentStatus.SUCCEEDED)
    if payment is None:
        return None
    paid_at = paid_at or timezone.now()
    membership = payment.membership
    starts_on, ends_on = next_period(
        paid_on=timezone.localdate(paid_at), periods=selectors.periods_of(membership=membership)
    )
    before = _payment_state(payment, membership)
    payment.status, payment.paid_at, payment.checkout_url = PaymentStatus.SUCCEEDED, paid_at, ""
    payment.receipt_number = _document_number(timezone.localdate(paid_at).year)
    payment.save()
    MembershipPeriod.objects.create(
        membership=membership, payment=payment, starts_on=starts_on, ends_on=ends_on
    )
    _log_payment(
        actor,
        "members.payment.succeeded",
        payment,
        before,
        period=[str(starts_on), str(ends_on)],
        paid_at=paid_at.isoformat(),
    )
    return payment


def _payment_state(payment: Payment, membership: Membership) -> dict:
    return {"status": payment.status, "paid_until": membership.paid_until}


def _log_payment(actor, action: str, payment: Payment, before: dict, **data) -> None:
    """Refresh the membership's status, then log `action` on it: the payment's number, method,
    amount and documents, and its status and the membership's paid-until date before and after."""
    membership = membership_refresh(membership=payment.membership)
    after = _payment_state(payment, membership)
    entry = {
        "payment": payment.pk,
        "method": payment.method,
        "amount_cents": payment.amount_cents,
        "balance_cents": payment.balance_cents or "",
        "reference": payment.reference,
        "receipt": payment.receipt_number or "",
        "credit_note": payment.credit_note_number or "",
        **data,
        "changes": value_changes(before, after),
    }
    log_action(actor, action, membership, {k: v for k, v in entry.items() if v not in ("", None)})


@transaction.atomic
def payment_fail(*, payment: Payment) -> Payment | None:
    payment = _locked_payment(payment, PaymentStatus.FAILED)
    if payment is None:
        return None
    before = _payment_state(payment, payment.membership)
    payment.status, payment.checkout_url = PaymentStatus.FAILED, ""
    payment.save(update_fields=["status", "checkout_url"])
    _log_payment(None, "members.payment.failed", payment, before)
    return payment


@transaction.atomic
def payment_take_back(
    *, payment: Payment, status: str, at: datetime | None = None
) -> Payment | None:
    """Refunded or disputed (in Stripe): the money went back, so the period the payment bought
    no longer counts. News of a payment already taken back changes nothing (None)."""
    payment = _locked_payment(payment, status)
    if payment is None:
        return None
    before = _payment_state(payment, payment.membership)
    payment.status, payment.checkout_url = status, ""
    payment.refunded_at = at or timezone.now()
    if status == PaymentStatus.REFUNDED and payment.receipt_number:
        # The money went back to the member: a credit note cancels the receipt.
        payment.credit_note_number = _document_number(
            timezone.localdate(payment.refunded_at).year, kind="credit_note"
        )
    payment.save(update_fields=["status", "checkout_url", "refunded_at", "credit_note_number"])
    _log_payment(
        None, f"members.payment.{status}", payment, before, at=payment.refunded_at.isoformat()
    )
    return payment


@transaction.atomic
def payment_record_offline(
    *,
    membership: Membership,
    reference: str,
    received_on: date,
    actor: User,
    amount_cents: int | None = None,
) -> Payment:
    """The secretariat records a bank transfer of the dues due (computed here, as online). A
    transfer that arrived short (`amount_cents`, e.g. bank fees deducted) buys the period and
    leaves the rest as the payment's balance. A date after today is refused."""
    if not reference.strip():
        raise ValidationError(_("Give the bank transfer's reference."))
    if received_on > timezone.localdate():
        raise ValidationError(_("The date received cannot be after today."))
    membership = _lock_membership(membership)
    quote = _payable_quote(membership, received_on)
    due = quote.amount_cents
    received = due if amount_cents is None else amount_cents
    if not 0 < received <= due:
        raise ValidationError(
            _("The amount received must be more than nothing and at most the %(due)s USD due.")
            % {"due": quote.amount}
        )
    payment = _new_payment(
        membership,
        quote,
        PaymentMethod.OFFLINE,
        actor,
        reference=reference.strip(),
        amount_cents=received,
        balance_cents=due - received,
    )
    paid_at = timezone.make_aware(datetime.combine(received_on, time(12)))
    payment = payment_succeed(payment=payment, paid_at=paid_at, actor=actor)
    queue("members.tasks.send_receipt_email", payment.pk)
    return payment


@transaction.atomic
def payment_void(*, membership: Membership, payment: Payment, reason: str, actor: User) -> Payment:
    """Void a bank transfer or waiver recorded by mistake (a wrong date, amount or member): a
    numbered credit note, and the period it bought no longer counts. Audited."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for voiding the payment."))
    if payment.membership_id != membership.pk or payment.method == PaymentMethod.STRIPE:
        raise ValidationError(
            _("Only bank transfers and waivers can be voided; refund online payments in Stripe.")
        )
    payment = _locked_payment(payment, PaymentStatus.VOIDED)
    if payment is None:
        raise ValidationError(_("Only a payment that is paid can be voided."))
    now = timezone.now()
    before = _payment_state(payment, payment.membership)
    payment.status, payment.voided_at, payment.voided_by = PaymentStatus.VOIDED, now, actor
    payment.void_reason = reason.strip()
    payment.credit_note_number = _document_number(timezone.localdate(now).year, kind="credit_note")
    payment.save()
    _log_payment(actor, "members.payment.voided", payment, before, reason=payment.void_reason)
    return payment


@transaction.atomic
def dues_waive(*, membership: Membership, reason: str, actor: User) -> Payment:
    """Waive the dues due now: a 100 % reduction, and a payment of nothing (no Stripe) that buys
    the period."""
    membership = _lock_membership(membership)
    quote = _payable_quote(membership, timezone.localdate(), waiver=True)
    reduction = reduction_grant(
        membership=membership, year=quote.year, percent=100, reason=reason, approver=actor
    )
    payment = _new_payment(
        membership,
        selectors.DuesQuote(year=quote.year, fee_cents=quote.fee_cents, reduction=reduction),
        PaymentMethod.WAIVER,
        actor,
    )
    payment = payment_succeed(payment=payment, actor=actor)
    queue("members.tasks.send_receipt_email", payment.pk)
    return payment


def _email_admins(*, institution: Institution, template_prefix: str, link, context: dict):
    """One email to each administrator of `institution`, in their language; `link` is
    (url name, args) of a page, reversed in that language."""
    for admin in selectors.admins_of(institution=institution):
        with translation.override(admin.preferred_language):
            path = reverse(link[0], args=link[1])
        send_templated_email(
            to=[admin.email],
            language=admin.preferred_language,
            template_prefix=template_prefix,
            context={**context, "institution": institution, "path": path},
            time_zone=admin.time_zone,
        )


def receipt_email_send(*, payment: Payment) -> None:
    institution = payment.membership.institution
    _email_admins(
        institution=institution,
        template_prefix="members/email/dues_receipt",
        link=("members:receipt", [institution.slug, payment.receipt_number]),
        context={"payment": payment},
    )


def dues_reminders_send() -> None:
    """Daily (beat): email the reminders due today to each institution's administrators. Each
    is sent once per period and kind, so running this twice sends nothing more."""
    today = timezone.localdate()
    members = Membership.objects.filter(
        status__in=[MembershipStatus.ACTIVE, MembershipStatus.GRACE]
    ).select_related("institution")
    for membership in members:
        period = selectors.counted_periods(membership=membership).order_by("-ends_on").first()
        kind = period and reminder_due(today=today, ends_on=period.ends_on)
        if kind:
            _dues_reminder_send(period=period, kind=kind, today=today)


@transaction.atomic
def _dues_reminder_send(*, period: MembershipPeriod, kind: str, today: date) -> None:
    """Send unless sent already; an email that fails rolls the row back, to be tried again."""
    _reminder, created = DuesReminder.objects.get_or_create(period=period, kind=kind)
    if created:
        membership = period.membership
        _email_admins(
            institution=membership.institution,
            template_prefix="members/email/dues_reminder",
            link=("members:membership", [membership.institution.slug]),
            context={
                "kind": kind,
                "period": period,
                "grace_ends_on": period.ends_on + timedelta(days=GRACE_DAYS),
                "quote": selectors.dues_quote(membership=membership, today=today),
            },
        )
