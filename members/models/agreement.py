"""What member institutions report to the secretariat each year, and the course-sharing
agreements between them (docs/programmes.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .course import Course
from .institution import Institution


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")


# The reported figures, in the order forms, tables and downloads show them.
REPORT_FIGURES = (
    "learners_reached",
    "courses_shared",
    "teachers_trained",
    "joint_projects",
    "exchanges",
)


class MemberReport(models.Model):
    """An institution's figures for one calendar year: its administrators draft and submit
    them, the secretariat corrects and accepts them; only accepted reports count."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="reports", verbose_name=_("institution")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    learners_reached = models.PositiveIntegerField(_("learners reached"), default=0)
    courses_shared = models.PositiveIntegerField(_("courses shared"), default=0)
    teachers_trained = models.PositiveIntegerField(_("teachers trained"), default=0)
    joint_projects = models.PositiveIntegerField(_("joint projects"), default=0)
    exchanges = models.PositiveIntegerField(_("staff and student exchanges"), default=0)
    notes = models.TextField(_("notes on the figures"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member report")
        verbose_name_plural = _("member reports")
        ordering = ["-year", "institution__name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="one_report_per_year")
        ]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self):
        return f"{self.institution} · {self.year}"


class CreditRecognition(models.TextChoices):
    FULL = "full", _("Full credit")
    PARTIAL = "partial", _("Partial credit")
    NONE = "none", _("No credit (open to the students)")


class CourseSharingAgreement(models.Model):
    """The offering institution opens some of its courses to the partner's students, and the
    partner recognises them for credit (or not), between two dates."""

    offering_institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="agreements_offered",
        verbose_name=_("offering institution"),
    )
    partner_institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="agreements_received",
        verbose_name=_("partner institution"),
    )
    courses = models.ManyToManyField(
        Course, related_name="sharing_agreements", verbose_name=_("courses")
    )
    students = models.CharField(
        _("for whose students"),
        max_length=200,
        help_text=_("Which of the partner's students may take the courses."),
    )
    credit_recognition = models.CharField(
        _("credit recognition"), max_length=10, choices=CreditRecognition.choices
    )
    credits = models.DecimalField(
        _("credits (ECTS or equivalent)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course-sharing agreement")
        verbose_name_plural = _("course-sharing agreements")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(offering_institution=models.F("partner_institution")),
                name="agreement_between_two_institutions",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.offering_institution} → {self.partner_institution}"
