"""The secretariat's dues admin: memberships (offline payments, voids, waivers, cancellation
and suspension), changes of kind or country, payments, the fee schedule, reductions, the bank
details (a setting), and the dues report with its CSV export.

Everything needs members.manage_dues (the secretariat); every write goes through members.services.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from alliance.admin_access import RefusedPostsAnswer403
from alliance.exports import csv_response
from members import permissions, selectors
from members.models import (
    BankDetails,
    FeeSchedule,
    Membership,
    MembershipOverride,
    OpenPeriodDecision,
    Payment,
    ProfileChangeRequest,
    Reduction,
)
from members.services import dues as dues_services
from members.services import institutions as institutions_services
from members.status import renewal_open


class DuesPolicy(ModelPermissionPolicy):
    """Every action offered needs members.manage_dues; the others are not offered at all."""

    def __init__(self, model, actions):
        super().__init__(model, auth_model=Membership)
        self.actions = set(actions)

    def _get_permission_codename(self, action):
        return "manage_dues"

    def user_has_permission(self, user, action):
        return action in self.actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(self.actions & set(actions))


register_permission_policy(
    FeeSchedule, DuesPolicy(FeeSchedule, ["add", "change", "delete", "view"])
)
register_permission_policy(Reduction, DuesPolicy(Reduction, ["add", "change", "view"]))
register_permission_policy(Membership, DuesPolicy(Membership, ["view"]))
register_permission_policy(Payment, DuesPolicy(Payment, ["view"]))
register_permission_policy(ProfileChangeRequest, DuesPolicy(ProfileChangeRequest, ["view"]))
# Settings → Bank details (registered by the model): for the secretariat's dues permission.
register_permission_policy(BankDetails, DuesPolicy(BankDetails, ["change"]))


# Memberships: the secretariat's actions, each through its service ---------------------------


class OfflinePaymentForm(forms.Form):
    reference = forms.CharField(max_length=200)
    received_on = forms.DateField()
    # Empty: the full amount due arrived. Less: the rest stays as a balance.
    amount = forms.DecimalField(
        required=False, min_value=Decimal("0.01"), max_digits=9, decimal_places=2
    )

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise ValidationError(_("The date received cannot be after today."))
        return received_on

    def clean(self):
        data = super().clean()
        amount = data.pop("amount", None)
        data["amount_cents"] = None if amount is None else int(amount * 100)
        return data


class VoidForm(forms.Form):
    payment = forms.ModelChoiceField(queryset=Payment.objects.all())
    reason = forms.CharField(max_length=2000)


class WaiverForm(forms.Form):
    reason = forms.CharField()


class OverrideForm(forms.Form):
    override = forms.ChoiceField(choices=MembershipOverride.choices, required=False)
    reason = forms.CharField(required=False)


MEMBERSHIP_ACTIONS = {
    "offline": (OfflinePaymentForm, dues_services.payment_record_offline),
    "waive": (WaiverForm, dues_services.dues_waive),
    "void": (VoidForm, dues_services.payment_void),
    "override": (OverrideForm, dues_services.membership_set_override),
}


class MembershipInspectView(generic.InspectView):
    template_name = "cms/admin/membership_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        quote = selectors.dues_quote(membership=self.object, today=today)
        context.update(
            action_url=reverse("dues_memberships:act", args=[self.object.pk]),
            payments=selectors.payments_of(membership=self.object),
            quote=quote,
            reference=selectors.payment_reference(membership=self.object, year=quote.year),
            overrides=MembershipOverride.choices,
            today=today,
        )
        return context


class MembershipViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = gettext_lazy("Memberships")
    name = "dues_memberships"
    list_display = ["institution", "status", "paid_until", "override"]
    list_filter = ["status", "override"]
    search_fields = ["institution__name"]
    form_fields = ["override_reason"]
    inspect_view_enabled = True
    inspect_view_class = MembershipInspectView
    inspect_view_fields = ["institution", "status", "paid_until", "override", "override_reason"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("act/<int:pk>/", self.act, name="act")]

    @staticmethod
    @require_POST
    def act(request, pk):
        if not permissions.can_manage_dues(request.user):
            raise PermissionDenied
        membership = get_object_or_404(Membership, pk=pk)
        form_class, service = MEMBERSHIP_ACTIONS.get(request.POST.get("action"), (None, None))
        form = form_class(request.POST) if form_class else None
        if form is None or not form.is_valid():
            errors = form.errors.values() if form else [[_("Choose an action.")]]
            messages.error(request, " ".join(str(error) for field in errors for error in field))
            return redirect("dues_memberships:inspect", pk)
        try:
            service(membership=membership, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            membership.refresh_from_db()
            messages.success(
                request,
                _("Done. The membership is now: %(status)s.")
                % {"status": membership.get_status_display()},
            )
        return redirect("dues_memberships:inspect", pk)


# Changes of kind or country (they set the dues): approved or rejected here ------------------


class ChangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    open_period = forms.ChoiceField(
        choices=OpenPeriodDecision.choices, initial=OpenPeriodDecision.NEXT_PERIOD, required=False
    )
    reason = forms.CharField(required=False, max_length=2000)


class ChangeRequestInspectView(generic.InspectView):
    template_name = "cms/admin/change_request_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = dues_services.membership_for(institution=self.object.institution)
        today = timezone.localdate()
        context.update(
            action_url=reverse("dues_change_requests:decide", args=[self.object.pk]),
            quote=selectors.dues_quote(membership=membership, today=today),
            quote_issued=renewal_open(
                today=today, periods=selectors.periods_of(membership=membership)
            ),
            open_period_choices=OpenPeriodDecision.choices,
        )
        return context


class ChangeRequestViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = ProfileChangeRequest
    icon = "edit"
    menu_label = gettext_lazy("Profile change requests")
    name = "dues_change_requests"
    list_display = ["institution", "kind", "country", "status", "requested_at"]
    list_filter = ["status"]
    search_fields = ["institution__name"]
    form_fields = ["decision_reason"]
    inspect_view_enabled = True
    inspect_view_class = ChangeRequestInspectView
    inspect_view_fields = [
        "institution",
        "previous_kind",
        "kind",
        "previous_country",
        "country",
        "note",
        "requested_by",
        "requested_at",
        "status",
        "open_period",
        "decided_by",
        "decided_at",
        "decision_reason",
    ]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("decide/<int:pk>/", self.decide, name="decide")]

    @staticmethod
    @require_POST
    def decide(request, pk):
        if not permissions.can_manage_dues(request.user):
            raise PermissionDenied
        change = get_object_or_404(ProfileChangeRequest, pk=pk)
        form = ChangeDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to approve or reject, and how the dues due now go."))
            return redirect("dues_change_requests:inspect", pk)
        try:
            institutions_services.profile_change_decide(
                change=change,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                open_period=form.cleaned_data["open_period"] or OpenPeriodDecision.NEXT_PERIOD,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The decision has been recorded."))
        return redirect("dues_change_requests:inspect", pk)


class PaymentViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = Payment
    icon = "doc-full"
    menu_label = gettext_lazy("Payments")
    name = "dues_payments"
    list_display = ["receipt_number", "membership", "year", "method", "status", "amount", "paid_at"]
    list_filter = ["year", "method", "status"]
    search_fields = ["receipt_number", "membership__institution__name", "reference"]
    form_fields = ["reference"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "receipt_number",
        "membership",
        "year",
        "method",
        "status",
        "fee_cents",
        "reduction",
        "amount_cents",
        "balance_cents",
        "reference",
        "stripe_checkout_session_id",
        "stripe_payment_intent_id",
        "created_by",
        "created_at",
        "paid_at",
        "refunded_at",
        "credit_note_number",
        "voided_at",
        "voided_by",
        "void_reason",
    ]


class FeeScheduleViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = FeeSchedule
    icon = "table"
    menu_label = gettext_lazy("Fee schedule")
    name = "fee_schedule"
    list_display = ["year", "kind", "income_group", "amount_usd"]
    list_filter = ["year", "kind", "income_group"]
    form_fields = ["year", "kind", "income_group", "amount_usd"]


class ReductionSaveMixin:
    """Through the service: the approver is the person signed in."""

    def save_instance(self):
        return dues_services.reduction_grant(**self.form.cleaned_data, approver=self.request.user)


class ReductionCreateView(ReductionSaveMixin, generic.CreateView):
    pass


class ReductionEditView(ReductionSaveMixin, generic.EditView):
    pass


class ReductionViewSet(RefusedPostsAnswer403, ModelViewSet):
    model = Reduction
    icon = "tag"
    menu_label = gettext_lazy("Reductions and waivers")
    name = "dues_reductions"
    list_display = ["membership", "year", "percent", "approver", "created_at"]
    list_filter = ["year"]
    form_fields = ["membership", "year", "percent", "reason"]
    add_view_class = ReductionCreateView
    edit_view_class = ReductionEditView


# The dues report ----------------------------------------------------------------------------


def dues_csv(report: dict) -> HttpResponse:
    """One line per membership, safe to open in a spreadsheet."""
    header = [
        _("Institution"),
        _("Country"),
        _("UNESCO region"),
        _("Kind"),
        _("World Bank income group"),
        _("Status"),
        _("Dues"),
        _("Amount (USD)"),
        _("Balance due (USD)"),
        _("Receipts"),
    ]
    rows = (
        [
            line.membership.institution.name,
            line.membership.institution.country.code,
            line.membership.institution.get_region_display(),
            line.membership.institution.get_kind_display(),
            line.membership.institution.get_income_group_display(),
            line.membership.get_status_display(),
            selectors.DUES_CATEGORIES[line.category],
            f"{line.amount_cents / 100:.2f}",
            f"{line.balance_cents / 100:.2f}",
            line.receipts,
        ]
        for line in report["lines"]
    )
    return csv_response(f"dues-{report['year']}.csv", header, rows)


class DuesReportView(WagtailAdminTemplateMixin, TemplateView):
    """Per year and UNESCO region: paid, waived, unpaid in grace and unpaid, with a bar chart."""

    template_name = "cms/admin/dues_report.html"
    page_title = gettext_lazy("Dues report")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_manage_dues(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        year = request.GET.get("year", "")
        report = selectors.dues_report(
            year=int(year) if year.isdigit() else timezone.localdate().year
        )
        if request.GET.get("format") == "csv":
            return dues_csv(report)
        return self.render_to_response(
            self.get_context_data(
                report=report, years=selectors.dues_years(), categories=selectors.DUES_CATEGORIES
            )
        )


class DuesReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_manage_dues(request.user)


class DuesReportViewSet(RefusedPostsAnswer403, ViewSet):
    name = "dues_report"
    icon = "table"
    menu_label = gettext_lazy("Dues report")
    menu_item_class = DuesReportMenuItem

    def get_urlpatterns(self):
        return [path("", DuesReportView.as_view(), name="index")]


class DuesGroup(ViewSetGroup):
    menu_label = gettext_lazy("Dues")
    menu_icon = "pick"
    menu_order = 160
    items = [
        DuesReportViewSet,
        MembershipViewSet,
        ChangeRequestViewSet,
        PaymentViewSet,
        FeeScheduleViewSet,
        ReductionViewSet,
    ]
