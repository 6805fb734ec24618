"""/sitemap.xml: a sitemap index of sections, each a sitemap of at most SECTION_LIMIT URLs.

The sections: the pages of all six language trees (each with its translations as hreflang
alternates), and the Django pages, institutions and courses in every language (courses and
institutions in chunks, `?p=2`, ...). Every response is cached for CACHE_SECONDS.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
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


class SlugSitemap(LocalizedSitemap):
    """Institutions or courses: each item's address in the six languages, built from one
    address reversed per language with a placeholder for the slug (not six reverses per URL),
    chunks paged over the items (SECTION_LIMIT URLs each) with a count, not by reading them all.
    The index's lastmod of a section is one aggregate."""

    route: str
    PLACEHOLDER = "-slug-"

    def items(self) -> QuerySet:
        raise NotImplementedError

    @property
    def paginator(self):
        return Paginator(self.items(), self.limit // len(self._languages()))

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("modified_at"))["latest"]

    def get_urls(self, page=1, site=None, protocol=None):
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        languages = self._languages()
        addresses = {}
        for code in languages:
            with translation.override(code):
                addresses[code] = origin + reverse(self.route, kwargs={"slug": self.PLACEHOLDER})
        addresses["x-default"] = addresses[settings.LANGUAGE_CODE]
        urls, self.latest_lastmod = [], None
        for item in self.paginator.page(page).object_list:
            found = {
                code: address.replace(self.PLACEHOLDER, item.slug)
                for code, address in addresses.items()
            }
            alternates = [{"lang_code": code, "location": url} for code, url in found.items()]
            for code in languages:
                urls.append(
                    {
                        "item": item,
                        "location": found[code],
                        "lastmod": item.modified_at,
                        "changefreq": None,
                        "priority": "",
                        "alternates": alternates,
                    }
                )
            if self.latest_lastmod is None or item.modified_at > self.latest_lastmod:
                self.latest_lastmod = item.modified_at
        return urls


class InstitutionsSitemap(SlugSitemap):
    route = "members:institution_detail"

    def items(self):
        return member_selectors.public_institutions().only("slug", "modified_at").order_by("pk")


class CoursesSitemap(SlugSitemap):
    route = "members:course_detail"

    def items(self):
        return member_selectors.published_courses().only("slug", "modified_at").order_by("pk")


class SitemapXml:
    """Django's sitemap.xml template as a loop (Django's sitemap view renders it through
    TemplateResponse): the template takes 20 times as long for a chunk of 5,000 URLs with seven
    alternates each (bench/sitemap_bench.py). The same escaping and `lastmod` date."""

    def render(self, context=None, request=None) -> str:
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
        ]
        for url in context["urlset"]:
            parts.append(f"<url><loc>{escape(url['location'])}</loc>")
            if url.get("lastmod"):
                parts.append(f"<lastmod>{date(url['lastmod'], 'Y-m-d')}</lastmod>")
            if url.get("changefreq"):
                parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
            if url.get("priority"):
                parts.append(f"<priority>{escape(url['priority'])}</priority>")
            parts.extend(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}"'
                f' href="{escape(alternate["location"])}"/>'
                for alternate in url.get("alternates", ())
            )
            parts.append("</url>")
        parts.append("</urlset>\n")
        return "".join(parts)


SITEMAP_XML = SitemapXml()


def sitemaps(request) -> dict:
    return {
        "pages": PagesSitemap(request),
        "sections": SectionsSitemap(),
        "institutions": InstitutionsSitemap(),
        "courses": CoursesSitemap(),
    }
