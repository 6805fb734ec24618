"""Reads for the Declaration, the resource library, the call for input and the campaigns."""

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from cms.models import (
    CampaignPage,
    ConsultationPage,
    DeclarationText,
    DeclarationVersion,
    Endorsement,
    GoodPracticeIndexPage,
    ResourceFile,
    ResourcePage,
)
from cms.models.declaration import EndorsementStatus, VersionStatus
from members.models import Affiliation, InstitutionRole, Region
from members.selectors import is_member_in_good_standing

# The Declaration ------------------------------------------------------------------------------


def adopted_declaration() -> DeclarationVersion | None:
    """The version in force: the latest adopted one."""
    return (
        DeclarationVersion.objects.filter(status=VersionStatus.ADOPTED)
        .order_by("-adopted_on", "-number")
        .first()
    )


def declaration_versions() -> QuerySet[DeclarationVersion]:
    return DeclarationVersion.objects.order_by("-number")


def declaration_text(*, version: DeclarationVersion, language: str) -> DeclarationText | None:
    """The version's text in `language`, else in the default language, else any."""
    texts = {text.language: text for text in version.texts.all()}
    fallback = texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), None)
    return texts.get(language) or fallback


def signatories_by_region(*, version: DeclarationVersion) -> dict:
    """The confirmed signatories of `version`, grouped by UNESCO region with counts (one query)."""
    endorsements = (
        Endorsement.objects.filter(version=version, status=EndorsementStatus.CONFIRMED)
        .select_related("institution")
        .order_by("institution__name")
    )
    groups = {value: [] for value in Region.values}
    for endorsement in endorsements:
        groups.setdefault(endorsement.institution.region, []).append(endorsement)
    regions = [
        {"region": value, "label": Region(value).label if value else "", "endorsements": rows}
        for value, rows in groups.items()
    ]
    return {"regions": regions, "total": sum(len(r["endorsements"]) for r in regions)}


def endorsing_options(*, user, version: DeclarationVersion) -> list[dict]:
    """The institutions `user` is an admin of, whether each may sign `version` now, and its
    existing endorsement (pending or confirmed) if any."""
    if not user.is_authenticated:
        return []
    affiliations = Affiliation.objects.filter(user=user, role=InstitutionRole.ADMIN).select_related(
        "institution"
    )
    existing = {
        e.institution_id: e
        for e in Endorsement.objects.filter(
            version=version,
            institution__in=[a.institution for a in affiliations],
        ).exclude(status=EndorsementStatus.REJECTED)
    }
    return [
        {
            "institution": a.institution,
            "in_good_standing": is_member_in_good_standing(a.institution),
            "endorsement": existing.get(a.institution_id),
        }
        for a in affiliations
    ]


def signable_institutions(options: list[dict]) -> list:
    """Of `endorsing_options`, the institutions that may sign now."""
    return [o["institution"] for o in options if o["in_good_standing"] and not o["endorsement"]]


def take_part_pages(*, page) -> QuerySet:
    """The call for input, campaigns and good practices next to the Declaration page."""
    return (
        page.get_siblings(inclusive=False)
        .live()
        .type(ConsultationPage, CampaignPage, GoodPracticeIndexPage)
        .order_by("path")
    )


# The resource library -------------------------------------------------------------------------


def resources_for_library(*, index, filters: dict) -> QuerySet[ResourcePage]:
    """The live resources under `index`, filtered by audience, type and language (the language
    of a file), with their files and documents in two more queries."""
    resources = ResourcePage.objects.live().child_of(index)
    if filters.get("audience"):
        resources = resources.filter(audience=filters["audience"])
    if filters.get("type"):
        resources = resources.filter(resource_type=filters["type"])
    if filters.get("language"):
        resources = resources.filter(files__language=filters["language"]).distinct()
    files = ResourceFile.objects.select_related("document").order_by("sort_order")
    return resources.order_by("-published_on", "title").prefetch_related(
        Prefetch("files", queryset=files)
    )
