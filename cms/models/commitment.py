"""Commitments on the Declaration: the clauses of an adopted version (with identifiers that
stay the same across versions), what endorsing institutions commit to under each, and the
progress they report once a year."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from alliance.models import Translated
from cms.models.declaration import DeclarationVersion


class DeclarationClause(Translated, Orderable):
    """A clause of a version, named by its identifier (e.g. "3" or "3.b") and a short summary
    that may be translated (`translations`)."""

    translated_fields = ("summary",)

    version = ParentalKey(DeclarationVersion, on_delete=models.CASCADE, related_name="clauses")
    ref = models.CharField(
        _("identifier"),
        max_length=20,
        help_text=_("As numbered in the text, e.g. “3” or “3.b”; keep it across versions."),
    )
    summary = models.CharField(_("summary"), max_length=300)

    panels = [FieldPanel("ref"), FieldPanel("summary"), FieldPanel("translations")]

    class Meta(Orderable.Meta):
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.UniqueConstraint(fields=["version", "ref"], name="one_clause_per_identifier")
        ]

    def __str__(self):
        return f"{self.ref}. {self.summary}"


class Commitment(models.Model):
    """What an endorsing institution commits to under a clause, by one of its admins; public
    unless the secretariat hides it. One per institution and clause."""

    institution = models.ForeignKey(
        "members.Institution", on_delete=models.CASCADE, related_name="declaration_commitments"
    )
    clause = models.ForeignKey(
        DeclarationClause, on_delete=models.PROTECT, related_name="commitments"
    )
    text = models.TextField(_("commitment"), max_length=2000)
    language = models.CharField(
        _("language of the text"), max_length=10, choices=settings.LANGUAGES
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    hidden = models.BooleanField(_("hidden by the secretariat"), default=False)
    hidden_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["institution__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "clause"], name="one_commitment_per_clause"
            )
        ]

    def __str__(self):
        return f"{self.institution} · {self.clause.ref}"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DISCONTINUED = "discontinued", _("Discontinued")


class CommitmentProgress(models.Model):
    """The institution's report on a commitment for one year."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="progress")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices)
    text = models.TextField(_("progress"), max_length=2000)
    language = models.CharField(
        _("language of the text"), max_length=10, choices=settings.LANGUAGES
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "year"], name="one_progress_report_per_year"
            )
        ]

    def __str__(self):
        return f"{self.commitment} · {self.year}"
