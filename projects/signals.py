"""What projects/ hears from members/ (imports go projects -> members, never back)."""


def affiliation_deleted(sender, instance, **kwargs):
    """A person no longer has a role at an institution (members.services.people.person_remove, the
    admin, a deleted account): the participations that came through it end, leads are told."""
    from projects.services import participations_left

    participations_left(user_id=instance.user_id, institution_id=instance.institution_id)


def refuse_deleting_the_last_lead(sender, user, **kwargs):
    """members.services.people.user_delete: a project keeps a lead; another person becomes one
    first."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from projects.models import Participant, ProjectRole

    led = Participant.objects.filter(user=user, role=ProjectRole.LEAD).select_related("project")
    for participant in led:
        others = Participant.objects.filter(project=participant.project_id, role=ProjectRole.LEAD)
        if not others.live().exclude(user=user).exists():
            raise ValidationError(
                _(
                    "%(person)s is the last lead of the project %(project)s: make another "
                    "person its lead first."
                )
                % {"person": user.email, "project": participant.project.title}
            )
