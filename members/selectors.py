"""Reads of members/: the directory, profiles, people and applications."""

from dataclasses import dataclass

from django.db.models import CharField, Count, Q, QuerySet
from django.db.models.functions import Cast

from members.models import (
    Affiliation,
    ApplicationStatus,
    Institution,
    Invitation,
    MembershipApplication,
    Region,
    User,
)
from members.permissions import is_secretariat


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    region: str = ""
    country: str = ""
    kind: str = ""


def public_institutions() -> QuerySet[Institution]:
    return Institution.objects.filter(is_public=True, suspended_at__isnull=True)


def institutions_for_directory(*, filters: DirectoryFilters) -> QuerySet[Institution]:
    qs = public_institutions()
    if filters.q:
        qs = qs.annotate(description_text=Cast("description", CharField())).filter(
            Q(name__icontains=filters.q)
            | Q(short_name__icontains=filters.q)
            | Q(description_text__icontains=filters.q)
        )
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("name", "pk")


def members_per_region() -> list[dict]:
    """[{region, label, count, percent}] over the public directory, every region listed."""
    counts = dict(
        public_institutions().values_list("region").annotate(n=Count("pk")).order_by("region")
    )
    top = max(counts.values(), default=0) or 1
    return [
        {
            "region": region.value,
            "label": region.label,
            "count": counts.get(region.value, 0),
            "percent": round(100 * counts.get(region.value, 0) / top),
        }
        for region in Region
    ]


def countries_in_directory() -> list:
    """The countries that have at least one public member, for the directory's filter."""
    codes = public_institutions().values_list("country", flat=True).distinct().order_by()
    from django_countries import countries

    present = set(codes)
    return [(code, name) for code, name in countries if code in present]


def institution_for_profile(*, slug: str, user: User) -> Institution | None:
    """A public profile; a private or suspended one only for its own people and the secretariat."""
    institution = Institution.objects.filter(slug=slug).first()
    if institution is None:
        return None
    if institution.is_public and not institution.is_suspended:
        return institution
    if user.is_authenticated and (
        is_secretariat(user) or institution.affiliations.filter(user=user).exists()
    ):
        return institution
    return None


def institutions_of(*, user: User) -> QuerySet[Affiliation]:
    return (
        Affiliation.objects.filter(user=user)
        .select_related("institution")
        .order_by("institution__name")
    )


def people_of(*, institution: Institution) -> QuerySet[Affiliation]:
    return (
        Affiliation.objects.filter(institution=institution)
        .select_related("user")
        .order_by("role", "user__email")
    )


def open_invitations_of(*, institution: Institution) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        institution=institution, accepted_at=None, revoked_at=None
    ).select_related("invited_by")


def applications_of(*, user: User) -> QuerySet[MembershipApplication]:
    return MembershipApplication.objects.filter(applicant=user).select_related("institution")


def open_application_of(*, user: User) -> MembershipApplication | None:
    return (
        MembershipApplication.objects.filter(
            applicant=user,
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW],
        )
        .order_by("-submitted_at")
        .first()
    )
