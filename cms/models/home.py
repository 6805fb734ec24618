from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from alliance.images import image_field


class HomePage(Page):
    """The root of each language's page tree."""

    intro = models.TextField(_("introduction"), blank=True)
    image = image_field()
    body = RichTextField(_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.NewsIndexPage",
        "cms.EventIndexPage",
        "cms.DeclarationPage",
        "cms.ConsultationPage",
        "cms.CampaignPage",
        "cms.GoodPracticeIndexPage",
        "cms.ResourceIndexPage",
        "cms.ConferenceSeriesPage",
        "cms.CallPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import home_page_facts

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_facts(home=self))
        return context
