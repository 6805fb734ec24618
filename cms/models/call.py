"""Calls with review (docs/programmes.md): the secretariat's call page, built on Wagtail's form
builder, with its criteria; the applications member institutions send; the reviews.

Applications, reviews and scores belong to the call in its source language (`CallPage.original`);
each translation of the page shows the same call, its form and criteria in the reader's language.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from cms.models.declaration import TEXT_FEATURES
from members.models import InstitutionRole


class CallKind(models.TextChoices):
    AWARD = "award", _("Award")
    STAFF_EXCHANGE = "staff_exchange", _("Staff exchange places")
    CONFERENCE = "conference", _("Conference proposals")
    JOINT_TEACHING = "joint_teaching", _("Joint-teaching offers")


# The roles that may apply, cumulative: "editor" lets editors and administrators apply.
class ApplicantRole(models.TextChoices):
    ADMIN = InstitutionRole.ADMIN, _("Administrators of member institutions")
    EDITOR = InstitutionRole.EDITOR, _("Editors and administrators")
    STAFF = InstitutionRole.STAFF, _("All the people of member institutions")


ROLE_RANK = {InstitutionRole.STAFF: 0, InstitutionRole.EDITOR: 1, InstitutionRole.ADMIN: 2}


class CallPage(RoutablePageMixin, AbstractForm):
    kind = models.CharField(_("kind"), max_length=20, choices=CallKind.choices)
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), features=TEXT_FEATURES, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    applicant_role = models.CharField(
        _("who may apply"),
        max_length=10,
        choices=ApplicantRole.choices,
        default=ApplicantRole.STAFF,
        help_text=_("Only people of member institutions in good standing apply."),
    )
    anonymised = models.BooleanField(
        _("anonymised review"),
        default=False,
        help_text=_("Reviewers do not see the applicant's name or institution."),
    )
    # A staff exchange: the host institution offers the places, and its administrators choose.
    host = models.ForeignKey(
        "members.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exchange_calls",
        verbose_name=_("host institution"),
    )
    period_starts_on = models.DateField(_("exchange starts on"), null=True, blank=True)
    period_ends_on = models.DateField(_("exchange ends on"), null=True, blank=True)
    places = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    working_language = models.CharField(
        _("working language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    results = RichTextField(
        _("results"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("Published on the call's results page once the call is decided."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        MultiFieldPanel(
            [FieldPanel("applicant_role"), FieldPanel("anonymised")], heading=_("Eligibility")
        ),
        MultiFieldPanel(
            [
                FieldPanel("host"),
                FieldRowPanel([FieldPanel("period_starts_on"), FieldPanel("period_ends_on")]),
                FieldRowPanel([FieldPanel("places"), FieldPanel("working_language")]),
            ],
            heading=_("Staff exchange"),
        ),
        InlinePanel("criteria", label=_("Criteria")),
        InlinePanel("form_fields", label=_("Application form"), min_num=1),
        FieldPanel("results"),
    ]
    override_translatable_fields = [
        SynchronizedField("kind"),
        SynchronizedField("applicant_role"),
        SynchronizedField("working_language"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    preview_modes = Page.DEFAULT_PREVIEW_MODES
    template = "cms/call_page.html"

    class Meta:
        verbose_name = _("call")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A call closes after it opens.")})
        if self.kind == CallKind.STAFF_EXCHANGE and not (self.host_id and self.places):
            raise ValidationError(
                {"host": _("A staff exchange needs its host institution and its places.")}
            )

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def timing(self) -> str:
        """ "upcoming", "open" or "closed", now."""
        now = timezone.now()
        return "upcoming" if now < self.opens_at else "open" if self.is_open(now) else "closed"

    @property
    def is_exchange(self) -> bool:
        return self.kind == CallKind.STAFF_EXCHANGE

    def original(self) -> "CallPage":
        """The first of the call's language versions: the applications belong to it."""
        return CallPage.objects.filter(translation_key=self.translation_key).order_by("pk").first()


class CallFormField(TranslatableMixin, AbstractFormField):
    """A question of the application form (Wagtail's form builder), translated with its page.
    The answers are stored under `clean_name`, the same in every language."""

    page = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="form_fields")

    override_translatable_fields = [
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("required"),
    ]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("question")


class CallCriterion(TranslatableMixin, Orderable):
    page = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=5)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("max_score")]),
    ]
    override_translatable_fields = [
        SynchronizedField("weight"),
        SynchronizedField("max_score"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.name


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CallApplication(models.Model):
    call = models.ForeignKey(CallPage, on_delete=models.CASCADE, related_name="applications")
    institution = models.ForeignKey(
        "members.Institution",
        on_delete=models.CASCADE,
        related_name="call_applications",
        verbose_name=_("institution"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="call_applications",
        verbose_name=_("applicant"),
    )
    # {clean_name: answer} of the call's form fields.
    answers = models.JSONField(_("answers"), default=dict, encoder=DjangoJSONEncoder)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("note to the applicant"), blank=True)

    class Meta:
        verbose_name = _("application to a call")
        verbose_name_plural = _("applications to calls")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "applicant"], name="one_application_per_call")
        ]

    def __str__(self):
        return f"{self.call.title} · {self.institution}"


class CallReview(models.Model):
    """A reviewer assigned to an application by the secretariat, and their scores."""

    application = models.ForeignKey(
        CallApplication, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="call_reviews",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    # {criterion pk (of the source page): score}
    scores = models.JSONField(_("scores"), default=dict)
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.application} · {self.reviewer}"
