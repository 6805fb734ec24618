from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from alliance.audit import choices, day, moment, register
from projects.models import ProjectRole
from projects.models.workspace import MilestoneStatus

# How the keys of projects' log entries that are not fields of the project read
# (alliance.audit.details); a label of None keeps an internal key (an id) out of the details.
AUDIT_FIELDS = {
    "role": (_("Role"), choices(ProjectRole)),
    "institution": (_("Institution"), None),
    "inviter": (_("Invited by"), None),
    "excerpt": (_("Text"), None),
    "version": (_("Version"), None),
    "due_date": (_("Due date"), day),
    "starts_at": (_("Start"), moment),
    **dict.fromkeys(
        ("mentions", "update_id", "comment_id", "document_id", "milestone_id", "meeting_id"),
        (None, None),
    ),
    "training_id": (None, None),
}
MILESTONE_FIELDS = {**AUDIT_FIELDS, "status": (_("Status"), choices(MilestoneStatus))}

# The audit-log actions of projects/ (alliance.audit.log_action), as the admin's reports show them.
LOG_ACTIONS = {
    "projects.project.created": (_("Create project"), _("Project created")),
    "projects.project.updated": (_("Update project"), _("Project updated")),
    "projects.participant.added": (_("Add participant"), _("Participant added")),
    "projects.participant.role_changed": (_("Change project role"), _("Project role changed")),
    "projects.participant.removed": (_("Remove participant"), _("Participant removed")),
    "projects.participant.left": (_("Leave project with institution"), _("Participation ended")),
    "projects.participant.kept": (_("Keep participant personally"), _("Participant kept")),
    "projects.invitation.sent": (_("Invite to project"), _("Project invitation sent")),
    "projects.invitation.resent": (_("Resend project invitation"), _("Invitation sent again")),
    "projects.invitation.revoked": (_("Withdraw project invitation"), _("Invitation withdrawn")),
    "projects.invitation.accepted": (_("Accept project invitation"), _("Invitation accepted")),
    "projects.update.posted": (_("Post update"), _("Update posted")),
    "projects.comment.posted": (_("Comment"), _("Comment posted")),
    "projects.document.uploaded": (_("Upload document"), _("Document uploaded")),
    "projects.milestone.created": (_("Add milestone"), _("Milestone added")),
    "projects.milestone.updated": (_("Update milestone"), _("Milestone updated")),
    "projects.meeting.scheduled": (_("Schedule meeting"), _("Meeting scheduled")),
    "projects.meeting.updated": (_("Update meeting"), _("Meeting changed")),
    "projects.training.created": (_("Record training"), _("Training recorded")),
    "projects.training.updated": (_("Update training"), _("Training updated")),
}


@hooks.register("register_log_actions")
def register_projects_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        fields = MILESTONE_FIELDS if action.startswith("projects.milestone.") else AUDIT_FIELDS
        register(actions, action, label, message, fields)
