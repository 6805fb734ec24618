"""The yearly impact report: the dashboard's figures for one year (cms.impact), which the
secretariat reviews as a draft and publishes; published, they are kept as they were."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class YearlyReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class YearlyReport(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=YearlyReportStatus.choices,
        default=YearlyReportStatus.DRAFT,
    )
    # cms.impact.compute(year) as published (empty while a draft: the draft shows live figures).
    figures = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("yearly impact report")
        verbose_name_plural = _("yearly impact reports")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    @property
    def is_published(self) -> bool:
        return self.status == YearlyReportStatus.PUBLISHED
