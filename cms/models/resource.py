"""The resource library: /<lang>/resources/ and its documents, each in several languages."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models.declaration import TEXT_FEATURES


class Audience(models.TextChoices):
    STUDENTS = "students", _("Students")
    TEACHERS = "teachers", _("Teachers")
    ADMINISTRATORS = "administrators", _("Administrators")
    PARENTS = "parents", _("Parents")
    TECHNOLOGY = "technology", _("Technology and platforms")
    EVERYONE = "everyone", _("Everyone")


class ResourceType(models.TextChoices):
    GUIDANCE = "guidance", _("Guidance")
    REPORT = "report", _("Report")
    TOOLKIT = "toolkit", _("Toolkit")
    PRESENTATION = "presentation", _("Presentation")
    RECORDING = "recording", _("Recording")


class ResourceIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ResourcePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("resource library")

    def get_context(self, request, *args, **kwargs):
        from cms.forms import ResourceFilterForm
        from cms.selectors import resources_for_library

        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["resources"] = resources_for_library(index=self, filters=filters)
        return context


class ResourcePage(RoutablePageMixin, Page):
    summary = models.TextField(_("summary"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    resource_type = models.CharField(_("type"), max_length=20, choices=ResourceType.choices)
    published_on = models.DateField(_("published on"))
    body = RichTextField(_("body"), features=TEXT_FEATURES, blank=True)
    # A session's recording (cms.series.edition_recordings_add): the link and its edition.
    recording_url = models.URLField(_("recording link"), blank=True)
    edition = models.ForeignKey(
        "cms.EventPage",
        verbose_name=_("conference edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recordings",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("resource_type"),
        FieldPanel("published_on"),
        FieldPanel("body"),
        FieldPanel("recording_url"),
        FieldPanel("edition"),
        InlinePanel("files", label=_("Language versions")),
    ]
    parent_page_types = ["cms.ResourceIndexPage"]
    subpage_types = []
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("resource")

    @path("download/<int:file_id>/")
    def download(self, request, file_id):
        """Count the download, then hand over to Wagtail's document view."""
        file = get_object_or_404(self.files.select_related("document"), pk=file_id)
        ResourceFile.objects.filter(pk=file.pk).update(downloads=F("downloads") + 1)
        return redirect(file.document.url)


class ResourceFile(Orderable):
    """The resource in one language: a Wagtail document."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+")
    downloads = models.PositiveIntegerField(_("downloads"), default=0, editable=False)

    panels = [
        FieldPanel("language"),
        FieldPanel("document"),
        FieldPanel("downloads", read_only=True),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("language version")
