"""The Declaration: its versions (drafts and adopted texts, in the six UN languages), the page
that shows the adopted text, and the endorsements member institutions sign."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from alliance.models import Translated

TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class DeclarationVersion(Translated, ClusterableModel):
    """One fixed text of the Declaration; institutions endorse an adopted version. Its label
    may be translated (`translations`)."""

    translated_fields = ("label",)

    number = models.PositiveSmallIntegerField(_("version number"), unique=True)
    label = models.CharField(
        _("label"), max_length=100, help_text=_("e.g. “2020 consultation draft”")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("label"),
        FieldPanel("translations"),
        FieldPanel("status"),
        FieldPanel("adopted_on"),
        InlinePanel("texts", label=_("Texts"), min_num=1, max_num=len(settings.LANGUAGES)),
        InlinePanel("clauses", label=_("Clauses (for commitments)")),
    ]

    class Meta:
        verbose_name = _("Declaration version")
        verbose_name_plural = _("Declaration versions")
        ordering = ["-number"]

    def __str__(self):
        return f"{self.number} · {self.label}"


class DeclarationText(models.Model):
    """A version's text in one language."""

    version = ParentalKey(DeclarationVersion, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=255)
    body = RichTextField(_("text"), features=TEXT_FEATURES)

    panels = [FieldPanel("language"), FieldPanel("title"), FieldPanel("body")]

    class Meta:
        verbose_name = _("Declaration text")
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="one_text_per_language")
        ]

    def __str__(self):
        return self.title


class EndorsementStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class Endorsement(models.Model):
    """An institution's signature under a version, by one of its admins, confirmed by the
    secretariat. One per institution and version (a rejected one may be signed again)."""

    version = models.ForeignKey(
        DeclarationVersion, on_delete=models.PROTECT, related_name="endorsements"
    )
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.CASCADE, related_name="endorsements"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signatory_title = models.CharField(_("position of the signatory"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EndorsementStatus.choices,
        default=EndorsementStatus.PENDING,
    )
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "institution"],
                condition=~Q(status="rejected"),
                name="one_endorsement_per_version",
            )
        ]

    def __str__(self):
        return f"{self.institution} · {self.version}"


class DeclarationPage(RoutablePageMixin, Page):
    """/<lang>/declaration/: the adopted text, the signatories, and the form to endorse it. Its
    routes (the page, versions/<number>/, endorse/) are in cms/views.py."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Declaration page")
