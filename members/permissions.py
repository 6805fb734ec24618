"""Who may do what in members/: roles, their permissions, and the checks, in one place.

Each institution has one group per role (`institution:<pk>:<role>`) holding that role's object
permissions (django-guardian, direct foreign-key tables). The secretariat is a global group with
model permissions, so it may do everything on every institution.

A role's permission is not enough: what an institution's people (and its API keys) may do also
depends on the status of its membership (STANDING below, docs/members.md#standing).
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.utils.translation import gettext as _

from members.models import Institution, InstitutionRole, Membership, MembershipStatus

# Cumulative permission sets per role.
ROLE_PERMISSIONS = {
    InstitutionRole.STAFF: ["view_member_area"],
    InstitutionRole.EDITOR: ["view_member_area", "change_institution", "manage_courses"],
    InstitutionRole.ADMIN: [
        "view_member_area",
        "change_institution",
        "manage_courses",
        "manage_people",
        "manage_billing",
    ],
}

# The global group of the secretariat and its model permissions.
SECRETARIAT_PERMISSIONS = [
    "members.view_institution",
    "members.add_institution",
    "members.change_institution",
    "members.manage_people",
    "members.manage_courses",
    "members.manage_billing",
    "members.view_member_area",
    "members.suspend_institution",
    "members.view_membershipapplication",
    "members.change_membershipapplication",
    "members.review_application",
    "members.manage_dues",
    "wagtailadmin.access_admin",
]


# Membership standing: what each status of the membership allows (members.status computes it).
LISTED = "listed"  # the institution and its courses on every public surface
MEMBER_AREA = "member_area"  # the member-only areas
PROFILE = "profile"  # edit the profile
PEOPLE = "people"  # invite people, change and remove roles
COURSES = "courses"  # add, edit, delete and import courses, feeds, API key writes

_ACTING = frozenset({LISTED, MEMBER_AREA, PROFILE, PEOPLE, COURSES})
STANDING: dict[str, frozenset[str]] = {
    MembershipStatus.ACTIVE: _ACTING,
    # Up to members.status.GRACE_DAYS after the end of the last period: nothing changes yet.
    MembershipStatus.GRACE: _ACTING,
    # Admitted, first dues not paid: listed as a member; its people set up the profile (and ask
    # for a change of kind or country before paying the fee that follows from them) and pay.
    MembershipStatus.PENDING: frozenset({LISTED, PROFILE}),
    MembershipStatus.LAPSED: frozenset(),
    MembershipStatus.SUSPENDED: frozenset(),
    MembershipStatus.CANCELLED: frozenset(),
}


def statuses_allowing(action: str) -> list[str]:
    """The membership statuses under which `action` is allowed (for queries)."""
    return [status for status, actions in STANDING.items() if action in actions]


def membership_status_of(institution: Institution) -> str:
    """The stored status (read once per institution object, as Django caches the relation; a
    select_related("membership") costs no query); without a membership row: pending."""
    try:
        return institution.membership.status
    except Membership.DoesNotExist:
        return MembershipStatus.PENDING


def standing_allows(institution: Institution, action: str) -> bool:
    return action in STANDING[membership_status_of(institution)]


def standing_denial(institution: Institution, action: str) -> str | None:
    """Why the institution's standing refuses `action` now, or None when it allows it."""
    status = membership_status_of(institution)
    if action in STANDING[status]:
        return None
    return _(
        "The membership of %(institution)s is %(status)s: this is not possible until it is"
        " in good standing again."
    ) % {"institution": institution.name, "status": MembershipStatus(status).label.lower()}


def role_group_name(institution: Institution, role: str) -> str:
    return f"institution:{institution.pk}:{role}"


def must_use_totp(user) -> bool:
    """Secretariat staff and superusers must have TOTP on before they may do anything."""
    return user.is_superuser or is_secretariat(user)


def lacks_required_totp(user) -> bool:
    return must_use_totp(user) and not is_mfa_enabled(user, [Authenticator.Type.TOTP])


def is_secretariat(user) -> bool:
    """Member of the alliance secretariat's global group (memoized on the user object)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_secretariat"):
        user._is_secretariat = user.groups.filter(name=settings.SECRETARIAT_GROUP).exists()
    return user._is_secretariat


def has_institution_perm(user, perm: str, institution: Institution) -> bool:
    """`perm` (e.g. "change_institution") on this institution, through a role or the secretariat."""
    if not user.is_authenticated or not user.is_active:
        return False
    full = f"members.{perm}"
    return user.has_perm(full) or user.has_perm(full, institution)


def has_standing_perm(user, perm: str, institution: Institution, action: str) -> bool:
    """`perm` on this institution, and `action` allowed by its standing (the secretariat, with
    its model permission, acts whatever the standing)."""
    return has_institution_perm(user, perm, institution) and (
        user.has_perm(f"members.{perm}") or standing_allows(institution, action)
    )


def can_edit_profile(user, institution: Institution) -> bool:
    return has_standing_perm(user, "change_institution", institution, PROFILE)


def can_manage_people(user, institution: Institution) -> bool:
    return has_standing_perm(user, "manage_people", institution, PEOPLE)


def can_manage_courses(user, institution: Institution) -> bool:
    return has_standing_perm(user, "manage_courses", institution, COURSES)


def can_manage_feeds(user, institution: Institution) -> bool:
    """Pause, resume, remove and sync the institution's course feeds: its administrators while
    its standing allows course work, and the secretariat."""
    return can_manage_courses(user, institution) and has_institution_perm(
        user, "manage_people", institution
    )


def can_manage_billing(user, institution: Institution) -> bool:
    """Whatever the standing, so that administrators can pay (members.services refuses the
    payment while the secretariat has cancelled or suspended the membership)."""
    return has_institution_perm(user, "manage_billing", institution)


def can_view_audit_log(user, institution: Institution) -> bool:
    """The institution's own log: its administrators (whatever the standing) and the secretariat."""
    return has_institution_perm(user, "manage_people", institution)


def can_view_member_area(user, institution: Institution) -> bool:
    """Its people while the membership is in good standing (active or grace); the secretariat."""
    return has_standing_perm(user, "view_member_area", institution, MEMBER_AREA)


def can_suspend(user) -> bool:
    return user.is_authenticated and user.has_perm("members.suspend_institution")


def can_review_applications(user) -> bool:
    return user.is_authenticated and user.has_perm("members.review_application")


def can_manage_dues(user) -> bool:
    """The fee schedule, reductions, offline payments, waivers and the dues report."""
    return user.is_authenticated and user.is_active and user.has_perm("members.manage_dues")


def can_submit_report(user, institution: Institution) -> bool:
    """The yearly member report and the course-sharing agreements: the institution's
    administrators, while it may edit its profile and is not suspended (docs/programmes.md)."""
    return not institution.is_suspended and has_standing_perm(
        user, "manage_people", institution, PROFILE
    )


def can_review_reports(user) -> bool:
    """The secretariat corrects and accepts member reports and publishes the yearly report."""
    return user.is_authenticated and user.is_active and is_secretariat(user)
