from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .project import Project


class Frequency(models.TextChoices):
    INSTANT = "instant", _("Right away")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class NotificationSetting(models.Model):
    """How often a person hears about one project. Without a row, the event's default applies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="notification_settings"
    )
    frequency = models.CharField(_("emails"), max_length=8, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="one_setting_per_project")
        ]

    def __str__(self):
        return f"{self.user} · {self.project} · {self.frequency}"


class DigestLog(models.Model):
    """One row per digest sent: the unique key makes a second run of the task send nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    period_start = models.DateTimeField()
    entry_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period_start"], name="one_digest_per_period"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.frequency} · {self.period_start:%Y-%m-%d}"
