"""The site's URLs plus /media/ from MEDIA_ROOT (DEBUG is off in tests): for the page weights."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from alliance.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urlpatterns]
