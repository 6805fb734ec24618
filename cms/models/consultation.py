"""The call for input: a consultation page with its questions, the submissions people send
(with private attachments) and their moderation."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin

from cms.models.declaration import TEXT_FEATURES


def private_storage():
    """Attachments never live in public media: only the secretariat's admin view serves them."""
    return storages["private"]


class ConsultationPage(RoutablePageMixin, Page):
    """The call for input. Its routes (the page and its form, thanks/) are in cms/views.py."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), features=TEXT_FEATURES, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        InlinePanel("questions", label=_("Questions"), min_num=1),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("call for input")

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class ConsultationQuestion(TranslatableMixin, Orderable):
    """A question of the call, translated with its page (wagtail-localize translates child
    objects that are translatable; others it would copy from the source language)."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=True)

    panels = [FieldPanel("label"), FieldPanel("help_text"), FieldPanel("required")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("question")


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Submission(models.Model):
    page = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="submissions")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    organization = models.CharField(_("organization"), max_length=200)
    country = models.CharField(_("country"), max_length=100, blank=True)
    # The practice's name: the good practice drawn from it is titled so (blank before 2026-12).
    title = models.CharField(_("title"), max_length=200, blank=True)
    # [{"question": label, "answer": text}], so the answers keep the questions they answered.
    answers = models.JSONField(_("answers"), default=list)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # The form's one-time token (cms.forms.ConsultationForm): one submission per rendered form.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.PENDING,
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    good_practice = models.ForeignKey(
        "cms.GoodPracticePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_submissions",
        verbose_name=_("good practice"),
    )
    # When the contributor was told their good practice is online (told once, not per edit).
    publication_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organization} · {self.name}"


class AttachmentKind(models.TextChoices):
    REPORT = "report", _("Report")
    SLIDES = "slides", _("Slides")
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="consultation/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    # Its copy among the CMS documents once the submission is a good practice.
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")

    def __str__(self):
        return self.original_name
