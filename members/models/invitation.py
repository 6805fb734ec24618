from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .institution import Institution, InstitutionRole

INVITATION_VALIDITY = timedelta(days=7)


class InvitationBase(models.Model):
    """A single-use invitation bound to one email address, valid for INVITATION_VALIDITY; the link
    carries a signed token of the primary key. Institutions' and projects' invitations share it."""

    email = models.EmailField(_("email address"))
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    # The field naming what the invitation is to (an institution, a project).
    TARGET = ""

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def target(self):
        return getattr(self, self.TARGET)

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class Invitation(InvitationBase):
    """An invitation to join an institution with a role (members.services.invitation_token)."""

    TARGET = "institution"

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=10, choices=InstitutionRole.choices)

    class Meta(InvitationBase.Meta):
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.institution}"
