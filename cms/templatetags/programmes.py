"""The programmes' blocks on existing pages: an edition's place in its conference series (on the
event page) and the commitments on the Declaration (on the Declaration page)."""

from django import template

from cms.commitments import public_commitments
from cms.series import edition_facts

register = template.Library()


@register.inclusion_tag("cms/includes/edition_facts.html")
def edition_of_series(event):
    return {"page": event, "edition": edition_facts(event=event)}


@register.inclusion_tag("cms/includes/declaration_commitments.html", takes_context=True)
def declaration_commitments(context, page, version):
    return {
        "page": page,
        "version": version,
        "commitments": public_commitments(version=version),
        "manage_url": page.url + page.reverse_subpage("commitments"),
        "request": context.get("request"),
    }
