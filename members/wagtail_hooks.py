from django.utils.translation import gettext_lazy as _
from wagtail import hooks

# The audit-log actions of members/ (alliance.audit.log_action), as the admin's reports show them.
LOG_ACTIONS = {
    "members.institution.created": (_("Create institution"), _("Institution created")),
    "members.institution.updated": (_("Update institution"), _("Institution profile updated")),
    "members.institution.suspended": (_("Suspend institution"), _("Membership suspended")),
    "members.institution.reinstated": (_("Reinstate institution"), _("Membership reinstated")),
    "members.person.added": (_("Add person"), _("Person given a role")),
    "members.person.role_changed": (_("Change role"), _("Role changed")),
    "members.person.removed": (_("Remove person"), _("Person removed")),
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
}


@hooks.register("register_log_actions")
def register_members_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
