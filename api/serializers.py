from datetime import UTC

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rest_framework import serializers

from cms.selectors import registration_open_by_dates
from members.forms import RUN_FIELDS
from members.models import Course, CourseRun, FieldOfEducation, Institution
from projects.models import Project

DATES = ("starts_at", "ends_at", "enrollment_starts_at", "enrollment_ends_at")


def iso(value):
    """A datetime as DRF writes it (UTC, "Z"), fast; None stays None."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def subject_names() -> dict[str, str] | None:
    """The ISCED-F names in the active language by code; None in English, the names that
    members.selectors.attach_course_details gives (one query per answer otherwise)."""
    language = translation.get_language()
    if language == settings.LANGUAGE_CODE:
        return None
    return {
        field.code: field.translated("name", language)[0]
        for field in FieldOfEducation.objects.only("code", "name", "translations")
    }


def localized_subjects(subjects: list[dict], names: dict[str, str] | None) -> list[dict]:
    if names is None:
        return subjects
    return [
        {**subject, "name": names.get(subject["code"], subject["name"])} for subject in subjects
    ]


def decimal(value):
    return None if value is None else str(value)


class InstitutionSummarySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")

    class Meta:
        model = Institution
        fields = ("slug", "name", "short_name", "kind", "country", "region")

    def to_representation(self, institution):
        return {
            "slug": institution.slug,
            "name": institution.name,
            "short_name": institution.short_name,
            "kind": institution.kind,
            "country": str(institution.country),
            "region": institution.region,
        }


class InstitutionSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    logo = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Institution
        fields = (
            "slug",
            "name",
            "short_name",
            "kind",
            "country",
            "region",
            "income_group",
            "website",
            "logo",
            "description",
            "founding_year",
            "contact_email",
            "social_links",
            "joined_on",
            "url",
            "modified_at",
        )

    def get_logo(self, institution) -> str | None:
        return institution.logo.url if institution.logo else None

    def get_url(self, institution) -> str:
        return settings.SITE_URL + institution.get_absolute_url()


class RunSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseRun
        fields = RUN_FIELDS

    def to_representation(self, run):
        return {name: iso(getattr(run, name)) for name in DATES} | {
            "pacing": run.pacing,
            "url": run.url,
        }


class SubjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = FieldOfEducation
        fields = ("code", "level", "name", "parent")

    def to_representation(self, field):
        return {
            "code": field.code,
            "level": field.level,
            "name": field.translated("name")[0],
            "parent": field.parent_id,
        }


class RecognitionSerializer(serializers.Serializer):
    """Where a course is recognised: a course-sharing agreement in force with a partner
    institution (members.impact_selectors.attach_recognitions)."""

    institution = serializers.CharField(help_text="The partner institution's slug.")
    name = serializers.CharField()
    country = serializers.CharField()
    credit_recognition = serializers.ChoiceField(choices=["full", "partial", "none"])
    credits = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)

    def to_representation(self, recognition):
        return {
            "institution": recognition.institution,
            "name": recognition.name,
            "country": recognition.country,
            "credit_recognition": recognition.credit_recognition,
            "credits": decimal(recognition.credits),
            "starts_on": recognition.starts_on.isoformat(),
            "ends_on": recognition.ends_on.isoformat() if recognition.ends_on else None,
        }


class CourseSerializer(serializers.ModelSerializer):
    """A course with its institutions, runs and subjects (read) — and its writable fields."""

    institutions = InstitutionSummarySerializer(many=True, read_only=True)
    runs = RunSerializer(many=True, read_only=True)
    subjects = SubjectSerializer(source="fields", many=True, read_only=True)
    platform = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    subtitle_languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    sdg_targets = serializers.ListField(child=serializers.CharField(), read_only=True)
    recognised_at = RecognitionSerializer(many=True, read_only=True)
    page = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = (
            "uuid",
            "slug",
            "title",
            "summary",
            "description",
            "url",
            "page",
            "platform",
            "institutions",
            "languages",
            "subtitle_languages",
            "subjects",
            "sdg_targets",
            "recognised_at",
            "level",
            "learning_outcomes",
            "prerequisites",
            "effort_hours_per_week",
            "length_weeks",
            "is_free",
            "price",
            "currency",
            "has_certificate",
            "license",
            "accessibility_features",
            "external_id",
            "status",
            "runs",
            "created_at",
            "modified_at",
        )

    def get_page(self, course) -> str:
        return settings.SITE_URL + course.get_absolute_url()

    def to_representation(self, course):
        """Written out by hand: the list's hot path (100 to 1,000 courses a page).

        The course comes through members.selectors.attach_course_details and
        members.impact_selectors.attach_recognitions.
        """
        if not hasattr(self, "_page_url"):
            with translation.override(settings.LANGUAGE_CODE):
                self._page_url = settings.SITE_URL + reverse(
                    "members:course_detail", kwargs={"slug": "-slug-"}
                )
            self._subject_names = subject_names()
        institution = InstitutionSummarySerializer.to_representation
        run = RunSerializer.to_representation
        recognition = RecognitionSerializer.to_representation
        return {
            "uuid": str(course.uuid),
            "slug": course.slug,
            "title": course.title,
            "summary": course.summary,
            "description": course.description,
            "url": course.url,
            "page": self._page_url.replace("-slug-", course.slug),
            "platform": course.platform.slug,
            "institutions": [institution(None, i) for i in course.offered_by],
            "languages": course.languages,
            "subtitle_languages": course.subtitle_languages,
            "subjects": localized_subjects(course.subjects, self._subject_names),
            "sdg_targets": course.sdg_targets,
            "recognised_at": [recognition(None, r) for r in course.recognitions],
            "level": course.level,
            "learning_outcomes": course.learning_outcomes,
            "prerequisites": course.prerequisites,
            "effort_hours_per_week": decimal(course.effort_hours_per_week),
            "length_weeks": course.length_weeks,
            "is_free": course.is_free,
            "price": decimal(course.price),
            "currency": course.currency,
            "has_certificate": course.has_certificate,
            "license": course.license,
            "accessibility_features": course.accessibility_features,
            "external_id": course.external_id,
            "status": course.status,
            "runs": [run(None, r) for r in course.run_list],
            "created_at": iso(course.created_at),
            "modified_at": iso(course.modified_at),
        }


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["institution", "course"])
    operation = serializers.ChoiceField(choices=["created", "updated", "deleted"])
    key = serializers.CharField(help_text="The slug (and, for a course, also its uuid).")
    uuid = serializers.UUIDField(allow_null=True)
    at = serializers.DateTimeField()
    url = serializers.URLField(allow_null=True)


class ProjectSerializer(serializers.ModelSerializer):
    """A public project of the alliance, with its partners and what it has achieved."""

    lead_institution = InstitutionSummarySerializer()
    partners = InstitutionSummarySerializer(many=True)
    sdg_targets = serializers.SerializerMethodField()
    courses = serializers.SerializerMethodField()
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = (
            "slug",
            "title",
            "kind",
            "status",
            "summary",
            "description",
            "lead_institution",
            "partners",
            "start_date",
            "end_date",
            "sdg_targets",
            "parent",
            "courses",
            "campaign_url",
            "endorsement_goal",
            "endorsement_count",
            "url",
            "modified_at",
        )

    def get_sdg_targets(self, project) -> list[str]:
        return [row.target for row in project.sdg_rows.all()]

    def get_courses(self, project) -> list[str]:
        """Slugs of the linked catalog courses (joint teaching)."""
        return [course.slug for course in project.courses.all()]

    def get_url(self, project) -> str:
        return settings.SITE_URL + project.get_absolute_url()


# The website's news and events (published Wagtail pages) ------------------------------------


class PageSerializer(serializers.Serializer):
    """What every page shares: its id, language, translation group and public URL."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.SlugField()
    language = serializers.CharField(help_text="The page's language (BCP 47).")
    translation_key = serializers.UUIDField(
        help_text="The same for all translations of a page: use it to link them."
    )
    url = serializers.URLField()
    summary = serializers.CharField()
    first_published_at = serializers.DateTimeField()
    last_published_at = serializers.DateTimeField()

    def page_fields(self, page) -> dict:
        request = self.context["request"]
        return {
            "id": page.pk,
            "title": page.title,
            "slug": page.slug,
            "language": page.locale.language_code,
            "translation_key": str(page.translation_key),
            "url": request.build_absolute_uri(page.get_url(request)),
            "summary": page.intro,
            "first_published_at": iso(page.first_published_at),
            "last_published_at": iso(page.last_published_at),
        }


class NewsAuthorSerializer(serializers.Serializer):
    name = serializers.CharField()
    affiliation = serializers.CharField()


class NewsSerializer(PageSerializer):
    date = serializers.DateField()
    category = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    authors = NewsAuthorSerializer(many=True)
    body = serializers.CharField(help_text="Rich text as HTML (sanitized by the CMS).")

    def to_representation(self, page):
        from wagtail.rich_text import expand_db_html

        return {
            **self.page_fields(page),
            "date": page.date.isoformat(),
            "category": page.category,
            "tags": sorted(item.tag.name for item in page.tagged_items.all()),
            "authors": [
                {"name": author.name, "affiliation": author.affiliation}
                for author in page.authors.all()
            ],
            "body": expand_db_html(page.body),
        }


class EventSessionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    co_organizers = serializers.ListField(child=serializers.CharField())
    speakers = serializers.ListField(child=serializers.CharField())


class EventSerializer(PageSerializer):
    """An event; the live-stream link is for registrants only and never listed here."""

    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    time_zone = serializers.CharField(help_text="The event's IANA time zone.")
    organizers = serializers.CharField()
    venue = serializers.CharField()
    working_languages = serializers.CharField()
    interpretation = serializers.CharField()
    registration_open = serializers.BooleanField(
        help_text="Open now by its switch and dates (a full event still says true)."
    )
    registration_closes_at = serializers.DateTimeField(allow_null=True)
    sessions = EventSessionSerializer(many=True)

    def to_representation(self, page):
        return {
            **self.page_fields(page),
            "starts_at": iso(page.starts_at),
            "ends_at": iso(page.ends_at),
            "time_zone": page.time_zone,
            "organizers": page.organizers,
            "venue": page.venue,
            "working_languages": page.working_languages,
            "interpretation": page.interpretation,
            "registration_open": registration_open_by_dates(event=page, now=self.context["now"]),
            "registration_closes_at": iso(page.registration_closes_at),
            "sessions": [
                {
                    "kind": session.kind,
                    "title": session.title,
                    "description": session.description,
                    "starts_at": iso(session.starts_at),
                    "ends_at": iso(session.ends_at),
                    "co_organizers": session.co_organizer_list,
                    "speakers": session.speaker_list,
                }
                for session in sorted(page.sessions.all(), key=lambda s: s.starts_at)
            ],
        }
