from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .institution import Institution, InstitutionKind


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Activity(models.TextChoices):
    JOINT_TEACHING = "joint_teaching", _("Joint teaching")
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")
    KNOWLEDGE_SHARING = "knowledge_sharing", _("Knowledge sharing")
    PUBLIC_ADVOCACY = "public_advocacy", _("Public advocacy")


class MembershipApplication(models.Model):
    """An institution's application to join the alliance, reviewed by the secretariat."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    # The institution
    institution_name = models.CharField(_("institution name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    country = CountryField(_("country"))
    website = models.URLField(_("website"))
    founding_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    description = models.TextField(_("about the institution"))
    # The contact person
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_title = models.CharField(_("position"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    # Motivation
    motivation = models.TextField(_("motivation"))
    activities = models.JSONField(_("alliance activities"), default=list)
    agreed_to_charter = models.BooleanField(_("agrees to the alliance charter"), default=False)
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    # Review
    possible_duplicates = models.JSONField(default=list, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    institution = models.OneToOneField(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="application"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at"]
        permissions = [("review_application", _("Can review membership applications"))]
        constraints = [
            # One open application per person, even when the wizard's last step is posted twice.
            models.UniqueConstraint(
                fields=["applicant"],
                condition=models.Q(status__in=["submitted", "under_review"]),
                name="one_open_application_per_applicant",
                violation_error_message=_("You already have an application under consideration."),
            )
        ]

    def __str__(self):
        return self.institution_name

    @property
    def is_open(self) -> bool:
        return self.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW)


class ApplicationDraft(models.Model):
    """The application wizard's progress of one account (its step and the answers of the steps
    done), kept until the application is submitted or started again, so that it survives a new
    session or another device."""

    applicant = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_draft"
    )
    data = models.JSONField(_("answers so far"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("application draft")
        verbose_name_plural = _("application drafts")

    def __str__(self):
        return str(self.applicant)
