import django_filters
from django.conf import settings
from django.core.validators import RegexValidator
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from cms.models.news import NewsCategory
from members import selectors
from members.forms import BCP47, SDG_TARGET
from members.models import (
    Course,
    CourseLanguage,
    CourseLevel,
    CourseRun,
    CourseSDGTarget,
    Institution,
    InstitutionKind,
    Pacing,
    Region,
)
from projects import selectors as project_selectors
from projects.models import Project, ProjectKind, ProjectStatus

BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]


def as_bool(value: str) -> bool:
    return value == "true"


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(django_filters.TypedChoiceFilter):
    """`true` or `false`, documented as a boolean; anything else is a 400."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=BOOLEAN_CHOICES, coerce=as_bool, **kwargs)


@extend_schema_field({"type": "string", "minLength": 1})
class CharFilter(django_filters.CharFilter):
    """A text filter, never empty (StrictFilterSet)."""


class StrictFilterSet(django_filters.FilterSet):
    """A filter given without a value is a 400 naming it, never silently ignored (as the schema
    says: choices, booleans and dates exclude the empty value, text filters have minLength 1)."""

    def is_valid(self):
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and not self.data.get(name, "").strip():
                self.form.add_error(name, _("Give a value, or leave the parameter out."))
                valid = False
        return valid


def text(pattern: str, **kwargs) -> "CharFilter":
    """A text filter whose values must match `pattern`, as its schema says."""
    return extend_schema_field({"type": "string", "pattern": pattern})(CharFilter(**kwargs))


COUNTRY_PATTERN = "^[A-Za-z]{2}$"


def _has(model, **lookups):
    return Exists(model.objects.filter(course=OuterRef("pk"), **lookups))


def _offered(**lookups):
    return Exists(Course.institutions.through.objects.filter(course=OuterRef("pk"), **lookups))


class CourseFilter(StrictFilterSet):
    institution = CharFilter(
        method="by_institution", help_text=_("Slug of an offering institution.")
    )
    country = text(
        COUNTRY_PATTERN,
        method="by_country",
        help_text=_("ISO 3166-1 alpha-2 code of an offering institution."),
    )
    region = django_filters.ChoiceFilter(choices=Region.choices, method="by_region")
    language = text(
        BCP47.pattern,
        method="by_language",
        help_text=_("BCP 47 tag; subtitle languages count too."),
    )
    isced = text(
        "^[0-9]{1,4}$",
        method="by_isced",
        help_text=_("ISCED-F 2013 code; a prefix matches the narrower fields."),
    )
    sdg = text(SDG_TARGET.pattern, method="by_sdg", help_text=_("SDG goal or target, e.g. 4.3."))
    level = django_filters.ChoiceFilter(choices=CourseLevel.choices)
    platform = CharFilter(field_name="platform__slug")
    pacing = django_filters.ChoiceFilter(choices=Pacing.choices, method="by_pacing")
    free = BooleanFilter(field_name="is_free")
    certificate = BooleanFilter(field_name="has_certificate")
    starts_after = django_filters.IsoDateTimeFilter(method="by_starts_after")
    starts_before = django_filters.IsoDateTimeFilter(method="by_starts_before")
    enrollment_open = BooleanFilter(method="by_enrollment_open")
    updated_since = django_filters.IsoDateTimeFilter(field_name="modified_at", lookup_expr="gte")
    q = CharFilter(method="by_search", help_text=_("Full-text search."))

    class Meta:
        model = Course
        fields = ()

    def by_institution(self, qs, name, value):
        return qs.filter(_offered(institution__slug=value))

    def by_country(self, qs, name, value):
        return qs.filter(_offered(institution__country=value.upper()))

    def by_region(self, qs, name, value):
        return qs.filter(_offered(institution__region=value))

    def by_language(self, qs, name, value):
        return qs.filter(_has(CourseLanguage, code__iexact=value))

    def by_isced(self, qs, name, value):
        return qs.filter(_has(Course.fields.through, fieldofeducation__code__startswith=value))

    def by_sdg(self, qs, name, value):
        return qs.filter(_has(CourseSDGTarget, target=value))

    def by_pacing(self, qs, name, value):
        return qs.filter(_has(CourseRun, pacing=value))

    def by_starts_after(self, qs, name, value):
        return qs.filter(_has(CourseRun, starts_at__gte=value))

    def by_starts_before(self, qs, name, value):
        return qs.filter(_has(CourseRun, starts_at__lt=value))

    @extend_schema_field({"type": "string", "enum": ["true", "false"]})
    def by_enrollment_open(self, qs, name, value):
        now = timezone.now()
        # Open: the enrolment window includes now; with no window, until the run ends.
        open_now = CourseRun.objects.filter(
            Q(enrollment_starts_at__lte=now) | Q(enrollment_starts_at__isnull=True),
            Q(enrollment_ends_at__gt=now)
            | Q(enrollment_ends_at__isnull=True, ends_at__gt=now)
            | Q(enrollment_ends_at__isnull=True, ends_at__isnull=True),
            course=OuterRef("pk"),
        )
        return qs.filter(Exists(open_now)) if value else qs.exclude(Exists(open_now))

    def by_search(self, qs, name, value):
        return qs.filter(selectors.course_search(value).match)


def validate_course_params(params) -> dict:
    """Errors for values the filters would silently misread, named by parameter."""
    errors = {}
    if params.get("language") and not BCP47.match(params["language"]):
        errors["language"] = [_("Give a BCP 47 language tag, e.g. en or zh-Hans.")]
    if params.get("isced") and not (params["isced"].isdigit() and len(params["isced"]) <= 4):
        errors["isced"] = [_("Give an ISCED-F 2013 code of 2 to 4 digits.")]
    if params.get("sdg") and not SDG_TARGET.match(params["sdg"]):
        errors["sdg"] = [_("Give an SDG goal or target, e.g. 4 or 4.3.")]
    if params.get("country") and not (len(params["country"]) == 2 and params["country"].isalpha()):
        errors["country"] = [_("Give an ISO 3166-1 alpha-2 country code.")]
    return errors


COUNTRY = RegexValidator(COUNTRY_PATTERN, _("Give an ISO 3166-1 alpha-2 country code."))


class InstitutionFilter(StrictFilterSet):
    region = django_filters.ChoiceFilter(choices=Region.choices)
    country = text(
        COUNTRY_PATTERN,
        method="by_country",
        validators=[COUNTRY],
        help_text=_("ISO 3166-1 alpha-2 code."),
    )
    kind = django_filters.ChoiceFilter(choices=InstitutionKind.choices)
    q = CharFilter(method="by_search", help_text=_("Search in names."))

    class Meta:
        model = Institution
        fields = ()

    def by_country(self, qs, name, value):
        return qs.filter(country=value.upper())

    def by_search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class ProjectFilter(StrictFilterSet):
    """Filters of the public projects (applied by projects.selectors.projects_for_api)."""

    kind = django_filters.ChoiceFilter(choices=ProjectKind.choices)
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices)
    region = django_filters.ChoiceFilter(
        choices=Region.choices, help_text=_("Of the lead or a partner institution.")
    )
    sdg = CharFilter(help_text=_("SDG goal, e.g. 4 (a target counts for its goal)."))
    institution = CharFilter(help_text=_("Slug of the lead or a partner institution."))

    class Meta:
        model = Project
        fields = ()

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        filters = project_selectors.ShowcaseFilters(
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            region=data.get("region") or "",
            sdg=(data.get("sdg") or "").split(".")[0],
        )
        return project_selectors.projects_for_api(
            filters=filters, institution=data.get("institution") or ""
        )


class PageFilter(StrictFilterSet):
    language = django_filters.ChoiceFilter(
        field_name="locale__language_code",
        choices=settings.LANGUAGES,
        help_text=_("Only pages in this language."),
    )


class NewsFilter(PageFilter):
    category = django_filters.ChoiceFilter(choices=NewsCategory.choices)
    tag = CharFilter(method="by_tag", help_text=_("A tag, in any case."))

    def by_tag(self, queryset, name, value):
        return queryset.filter(tagged_items__tag__name__iexact=value)


class EventFilter(PageFilter):
    upcoming = BooleanFilter(
        method="by_upcoming",
        help_text=_("true: events not yet over; false: past events."),
    )

    def by_upcoming(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(ends_at__gte=now) if value else queryset.filter(ends_at__lt=now)
