"""The sign-in step of both admins (`/cms-admin/` and `/django-admin/`).

Anonymous people go to the sign-in page, once. A signed-in person without access to the admin
they asked for sees a page that says so, instead of being sent back and forth between the admin
and the sign-in page (which sends a signed-in person straight back to where they came from).
A refused POST to one of the project's admin views answers 403 (`RefusedPostsAnswer403`).
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from wagtail.utils.urlpatterns import decorate_urlpatterns

from alliance.timezones import safe_next


def admin_sign_in(request):
    next_url = safe_next(request, fallback=reverse("wagtailadmin_home"))
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, login_url=reverse("account_login"))
    django_admin = next_url.startswith("/django-admin/")
    if (
        admin.site.has_permission(request)
        if django_admin
        else request.user.has_perm("wagtailadmin.access_admin")
    ):
        return redirect(next_url)  # e.g. a bookmarked sign-in page of an admin they may use
    return render(request, "alliance/admin_denied.html", {"django_admin": django_admin}, status=403)


def refuse_posts_with_403(view):
    """A refused POST to one of the project's admin views answers 403 with a page that says so.

    Wagtail answers any refused admin request with a redirect to the dashboard and a message;
    for a GET (a link someone may not follow) that stays Wagtail's convention. A POST is an
    action that was not done: a redirect to the dashboard hides that from scripts and from the
    person, so it answers 403 instead."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            if request.method in ("GET", "HEAD", "OPTIONS"):
                raise
            return render(request, "alliance/admin_refused.html", status=403)

    return wrapped


class RefusedPostsAnswer403:
    """For the project's admin ViewSets: each of their views, the ones a subclass adds in its
    own get_urlpatterns included, goes through refuse_posts_with_403."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        patterns_of = cls.get_urlpatterns

        def get_urlpatterns(self):
            return decorate_urlpatterns(patterns_of(self), refuse_posts_with_403)

        cls.get_urlpatterns = get_urlpatterns
