from django import template
from wagtail.models import Locale

from alliance.images import with_images
from projects import selectors

register = template.Library()


@register.filter
def person(user, fallback=""):
    """`{{ update.author|person }}`: the name or address, or `fallback` for a missing person."""
    return selectors.person_name(user, fallback)


@register.inclusion_tag("projects/includes/institution_projects.html")
def institution_projects(institution):
    """The public projects an institution leads or partners in (for its profile)."""
    return {
        "institution": institution,
        "projects": with_images(
            selectors.public_projects_of_institution(institution=institution)
        ).select_related("lead_institution"),
    }


@register.inclusion_tag("projects/includes/campaign.html")
def project_campaign(project):
    """An advocacy project's campaign: its live campaign page on the site (in the current
    language when translated) with that page's signatures, else the address and count the project
    keeps for a campaign elsewhere."""
    pages = project.campaign_pages.live().select_related("locale")
    page = pages.filter(locale=Locale.get_active()).first() or pages.first()
    if page is None:
        url, count = project.campaign_url, project.endorsement_count
    else:
        url, count = page.url, page.original().pledges.confirmed().count()
    return {"project": project, "url": url, "count": count, "goal": project.endorsement_goal}
