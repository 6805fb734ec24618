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
