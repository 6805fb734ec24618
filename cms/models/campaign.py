"""Advocacy campaigns: a page whose pledge form moves through start (the form), signed (the
confirmation) and share (the share links), without JavaScript."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.models.declaration import TEXT_FEATURES


class CampaignPage(RoutablePageMixin, Page):
    """A campaign and its pledge. Its routes (the page, signed/, share/, confirm/) are in
    cms/views.py."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), features=TEXT_FEATURES, blank=True)
    pledge_text = models.TextField(_("pledge"), help_text=_("What people sign."))
    goal = models.PositiveIntegerField(_("goal (signatures)"), null=True, blank=True)
    is_open = models.BooleanField(_("accepting signatures"), default=True)
    advocacy_project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_pages",
        limit_choices_to={"kind": "advocacy"},
        verbose_name=_("advocacy project"),
        help_text=_("The project's page then links here and counts these signatures."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("pledge_text"),
        FieldPanel("goal"),
        FieldPanel("is_open"),
        FieldPanel("advocacy_project"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("campaign")

    def original(self) -> "CampaignPage":
        """The first of the campaign's language versions: its pledges count for all of them."""
        return (
            CampaignPage.objects.filter(translation_key=self.translation_key).order_by("pk").first()
        )


class PledgeQuerySet(models.QuerySet):
    def confirmed(self):
        """Only these count: the signer opened the emailed link and pressed the button."""
        return self.filter(confirmed_at__isnull=False)


class Pledge(models.Model):
    campaign = models.ForeignKey(CampaignPage, on_delete=models.CASCADE, related_name="pledges")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))  # stored lower-cased: one pledge per address
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    # Two separate consents: to the pledge (required), to news from the alliance (optional).
    consent = models.BooleanField(_("agreed to sign the pledge"), default=False)
    news_consent = models.BooleanField(_("agreed to receive news from the alliance"), default=False)
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "email"], name="one_pledge_per_email")
        ]

    def __str__(self):
        return f"{self.name} · {self.campaign}"
