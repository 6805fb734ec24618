"""/sitemap.xml: the pages of all six language trees, and the Django sections in every language."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.models import Page

from members import selectors as member_selectors


class PagesSitemap(Sitemap):
    """Every live, public Wagtail page (each language tree hangs under the root)."""

    def __init__(self, request=None):
        self.request = request

    def items(self):
        return Page.objects.filter(depth__gt=1).live().public().order_by("path")

    def location(self, page):
        return page.get_url(self.request)

    def lastmod(self, page):
        return page.last_published_at


class LocalizedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class SectionsSitemap(LocalizedSitemap):
    def items(self):
        return ["members:directory", "members:catalog", "members:apply"]

    def location(self, name):
        return reverse(name)


class InstitutionsSitemap(LocalizedSitemap):
    def items(self):
        return member_selectors.public_institutions().only("slug", "modified_at").order_by("pk")

    def lastmod(self, institution):
        return institution.modified_at


class CoursesSitemap(LocalizedSitemap):
    def items(self):
        return member_selectors.published_courses().only("slug", "modified_at").order_by("pk")

    def lastmod(self, course):
        return course.modified_at


def sitemaps(request) -> dict:
    return {
        "pages": PagesSitemap(request),
        "sections": SectionsSitemap(),
        "institutions": InstitutionsSitemap(),
        "courses": CoursesSitemap(),
    }
