"""The sign-in step of both admins (`/cms-admin/` and `/django-admin/`).

Anonymous people go to the sign-in page, once. A signed-in person without access to the admin
they asked for sees a page that says so, instead of being sent back and forth between the admin
and the sign-in page (which sends a signed-in person straight back to where they came from).
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse

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
