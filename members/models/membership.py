"""Membership dues: the membership and its periods, the fee schedule, reductions, payments,
Stripe's events and the reminders sent. The status rules are in members.status."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .institution import IncomeGroup, Institution, InstitutionKind


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    GRACE = "grace", _("In grace period")
    LAPSED = "lapsed", _("Lapsed")
    CANCELLED = "cancelled", _("Cancelled")
    SUSPENDED = "suspended", _("Suspended")


class MembershipOverride(models.TextChoices):
    """Statuses only the secretariat sets; they win over the dates and payments."""

    NONE = "", _("None: the status follows the payments")
    CANCELLED = "cancelled", _("Cancelled")
    SUSPENDED = "suspended", _("Suspended")


class Membership(models.Model):
    """An institution's membership; its status is computed (members.status) and stored daily."""

    institution = models.OneToOneField(
        Institution, on_delete=models.CASCADE, related_name="membership"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
        db_index=True,
    )
    paid_until = models.DateField(_("paid until"), null=True, blank=True)
    override = models.CharField(
        _("set by the secretariat"), max_length=10, choices=MembershipOverride.choices, blank=True
    )
    override_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["institution__name"]
        permissions = [("manage_dues", _("Can manage the fee schedule, dues and payments"))]

    def __str__(self):
        return f"{self.institution} · {self.get_status_display()}"


class FeeSchedule(models.Model):
    """The annual dues of one kind of institution in one World Bank income group, in one year."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    income_group = models.CharField(
        _("World Bank income group"),
        max_length=20,
        choices=IncomeGroup.choices,
        blank=True,
        help_text=_("Leave empty for the economies the World Bank does not classify."),
    )
    amount_usd = models.DecimalField(
        _("annual dues (USD)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fee schedule")
        ordering = ["-year", "kind", "income_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind", "income_group"], name="one_fee_per_year_kind_income"
            )
        ]

    def __str__(self):
        group = self.get_income_group_display() or _("unclassified")
        return f"{self.year} · {self.get_kind_display()} · {group}: {self.amount_usd} USD"


class Reduction(models.Model):
    """A reduction of one year's dues granted by the secretariat; 100 % is a waiver."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reductions")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    percent = models.PositiveSmallIntegerField(
        _("reduction (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    reason = models.TextField(_("reason"))
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approver"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reduction or waiver")
        verbose_name_plural = _("reductions and waivers")
        ordering = ["-year", "membership"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="one_reduction_per_year")
        ]

    def __str__(self):
        return f"{self.membership.institution} · {self.year} · −{self.percent} %"


class PaymentMethod(models.TextChoices):
    STRIPE = "stripe", _("Online (Stripe)")
    OFFLINE = "offline", _("Bank transfer")
    WAIVER = "waiver", _("Waiver")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")
    REFUNDED = "refunded", _("Refunded")
    DISPUTED = "disputed", _("Disputed")
    VOIDED = "voided", _("Voided")


class Payment(models.Model):
    """One year's dues, paid or being paid; a succeeded payment has a receipt and a period."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="payments")
    year = models.PositiveSmallIntegerField(_("dues year"))
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
        db_index=True,
    )
    fee_cents = models.PositiveIntegerField(_("fee (US cents)"))
    amount_cents = models.PositiveIntegerField(_("amount (US cents)"))
    # A bank transfer that arrived short (e.g. bank fees deducted): what is still owed.
    balance_cents = models.PositiveIntegerField(_("balance due (US cents)"), default=0)
    reduction = models.ForeignKey(
        Reduction, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    receipt_number = models.CharField(
        _("receipt number"), max_length=20, unique=True, null=True, blank=True
    )
    stripe_checkout_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    stripe_payment_intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    checkout_expires_at = models.DateTimeField(null=True, blank=True)
    reference = models.CharField(_("bank transfer reference"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded or disputed at"), null=True, blank=True)
    # A bank transfer or waiver recorded by mistake (e.g. a wrong date), voided by the secretariat.
    credit_note_number = models.CharField(
        _("credit note number"), max_length=20, unique=True, null=True, blank=True
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.receipt_number or f"{self.membership.institution} · {self.year}"

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_cents) / 100

    @property
    def fee(self) -> Decimal:
        return Decimal(self.fee_cents) / 100

    @property
    def balance(self) -> Decimal:
        return Decimal(self.balance_cents) / 100


class MembershipPeriod(models.Model):
    """The year of membership a payment bought (both days included)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="periods")
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="period")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="period_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.starts_on} – {self.ends_on}"


class ReceiptSequence(models.Model):
    """The last receipt and credit note numbers given in a year; its row is locked while a
    number is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)
    last_credit_note = models.PositiveIntegerField(default=0)
    last_invoice = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


@register_setting(icon="pick")
class BankDetails(BaseGenericSetting):
    """Where members pay their dues by bank transfer; shown on the Membership page when online
    payment is not set up. Edited by the secretariat (Settings → Bank details)."""

    account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    bank_name = models.CharField(_("bank"), max_length=200, blank=True)
    iban = models.CharField(_("IBAN or account number"), max_length=50, blank=True)
    bic = models.CharField(_("BIC / SWIFT code"), max_length=20, blank=True)
    bank_address = models.TextField(_("bank's address"), blank=True)
    instructions = models.TextField(
        _("instructions"),
        blank=True,
        help_text=_("Shown under the bank details, e.g. who pays the bank fees."),
    )

    class Meta:
        verbose_name = _("bank details")
        verbose_name_plural = _("bank details")

    def __str__(self):
        return str(self._meta.verbose_name)

    @property
    def is_set(self) -> bool:
        return bool(self.account_holder and self.iban)


@register_setting(icon="site")
class IssuerDetails(BaseGenericSetting):
    """Who issues the dues documents (invoices, receipts, credit notes): printed on each one.
    Edited by the secretariat (Settings → Issuer details)."""

    name = models.CharField(
        _("issuer's name"), max_length=200, default="Global MOOC Alliance secretariat"
    )
    address = models.TextField(_("issuer's address"), blank=True)
    tax_number = models.CharField(_("tax number"), max_length=50, blank=True)
    email = models.EmailField(_("contact email"), blank=True)

    class Meta:
        verbose_name = _("issuer details")
        verbose_name_plural = _("issuer details")

    def __str__(self):
        return str(self._meta.verbose_name)


class ProformaInvoice(models.Model):
    """A pro-forma invoice for one year's dues of a membership, numbered GMA-PF-<year>-<000001>
    in a sequence with no gaps; the amounts are those of the quote when it was issued. A new one
    is issued only when the amount due changed."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="invoices")
    year = models.PositiveSmallIntegerField(_("dues year"))
    number = models.CharField(_("invoice number"), max_length=20, unique=True)
    fee_cents = models.PositiveIntegerField(_("fee (US cents)"))
    amount_cents = models.PositiveIntegerField(_("amount (US cents)"))
    reduction_percent = models.PositiveSmallIntegerField(default=0)
    reference = models.CharField(_("payment reference"), max_length=30)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pro-forma invoice")
        verbose_name_plural = _("pro-forma invoices")
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return self.number

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_cents) / 100

    @property
    def fee(self) -> Decimal:
        return Decimal(self.fee_cents) / 100


class StripeEvent(models.Model):
    """An event from Stripe's webhook, stored once by its id, processed once by a task. One that
    names a payment intent not known yet waits (unprocessed) until a payment has it."""

    id = models.CharField(primary_key=True, max_length=255)
    type = models.CharField(max_length=100, db_index=True)
    payment_intent = models.CharField(max_length=255, blank=True, db_index=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.id} ({self.type})"


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class OpenPeriodDecision(models.TextChoices):
    """What an approved change does to the dues due now, when a quote for them is issued."""

    NEXT_PERIOD = "next_period", _("Apply from the next period: the dues due now keep their fee")
    REQUOTE = "requote", _("Re-quote the dues due now with the new fee")


class ProfileChangeRequest(models.Model):
    """A change of the profile fields that set the dues (kind and country, hence the World Bank
    income group), asked by the institution and decided by the secretariat."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="change_requests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    country = CountryField(_("country"))
    previous_kind = models.CharField(
        _("kind before"), max_length=20, choices=InstitutionKind.choices
    )
    previous_country = CountryField(_("country before"))
    note = models.TextField(_("why the change"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ChangeRequestStatus.choices,
        default=ChangeRequestStatus.PENDING,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    open_period = models.CharField(
        _("dues due now"), max_length=12, choices=OpenPeriodDecision.choices, blank=True
    )

    class Meta:
        verbose_name = _("profile change request")
        verbose_name_plural = _("profile change requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=models.Q(status="pending"),
                name="one_pending_change_request",
            )
        ]

    def __str__(self):
        return f"{self.institution} · {self.get_status_display()}"


class DuesBasis(models.Model):
    """The kind and income group one year's dues of a membership are computed with, kept when the
    secretariat approved a change of them while those dues were due (apply from next period)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="bases")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    income_group = models.CharField(
        _("World Bank income group"), max_length=20, choices=IncomeGroup.choices, blank=True
    )
    change_request = models.ForeignKey(
        ProfileChangeRequest, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="one_dues_basis_per_year")
        ]

    def __str__(self):
        return f"{self.membership.institution} · {self.year}: {self.kind}, {self.income_group}"


class ReminderKind(models.TextChoices):
    BEFORE_60 = "before_60", _("60 days before the end")
    BEFORE_30 = "before_30", _("30 days before the end")
    BEFORE_7 = "before_7", _("7 days before the end")
    GRACE_7 = "grace_7", _("7 days into the grace period")


class DuesReminder(models.Model):
    """A reminder sent for a period; the unique pair makes sending it twice impossible."""

    period = models.ForeignKey(MembershipPeriod, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "kind"], name="one_reminder_per_period_kind")
        ]

    def __str__(self):
        return f"{self.period} · {self.get_kind_display()}"
