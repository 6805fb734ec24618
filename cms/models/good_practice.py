"""Good practices: /<lang>/good-practices/, written by the secretariat or drawn from the
accepted contributions to the call for input."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from alliance.images import image_field, with_images
from cms.models.declaration import TEXT_FEATURES
from members.models import Region


class GoodPracticeIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GoodPracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("good practices")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["practices"] = with_images(GoodPracticePage.objects.live().child_of(self)).order_by(
            "-first_published_at"
        )
        return context


class SourceSubmissionsPanel(Panel):
    """In the editor: the call-for-input submissions this good practice was drawn from."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/source_submissions_panel.html"

        def is_shown(self):
            return bool(self.instance.pk) and self.instance.source_submissions.exists()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["submissions"] = self.instance.source_submissions.all()
            return context


class GoodPracticePage(Page):
    summary = models.TextField(_("summary"))
    organization = models.CharField(_("organization"), max_length=200)
    region = models.CharField(_("UNESCO region"), max_length=30, choices=Region.choices, blank=True)
    image = image_field()
    body = RichTextField(_("body"), features=[*TEXT_FEATURES, "document-link"])

    content_panels = [
        SourceSubmissionsPanel(heading=_("From the call for input")),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("organization"),
        FieldPanel("region"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.GoodPracticeIndexPage"]
    subpage_types = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("organization"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("good practice")
