"""Who may do what with the Declaration, the call for input and the campaigns."""

from members.permissions import is_secretariat
from members.selectors import is_member_in_good_standing


def is_institution_admin(user, institution) -> bool:
    """An admin of this institution: only that role holds `manage_people` on it (an object
    permission through the role's group, not the secretariat's global permission)."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("members.manage_people", institution)
    )


def can_endorse(user, institution) -> bool:
    """An admin signs the Declaration on the institution's behalf, while it is a member in good
    standing (active or in grace; not lapsed, suspended or pending)."""
    return is_institution_admin(user, institution) and is_member_in_good_standing(institution)


def can_moderate(user) -> bool:
    """Confirm endorsements, read and moderate submissions and their attachments, see pledges."""
    return user.is_authenticated and user.is_active and (user.is_superuser or is_secretariat(user))


def can_manage_translations(user) -> bool:
    """See the translation overview of the website (the secretariat)."""
    return user.is_authenticated and user.is_active and (user.is_superuser or is_secretariat(user))


def can_mark_attendance(user) -> bool:
    """Mark who attended an event (the secretariat)."""
    return user.is_authenticated and user.is_active and (user.is_superuser or is_secretariat(user))


def can_run_conference(user) -> bool:
    """Add sessions to an edition's programme and its recordings to the library (the
    secretariat)."""
    return user.is_authenticated and user.is_active and (user.is_superuser or is_secretariat(user))


def can_commit(user, institution) -> bool:
    """Record the institution's commitments on the Declaration and report their progress: its
    admins, while it is a member in good standing (the service also requires its confirmed
    endorsement)."""
    return can_endorse(user, institution)


# The secretariat's grants in the CMS (alliance.secretariat applies them after every migrate): the
# whole page tree in every language, documents and images, translations, event registrations.
SECRETARIAT_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
SECRETARIAT_COLLECTION_PERMISSIONS = [
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
]
SECRETARIAT_PERMISSIONS = [
    "cms.view_eventregistration",
    "wagtail_localize.submit_translation",
]

# Calls with review (docs/programmes.md) -------------------------------------------------------


def _is_secretariat(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or is_secretariat(user))


def role_at(user, institution) -> str | None:
    """The person's role at the institution, or None."""
    from members.models import Affiliation

    if not user.is_authenticated:
        return None
    return (
        Affiliation.objects.filter(user=user, institution=institution)
        .values_list("role", flat=True)
        .first()
    )


def is_conflicted(user, institution) -> bool:
    """A conflict of interest: the person belongs to the institution (in any role)."""
    return role_at(user, institution) is not None


def applying_denial(user, call, institution) -> str | None:
    """Why `user` may not apply to `call` for `institution` now, or None when they may."""
    from django.utils.translation import gettext as _

    from cms.models.call import ROLE_RANK
    from members.models import Membership, MembershipStatus
    from members.permissions import MEMBER_AREA, STANDING

    role = role_at(user, institution) if user.is_active else None
    if role is None or ROLE_RANK[role] < ROLE_RANK[call.applicant_role]:
        return _("Your role at %(institution)s does not allow applying to this call.") % {
            "institution": institution.name
        }
    if call.is_exchange and call.host_id == institution.pk:
        return _("The host institution does not apply to its own exchange.")
    if not call.is_open():
        return _("This call is closed.")
    # The stored status, read now (an institution object may hold an older one).
    status = (
        Membership.objects.filter(institution=institution).values_list("status", flat=True).first()
        or MembershipStatus.PENDING
    )
    if MEMBER_AREA in STANDING[status]:
        return None
    return _(
        "The membership of %(institution)s is %(status)s: this is not possible until it is"
        " in good standing again."
    ) % {"institution": institution.name, "status": MembershipStatus(status).label.lower()}


def can_apply(user, call, institution) -> bool:
    """Its people in the roles the call allows, while the institution is a member in good
    standing (active or in grace: not pending, lapsed, suspended or cancelled) and the call is
    open; for a staff exchange, people of other institutions than the host."""
    return applying_denial(user, call, institution) is None


def can_edit_application(user, application) -> bool:
    """The applicant, while it is a draft and the call open, and their institution may apply."""
    return (
        application.applicant_id == user.pk
        and application.state == "draft"
        and can_apply(user, application.call, application.institution)
    )


def can_withdraw_application(user, application) -> bool:
    """The applicant, until a decision."""
    from cms.call_status import transition_allowed

    return application.applicant_id == user.pk and transition_allowed(
        application.state, "withdrawn"
    )


def can_manage_call(user, call) -> bool:
    """See the applications and their weighted totals, assign reviewers: the secretariat."""
    return _is_secretariat(user)


def can_see_applications(user, call) -> bool:
    """The secretariat; for a staff exchange, also the host institution's administrators."""
    return can_manage_call(user, call) or (
        call.is_exchange and call.host is not None and is_institution_admin(user, call.host)
    )


def can_decide(user, application) -> bool:
    """A staff exchange is decided by the host institution's administrators (while the host is
    in good standing), any other call by the secretariat; never by someone of the applying
    institution."""
    call = application.call
    if is_conflicted(user, application.institution):
        return False
    if call.is_exchange:
        return is_institution_admin(user, call.host) and is_member_in_good_standing(call.host)
    return _is_secretariat(user)


def can_be_reviewer(user) -> bool:
    """Reviewers are drawn from the people of member institutions in good standing."""
    from members.models import Affiliation, Membership
    from members.permissions import MEMBER_AREA, statuses_allowing

    return (
        user.is_authenticated
        and user.is_active
        and Affiliation.objects.filter(
            user=user,
            institution__in=Membership.objects.filter(
                status__in=statuses_allowing(MEMBER_AREA)
            ).values("institution"),
        ).exists()
    )


def can_review(user, review) -> bool:
    """The assigned reviewer, while the application is under review, unless they now belong to
    the applying institution (a conflict found after the assignment)."""
    return (
        review.reviewer_id == user.pk
        and user.is_active
        and review.application.state == "under_review"
        and not is_conflicted(user, review.application.institution)
    )
