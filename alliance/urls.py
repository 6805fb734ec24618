from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import reports as wagtail_reports
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from alliance import health
from alliance.admin_access import admin_sign_in
from alliance.exports import FormulaSafeExportMixin
from alliance.i18n import switch_language
from cms.views import robots_txt, sitemap_index, sitemap_section
from members.views import set_time_zone, stripe_webhook
from projects.urls import calendar_urlpatterns

admin.site.site_header = "Global MOOC Alliance"


def superusers_only(request):
    return request.user.is_active and request.user.is_superuser


# The Django admin is for superusers; everyone signs in through allauth (and its two-factor step).
admin.site.has_permission = superusers_only


def formula_safe_reports() -> list:
    """Wagtail's own reports (site history, locked and aging pages, workflows) at their own
    addresses, with formula-safe exports: listed before the Wagtail admin's URLs."""
    urls = []
    for entry in wagtail_reports.urlpatterns:
        view = entry.callback.view_class
        if issubclass(view, SpreadsheetExportMixin):
            safe = type(view.__name__, (FormulaSafeExportMixin, view), {})
            callback = safe.as_view(**entry.callback.view_initkwargs)
            urls.append(
                path(f"reports/{entry.pattern}", require_admin_access(callback), name=entry.name)
            )
    return urls


urlpatterns = [
    path("healthz", health.ready, name="healthz"),
    path("healthz/live", health.live, name="healthz-live"),
    path("healthz/ready", health.ready, name="healthz-ready"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("stripe/webhook/", stripe_webhook, name="stripe_webhook"),
    path("i18n/<str:language>/", switch_language, name="switch_language"),
    path("time-zone/", set_time_zone, name="set_time_zone"),
    path("accounts/", include("allauth.urls")),
    path("admin-sign-in/", admin_sign_in, name="admin_sign_in"),
    path(
        "cms-admin/",
        include(
            decorate_urlpatterns(
                [*formula_safe_reports(), *wagtailadmin_urls.urlpatterns],
                csp_update(settings.CSP_ADMIN),
            )
        ),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("django-admin/login/", admin_sign_in),
    path("django-admin/", admin.site.urls),
    path("api/", include("api.urls")),
    *calendar_urlpatterns,
]

urlpatterns += i18n_patterns(
    path("", include("members.urls")),
    path("", include("projects.urls")),
    path("", include("cms.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler500 = "alliance.problems.server_error"
