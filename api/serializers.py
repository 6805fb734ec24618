from django.conf import settings
from rest_framework import serializers

from members.models import Course, CourseRun, FieldOfEducation, Institution


class InstitutionSummarySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")

    class Meta:
        model = Institution
        fields = ["slug", "name", "short_name", "kind", "country", "region"]


class InstitutionSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    logo = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Institution
        fields = [
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
        ]

    def get_logo(self, institution) -> str | None:
        return institution.logo.url if institution.logo else None

    def get_url(self, institution) -> str:
        return settings.SITE_URL + institution.get_absolute_url()


class RunSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseRun
        fields = [
            "starts_at",
            "ends_at",
            "enrollment_starts_at",
            "enrollment_ends_at",
            "pacing",
            "url",
        ]


class SubjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = FieldOfEducation
        fields = ["code", "level", "name", "parent"]


class CourseSerializer(serializers.ModelSerializer):
    """A course with its institutions, runs and subjects (read) — and its writable fields."""

    institutions = InstitutionSummarySerializer(many=True, read_only=True)
    runs = RunSerializer(many=True, read_only=True)
    subjects = SubjectSerializer(source="fields", many=True, read_only=True)
    platform = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    subtitle_languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    sdg_targets = serializers.ListField(child=serializers.CharField(), read_only=True)
    page = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = [
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
        ]

    def get_page(self, course) -> str:
        return settings.SITE_URL + course.get_absolute_url()


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["institution", "course"])
    operation = serializers.ChoiceField(choices=["created", "updated", "deleted"])
    key = serializers.CharField(help_text="The slug (and, for a course, also its uuid).")
    uuid = serializers.UUIDField(allow_null=True)
    at = serializers.DateTimeField()
    url = serializers.URLField(allow_null=True)
