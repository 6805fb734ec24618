"""Who may do what in members/: roles, their permissions, and the checks, in one place.

Each institution has one group per role (`institution:<pk>:<role>`) holding that role's object
permissions (django-guardian, direct foreign-key tables). The secretariat is a global group with
model permissions, so it may do everything on every institution.
"""

from django.conf import settings

from members.models import Institution, InstitutionRole

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


def role_group_name(institution: Institution, role: str) -> str:
    return f"institution:{institution.pk}:{role}"


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


def can_edit_profile(user, institution: Institution) -> bool:
    return has_institution_perm(user, "change_institution", institution)


def can_manage_people(user, institution: Institution) -> bool:
    return has_institution_perm(user, "manage_people", institution)


def can_manage_courses(user, institution: Institution) -> bool:
    return has_institution_perm(user, "manage_courses", institution)


def can_manage_billing(user, institution: Institution) -> bool:
    return has_institution_perm(user, "manage_billing", institution)


def can_view_member_area(user, institution: Institution) -> bool:
    """Its people while the membership is in good standing (active or grace); the secretariat."""
    from members.selectors import is_member_in_good_standing  # selectors imports this module

    return has_institution_perm(user, "view_member_area", institution) and (
        user.has_perm("members.view_member_area") or is_member_in_good_standing(institution)
    )


def can_suspend(user) -> bool:
    return user.is_authenticated and user.has_perm("members.suspend_institution")


def can_review_applications(user) -> bool:
    return user.is_authenticated and user.has_perm("members.review_application")


def can_manage_dues(user) -> bool:
    """The fee schedule, reductions, offline payments, waivers and the dues report."""
    return user.is_authenticated and user.is_active and user.has_perm("members.manage_dues")
