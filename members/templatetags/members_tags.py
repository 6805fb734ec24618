from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alliance.templatetags.alliance_formats import cldr_list
from members import permissions, reference

register = template.Library()


@register.filter
def accessibility_labels(features) -> str:
    """A course's accessibility features in the reader's language, as one list."""
    return cldr_list(reference.accessibility_label(feature) for feature in features or ())


# "My institution" tabs: the view each opens and the check that view makes.
INSTITUTION_TABS = [
    ("my_institution", _("Overview"), permissions.can_view_member_area),
    ("edit_profile", _("Profile"), permissions.can_edit_profile),
    ("my_courses", _("Courses"), permissions.can_manage_courses),
    ("people", _("People and roles"), permissions.can_manage_people),
    ("membership", _("Membership"), permissions.can_manage_billing),
    ("audit_log", _("Log"), permissions.can_view_audit_log),
    ("reports", _("Reports and agreements"), permissions.can_submit_report),
]
# Pages reached from a tab keep it marked as the current one.
TAB_OF = {
    "course_new": "my_courses",
    "course_edit": "my_courses",
    "course_delete": "my_courses",
    "course_import": "my_courses",
    "course_import_detail": "my_courses",
    "receipt": "membership",
    "audit_log_csv": "audit_log",
    "agreement_new": "reports",
}


@register.simple_tag(takes_context=True)
def institution_tabs(context, institution):
    """The tabs of "My institution" this person may open (the others would answer 403)."""
    request = context["request"]
    current = request.resolver_match.url_name if request.resolver_match else ""
    current = TAB_OF.get(current, current)
    return [
        {
            "url": reverse(f"members:{name}", args=[institution.slug]),
            "label": label,
            "current": name == current,
        }
        for name, label, allowed in INSTITUTION_TABS
        if allowed(request.user, institution)
    ]
