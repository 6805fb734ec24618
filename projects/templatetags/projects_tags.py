from django import template

from projects import selectors

register = template.Library()


@register.inclusion_tag("projects/includes/institution_projects.html")
def institution_projects(institution):
    """The public projects an institution leads or partners in (for its profile)."""
    return {
        "institution": institution,
        "projects": selectors.public_projects_of_institution(
            institution=institution
        ).select_related("lead_institution"),
    }
