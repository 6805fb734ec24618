"""What projects/ hears from members/ (imports go projects -> members, never back)."""


def affiliation_deleted(sender, instance, **kwargs):
    """A person no longer has a role at an institution (members.services.person_remove, the
    admin, a deleted account): the participations that came through it end, leads are told."""
    from projects.services import participations_left

    participations_left(user_id=instance.user_id, institution_id=instance.institution_id)
