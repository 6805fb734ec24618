from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from alliance.audit import cents, choices, day, moment, register
from members.models import InstitutionRole, OpenPeriodDecision, PaymentMethod, PaymentStatus, User
from members.services import people as people_services

# How the keys of members' log entries that are not fields of the logged object read
# (alliance.audit.details); the others read through the field's verbose name and choices.
AUDIT_FIELDS = {
    "role": (_("Role"), choices(InstitutionRole)),
    "amount_cents": (_("Amount"), cents("USD")),
    "balance_cents": (_("Balance due"), cents("USD")),
    "payment": (_("payment"), None),
    "method": (_("Method"), choices(PaymentMethod)),
    "reference": (_("Bank transfer reference"), None),
    "receipt": (_("receipt number"), None),
    "credit_note": (_("credit note number"), None),
    "invoice": (_("pro-forma invoice"), None),
    "year": (_("Dues year"), None),
    "period": (_("Period"), day),
    "paid_at": (_("paid at"), moment),
    "at": (_("refunded or disputed at"), moment),
    "percent": (_("reduction (%)"), None),
    "open_period": (_("Dues due now"), choices(OpenPeriodDecision)),
    "source": (_("Source"), None),
    "format": (_("Format"), None),
    "rows": (_("Rows"), None),
    "created": (_("Created"), None),
    "updated": (_("Updated"), None),
    "errors": (_("Errors"), None),
    "url": (_("Address"), None),
}
# On a payment's entries (logged on the membership), "status" is the payment's.
PAYMENT_FIELDS = {**AUDIT_FIELDS, "status": (_("Status"), choices(PaymentStatus))}

# The audit-log actions of members/ (alliance.audit.log_action), as the admin's reports show them.
LOG_ACTIONS = {
    "members.institution.created": (_("Create institution"), _("Institution created")),
    "members.institution.updated": (_("Update institution"), _("Institution profile updated")),
    "members.institution.suspended": (_("Suspend institution"), _("Membership suspended")),
    "members.institution.reinstated": (_("Reinstate institution"), _("Membership reinstated")),
    "members.institution.deleted": (_("Delete institution"), _("Institution deleted")),
    "members.person.added": (_("Add person"), _("Person given a role")),
    "members.person.role_changed": (_("Change role"), _("Role changed")),
    "members.person.removed": (_("Remove person"), _("Person removed")),
    "members.user.deleted": (_("Delete account"), _("Account deleted")),
    "members.invitation.sent": (_("Invite"), _("Invitation sent")),
    "members.invitation.resent": (_("Resend invitation"), _("Invitation sent again")),
    "members.invitation.revoked": (_("Withdraw invitation"), _("Invitation withdrawn")),
    "members.invitation.accepted": (_("Accept invitation"), _("Invitation accepted")),
    "members.application.submitted": (_("Submit application"), _("Application submitted")),
    "members.application.under_review": (_("Review application"), _("Application under review")),
    "members.application.approved": (_("Approve application"), _("Application approved")),
    "members.application.rejected": (_("Reject application"), _("Application rejected")),
    "members.application.withdrawn": (_("Withdraw application"), _("Application withdrawn")),
    "members.course.created": (_("Create course"), _("Course created")),
    "members.course.updated": (_("Update course"), _("Course updated")),
    "members.course.deleted": (_("Delete course"), _("Course deleted")),
    "members.course_import.started": (_("Import courses"), _("Course import started")),
    "members.course_import.finished": (_("Finish course import"), _("Course import finished")),
    "members.course_feed.registered": (_("Register course feed"), _("Course feed registered")),
    "members.course_feed.paused": (_("Pause course feed"), _("Course feed paused")),
    "members.course_feed.resumed": (_("Resume course feed"), _("Course feed resumed")),
    "members.course_feed.removed": (_("Remove course feed"), _("Course feed removed")),
    "members.course_feed.sync_requested": (_("Sync course feed"), _("Course feed sync requested")),
    "members.membership.status_changed": (_("Membership status"), _("Membership status changed")),
    "members.membership.override_set": (
        _("Cancel or suspend membership"),
        _("Membership cancelled, suspended or restored by the secretariat"),
    ),
    "members.reduction.granted": (_("Grant reduction"), _("Dues reduction or waiver granted")),
    "members.payment.checkout_started": (_("Start payment"), _("Online payment started")),
    "members.payment.succeeded": (_("Record payment"), _("Dues paid")),
    "members.payment.failed": (_("Payment failed"), _("Payment failed or expired")),
    "members.payment.refunded": (_("Refund payment"), _("Payment refunded")),
    "members.payment.disputed": (_("Dispute payment"), _("Payment disputed")),
    "members.payment.voided": (_("Void payment"), _("Payment voided, credit note issued")),
    "members.invoice.issued": (_("Issue pro-forma invoice"), _("Pro-forma invoice issued")),
    "members.profile_change.requested": (
        _("Request profile change"),
        _("Change of kind or country requested"),
    ),
    "members.profile_change.approved": (
        _("Approve profile change"),
        _("Change of kind or country approved"),
    ),
    "members.profile_change.rejected": (
        _("Reject profile change"),
        _("Change of kind or country rejected"),
    ),
    "members.report.saved": (_("Save member report"), _("Member report saved")),
    "members.report.submitted": (_("Submit member report"), _("Member report submitted")),
    "members.report.accepted": (_("Accept member report"), _("Member report accepted")),
    "members.agreement.recorded": (
        _("Record course-sharing agreement"),
        _("Course-sharing agreement recorded"),
    ),
}


@hooks.register("register_log_actions")
def register_members_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        fields = PAYMENT_FIELDS if action.startswith("members.payment.") else AUDIT_FIELDS
        register(actions, action, label, message, fields)


@hooks.register("before_delete_user")
def delete_user_through_the_service(request, user):
    """The admin's "Delete user" runs members.services.people.user_delete, which keeps every
    institution an administrator, or says why it refuses."""
    if request.method != "POST":
        return None
    try:
        people_services.user_delete(user=user, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("wagtailusers_users:edit", user.pk)
    messages.success(request, _("Account %(email)s deleted.") % {"email": user.email})
    return redirect("wagtailusers_users:index")


@hooks.register("before_bulk_action")
def refuse_bulk_deletion_of_users(request, action_type, objects, action_class_instance):
    """Accounts are deleted one by one, through the service (above)."""
    if action_type == "delete" and objects and isinstance(objects[0], User):
        messages.error(request, _("Delete accounts one at a time, from each person's page."))
        return redirect("wagtailusers_users:index")
    return None
