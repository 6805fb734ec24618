"""/sitemap.xml: a sitemap index of sections, each a sitemap of at most SECTION_LIMIT URLs.

The sections: the pages of all six language trees (each with its translations as hreflang
alternates), and the Django pages, institutions and courses in every language (courses and
institutions in chunks, `?p=2`, ...). Every response is cached for CACHE_SECONDS.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from wagtail.models import Page

from members import selectors as member_selectors

# URLs per sitemap (the protocol allows 50,000 and 10 MB): a URL with its seven alternates
# takes about 1 KB, so a chunk stays near 5 MB.
SECTION_LIMIT = 5000
CACHE_SECONDS = 600


class PagesSitemap(Sitemap):
    """Every live, public Wagtail page (each language tree hangs under the root), with the
    live translations of each as its alternates."""

    limit = SECTION_LIMIT

    def __init__(self, request=None):
        self.request = request

    def items(self):
        return (
            Page.objects.filter(depth__gt=1)
            .live()
            .public()
            .select_related("locale")
            .order_by("path")
        )

    def location(self, page):
        return page.get_url(self.request)

    def lastmod(self, page):
        return page.last_published_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        translations = defaultdict(list)
        for version in self.items():
            translations[version.translation_key].append(version)
        for url in urls:
            versions = translations[url["item"].translation_key]
            if len(versions) < 2:
                continue
            alternates = {v.locale.language_code: origin + self.location(v) for v in versions}
            if settings.LANGUAGE_CODE in alternates:
                alternates["x-default"] = alternates[settings.LANGUAGE_CODE]
            url["alternates"] = [
                {"lang_code": code, "location": location} for code, location in alternates.items()
            ]
        return urls


class LocalizedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = SECTION_LIMIT


class SectionsSitemap(LocalizedSitemap):
    def items(self):
        return ["members:directory", "members:catalog", "members:apply"]

    def location(self, name):
        return reverse(name)


class ModifiedSitemap(LocalizedSitemap):
    """The index's lastmod of a section in one aggregate, not by reading every item."""

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("modified_at"))["latest"]


class InstitutionsSitemap(ModifiedSitemap):
    def items(self):
        return member_selectors.public_institutions().only("slug", "modified_at").order_by("pk")


class CoursesSitemap(ModifiedSitemap):
    def items(self):
        return member_selectors.published_courses().only("slug", "modified_at").order_by("pk")


def sitemaps(request) -> dict:
    return {
        "pages": PagesSitemap(request),
        "sections": SectionsSitemap(),
        "institutions": InstitutionsSitemap(),
        "courses": CoursesSitemap(),
    }
