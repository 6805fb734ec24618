"""The secretariat's translation overview in the Wagtail admin: every page x the other five
languages, each cell missing / in progress / translated / out of date, with counts, filters and
a link to translate (wagtail-localize's editor)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.models import get_page_models

from cms import permissions, selectors


def overview(request):
    if not permissions.can_manage_translations(request.user):
        raise PermissionDenied
    language = request.GET.get("language", "")
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    rows, counts = selectors.translation_overview(language=language, state=state, kind=kind)
    kinds = sorted(
        (model._meta.model_name, model._meta.verbose_name)
        for model in get_page_models()
        if model._meta.app_label == "cms"
    )
    return render(
        request,
        "cms/admin/translation_overview.html",
        {
            "rows": rows,
            "counts": counts,
            "states": selectors.TRANSLATION_STATES,
            "languages": dict(settings.LANGUAGES),
            "kinds": kinds,
            "filters": {"language": language, "state": state, "kind": kind},
        },
    )


urlpatterns = [path("translations/", overview, name="translation_overview")]


class TranslationMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_manage_translations(request.user)


def menu_item():
    return TranslationMenuItem(
        _("Translations"), reverse("translation_overview"), icon_name="globe", order=250
    )
