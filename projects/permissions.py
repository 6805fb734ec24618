"""Who may do what in projects/: roles, their permissions, and the checks, in one place.

Each project has one group per role (`project:<pk>:<role>`) holding that role's cumulative object
permissions (django-guardian, direct foreign-key tables). The secretariat is the global group with
the model permissions below, so it may do everything on every project.

A participation that came through an institution ends when the person leaves it: from then on
their role group grants them nothing (`left_projects`), unless a lead keeps them personally.

Seeing a project depends on its visibility: a public project's page is for everyone; its workspace,
like an alliance project's, is for the people of member institutions in good standing; a private
project is for its participants. Participants and the secretariat always see their projects.
"""

from members.models import Affiliation
from members.permissions import MEMBER_AREA, is_secretariat, statuses_allowing
from projects.models import Participant, Project, ProjectRole, Visibility

ROLE_PERMISSIONS = {
    ProjectRole.VIEWER: ["view_project", "comment_project"],
    ProjectRole.CONTRIBUTOR: ["view_project", "comment_project", "contribute_project"],
    ProjectRole.COORDINATOR: [
        "view_project",
        "comment_project",
        "contribute_project",
        "coordinate_project",
        "change_project",
    ],
    ProjectRole.LEAD: [
        "view_project",
        "comment_project",
        "contribute_project",
        "coordinate_project",
        "change_project",
        "manage_participants",
    ],
}

# The secretariat's global group holds these (alliance.secretariat, after every migrate).
SECRETARIAT_PERMISSIONS = [
    "projects.add_project",
    "projects.view_project",
    "projects.change_project",
    "projects.comment_project",
    "projects.contribute_project",
    "projects.coordinate_project",
    "projects.manage_participants",
]


def role_group_name(project: Project, role: str) -> str:
    return f"project:{project.pk}:{role}"


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def left_projects(user) -> set[int]:
    """Projects whose participation came through an institution where the person no longer has
    a role: its role group grants nothing any more (memoized on the user object)."""
    if not hasattr(user, "_left_projects"):
        user._left_projects = set(
            Participant.objects.filter(user=user).left().values_list("project_id", flat=True)
        )
    return user._left_projects


def has_project_perm(user, perm: str, project: Project) -> bool:
    """`perm` (e.g. "contribute_project") on this project, through a role or the secretariat."""
    if not _active(user):
        return False
    full = f"projects.{perm}"
    if user.has_perm(full):
        return True
    return project.pk not in left_projects(user) and user.has_perm(full, project)


def member_affiliations():
    """Roles at member institutions in good standing: not suspended, membership active or in
    grace. Only their people take part in projects (outside experts aside)."""
    return Affiliation.objects.filter(
        institution__suspended_at=None,
        institution__membership__status__in=statuses_allowing(MEMBER_AREA),
    )


def is_alliance_member(user) -> bool:
    """Has a role at a member institution in good standing (memoized on the user object)."""
    if not _active(user):
        return False
    if not hasattr(user, "_is_alliance_member"):
        user._is_alliance_member = member_affiliations().filter(user=user).exists()
    return user._is_alliance_member


def can_view_workspace(user, project: Project) -> bool:
    if project.visibility != Visibility.PRIVATE and is_alliance_member(user):
        return True
    return has_project_perm(user, "view_project", project)


def can_view_page(user, project: Project) -> bool:
    return project.visibility == Visibility.PUBLIC or can_view_workspace(user, project)


def can_comment(user, project: Project) -> bool:
    return has_project_perm(user, "comment_project", project)


def can_contribute(user, project: Project) -> bool:
    return has_project_perm(user, "contribute_project", project)


def can_coordinate(user, project: Project) -> bool:
    return has_project_perm(user, "coordinate_project", project)


def can_edit(user, project: Project) -> bool:
    return has_project_perm(user, "change_project", project)


def can_manage_participants(user, project: Project) -> bool:
    return has_project_perm(user, "manage_participants", project)


def can_create_project(user, institution) -> bool:
    """Editors and administrators of a member institution, for it; the secretariat."""
    from members.permissions import can_edit_profile, can_view_member_area

    if not _active(user):
        return False
    return user.has_perm("projects.add_project") or (
        can_edit_profile(user, institution) and can_view_member_area(user, institution)
    )


def can_add_outside_expert(user) -> bool:
    return _active(user) and is_secretariat(user)
