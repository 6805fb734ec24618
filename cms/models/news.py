from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from alliance.images import image_field
from alliance.models import Translated

NEWS_PER_PAGE = 10


class NewsCategory(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    EVENT_REPORT = "event_report", _("Event report")
    PUBLICATION = "publication", _("Publication")
    MEMBERSHIP = "membership", _("Membership")
    PARTNERSHIP = "partnership", _("Partnership")


class NewsIndexPage(RoutablePageMixin, Page):
    """/<lang>/news/: the news, newest first, filtered by category or tag; RSS and Atom feeds
    (feed/rss/, feed/atom/: their routes are in cms/views.py)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import news_for_index

        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("category", "")
        category = category if category in NewsCategory.values else ""
        tag = request.GET.get("tag", "").strip()[:100]
        items = news_for_index(index=self, category=category, tag=tag)
        page_obj = Paginator(items, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        query = "&".join(f"{k}={v}" for k, v in (("category", category), ("tag", tag)) if v)
        context.update(
            page_obj=page_obj,
            news=page_obj.object_list,
            categories=NewsCategory.choices,
            category=category,
            tag=tag,
            tag_object=(tag and NewsTag.objects.filter(name__iexact=tag).first())
            or NewsTag(name=tag),
            query=query,
        )
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)


class NewsTag(Translated, TagBase):
    """A news tag: its English `name` (in the tag filter's URL) and its names in the other
    languages (`translations`, {"fr": {"name": "…"}}); a tag without them shows as written."""

    translated_fields = ("name",)
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("translations")]

    class Meta:
        verbose_name = _("news tag")
        verbose_name_plural = _("news tags")


class NewsPageTag(ItemBase):
    tag = models.ForeignKey(
        NewsTag, related_name="%(app_label)s_%(class)s_items", on_delete=models.CASCADE
    )
    content_object = ParentalKey(
        "cms.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=NewsCategory.choices,
        default=NewsCategory.ANNOUNCEMENT,
    )
    intro = models.TextField(_("summary"), help_text=_("One or two sentences for lists and feeds."))
    image = image_field()
    body = RichTextField(_("body"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("category"), FieldPanel("tags")], _("About")
        ),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("authors", label=_("Authors")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news page")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import related_news

        context = super().get_context(request, *args, **kwargs)
        context["related"] = related_news(page=self)
        return context


class NewsAuthor(Orderable):
    """An author of a news item (names are kept as written in every language)."""

    page = ParentalKey(NewsPage, related_name="authors", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("affiliation")]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
