"""The conference series: /<lang>/conference/ lists its yearly editions (the conference
EventPages whose `series` is this page), and is the archive across them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class ConferenceSeriesPage(Page):
    """A yearly conference: each edition is an EventPage (host city, institution, zone, theme,
    programme) linked to this page; the page lists them, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("conference series")
        verbose_name_plural = _("conference series")

    def get_context(self, request, *args, **kwargs):
        from cms.series import series_editions

        context = super().get_context(request, *args, **kwargs)
        context["editions"] = series_editions(series=self)
        return context
