from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from cms.sitemaps import sitemaps

ROBOTS = """User-agent: *
Disallow: /cms-admin/
Disallow: /django-admin/
Disallow: /accounts/
Disallow: /api/
Disallow: /*/my-institution/
Disallow: /*/live/
"""


@require_GET
@cache_control(max_age=3600, public=True)
def sitemap(request):
    return django_sitemap(request, sitemaps=sitemaps(request))


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    text = ROBOTS + f"\nSitemap: {request.build_absolute_uri('/sitemap.xml')}\n"
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
