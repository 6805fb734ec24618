"""The dues documents as PDFs in the active language (alliance.pdf): the pro-forma invoice of a
period with the bank details and the payment reference, the receipt of a payment and the credit
note that cancels a voided or refunded one, each with the issuer's details."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alliance.pdf import Document, render
from alliance.templatetags.alliance_formats import cldr_date, money

from .models import BankDetails, IssuerDetails, Payment, PaymentStatus, ProformaInvoice


def _issuer(document: Document) -> None:
    issuer = IssuerDetails.load()
    rows = [(_("Issued by"), issuer.name)]
    if issuer.address:
        rows.append((_("Address"), issuer.address))
    if issuer.tax_number:
        rows.append((_("Tax number"), issuer.tax_number))
    if issuer.email:
        rows.append((_("Email"), issuer.email))
    document.facts(rows)


def _recipient(institution) -> str:
    return f"{institution.name}, {institution.country.name}"


def _amounts(document: Document, *, fee, percent: int, reason: str, total_label: str, total):
    rows = [(_("Annual dues"), money(fee, "USD"))]
    if percent:
        reduction = _("Reduction of %(percent)s %%: %(reason)s") % {
            "percent": percent,
            "reason": reason,
        }
        rows.append((reduction, f"−{percent} %"))
    rows.append((total_label, money(total, "USD")))
    document.facts(rows)


def invoice_pdf(invoice: ProformaInvoice) -> bytes:
    membership = invoice.membership
    document = Document(
        language=get_language(),
        title=_("Pro-forma invoice %(number)s") % {"number": invoice.number},
    )
    _issuer(document)
    reduction = membership.reductions.filter(year=invoice.year).first()
    document.facts(
        [
            (_("Invoiced to"), _recipient(membership.institution)),
            (_("Date"), cldr_date(invoice.issued_at)),
            (_("For"), _("Membership dues %(year)s") % {"year": invoice.year}),
        ]
    )
    _amounts(
        document,
        fee=invoice.fee,
        percent=invoice.reduction_percent,
        reason=reduction.reason if reduction else "",
        total_label=_("Amount due"),
        total=invoice.amount,
    )
    document.paragraph(_("Pay by bank transfer"), bold=True, size=13)
    bank = BankDetails.load()
    rows = [(_("Payment reference"), invoice.reference)]
    if bank.is_set:
        rows += [(_("Account holder"), bank.account_holder)]
        rows += [(_("Bank"), bank.bank_name)] if bank.bank_name else []
        rows += [(_("IBAN or account number"), bank.iban)]
        rows += [(_("BIC / SWIFT code"), bank.bic)] if bank.bic else []
        rows += [(_("Bank's address"), bank.bank_address)] if bank.bank_address else []
    document.facts(rows)
    if not bank.is_set:
        document.paragraph(
            _("The secretariat has not published its bank details yet. Please contact it for them.")
        )
    elif bank.instructions:
        document.paragraph(bank.instructions)
    document.paragraph(
        _(
            "Please give the payment reference with your transfer. This pro-forma invoice is "
            "not a receipt: the receipt is issued when the payment arrives."
        ),
        size=9,
    )
    return render(document)


def receipt_pdf(payment: Payment) -> bytes:
    document = Document(
        language=get_language(), title=_("Receipt %(number)s") % {"number": payment.receipt_number}
    )
    _issuer(document)
    period = payment.period
    method = payment.get_method_display()
    document.facts(
        [
            (_("Received from"), _recipient(payment.membership.institution)),
            (_("Date"), cldr_date(payment.paid_at)),
            (
                _("For"),
                _("Membership dues %(year)s: membership from %(start)s to %(end)s")
                % {
                    "year": payment.year,
                    "start": cldr_date(period.starts_on),
                    "end": cldr_date(period.ends_on),
                },
            ),
            (_("Method"), f"{method} ({payment.reference})" if payment.reference else method),
        ]
    )
    _amounts(
        document,
        fee=payment.fee,
        percent=payment.reduction.percent if payment.reduction else 0,
        reason=payment.reduction.reason if payment.reduction else "",
        total_label=_("Total paid"),
        total=payment.amount,
    )
    if payment.balance_cents:
        document.facts([(_("Balance due"), money(payment.balance, "USD"))])
    if payment.credit_note_number:
        document.paragraph(
            _("This receipt is cancelled by credit note %(number)s.")
            % {"number": payment.credit_note_number},
            bold=True,
        )
    return render(document)


def credit_note_pdf(payment: Payment) -> bytes:
    document = Document(
        language=get_language(),
        title=_("Credit note %(number)s") % {"number": payment.credit_note_number},
    )
    _issuer(document)
    refunded = payment.status == PaymentStatus.REFUNDED
    reason = _("Refunded online") if refunded else payment.void_reason
    document.facts(
        [
            (_("Credited to"), _recipient(payment.membership.institution)),
            (_("Date"), cldr_date(payment.refunded_at if refunded else payment.voided_at)),
            (_("Cancels receipt"), payment.receipt_number),
            (_("Reason"), reason),
            (_("Amount credited"), money(payment.amount, "USD")),
        ]
    )
    return render(document)
