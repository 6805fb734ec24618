import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from alliance.models import Translated

from .institution import Institution


class FieldOfEducation(Translated):
    """ISCED-F 2013: broad (2 digits), narrow (3) and detailed (4) fields, from the data file;
    their names in the other languages are `translations` ({"fr": {"name": "…"}})."""

    translated_fields = ("name",)

    class Level(models.TextChoices):
        BROAD = "broad", _("Broad field")
        NARROW = "narrow", _("Narrow field")
        DETAILED = "detailed", _("Detailed field")

    code = models.CharField(max_length=4, primary_key=True)
    level = models.CharField(max_length=8, choices=Level.choices)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )

    class Meta(Translated.Meta):
        verbose_name = _("field of education")
        verbose_name_plural = _("fields of education")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Platform(Translated):
    """The managed list of course platforms (xuetangX, iCourse, edX, an institution's own)."""

    translated_fields = ("name",)

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    url = models.URLField(_("website"), blank=True)

    class Meta(Translated.Meta):
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CourseLevel(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Course(index.Indexed, models.Model):
    """A course a member institution (or several, jointly) offers."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    institutions = models.ManyToManyField(
        Institution, related_name="courses", verbose_name=_("offered by")
    )
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="courses", verbose_name=_("platform")
    )
    url = models.URLField(_("course page"), max_length=500)
    fields = models.ManyToManyField(
        FieldOfEducation, related_name="courses", blank=True, verbose_name=_("fields of education")
    )
    level = models.CharField(_("level"), max_length=20, choices=CourseLevel.choices, blank=True)
    learning_outcomes = models.TextField(_("learning outcomes"), blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    effort_hours_per_week = models.DecimalField(
        _("effort (hours per week)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    length_weeks = models.PositiveSmallIntegerField(_("length (weeks)"), null=True, blank=True)
    is_free = models.BooleanField(_("free"), default=True)
    price = models.DecimalField(_("price"), max_digits=8, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    has_certificate = models.BooleanField(_("certificate offered"), default=False)
    license = models.CharField(_("license"), max_length=40, blank=True)
    accessibility_features = models.JSONField(_("accessibility features"), default=list, blank=True)
    image = models.ImageField(_("image"), upload_to="courses/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When partners last could start reading it (members.selectors.listed_course); None: never,
    # so the change feed and webhooks never mention it.
    listed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Published and offered by an institution in listed standing (members.selectors.listed_course),
    # kept by database triggers whatever writes the course, its institutions or their memberships
    # (migration 0022_course_listed): what the ORM writes here is corrected by the database.
    listed = models.BooleanField(default=False, editable=False)

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.RelatedFields(
            "institutions", [index.SearchField("name"), index.SearchField("short_name")]
        ),
        index.FilterField("status"),
    ]
    # Indexed by members.services once its relations are written (not on each save), and only
    # where the catalog searches through Wagtail's backend (members.selectors.course_search).
    search_auto_update = False

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"],
                condition=~models.Q(external_id=""),
                name="one_course_per_external_id",
            )
        ]
        indexes = [
            models.Index(fields=["modified_at", "id"]),
            # The catalog's sorts (members.selectors.CATALOG_SORTS); full-text and trigram
            # indexes on PostgreSQL: migration 0013_course_catalog_search.
            models.Index(fields=["listed", "title", "id"], name="course_catalog_title"),
            models.Index(fields=["listed", "-created_at", "-id"], name="course_catalog_newest"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("members:course_detail", kwargs={"slug": self.slug})

    @property
    def content_language(self) -> str:
        """The language its texts are written in: its first teaching language (`languages`
        when set by members.selectors.attach_course_details, else the prefetched rows)."""
        codes = getattr(self, "languages", None)
        if codes is None:
            codes = [row.code for row in self.language_rows.all() if not row.is_subtitle]
        return codes[0] if codes else settings.LANGUAGE_CODE


class CourseLanguage(models.Model):
    """A language (BCP 47) a course is taught in, or has subtitles in."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="language_rows")
    code = models.CharField(max_length=35, db_index=True)
    is_subtitle = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course", "code", "is_subtitle"], name="one_language_row"
            )
        ]

    def __str__(self):
        return self.code


class CourseSDGTarget(models.Model):
    """A UN Sustainable Development Goal target the course serves ("4.3"), or a goal ("13")."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sdg_rows")
    target = models.CharField(max_length=5, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "target"], name="one_sdg_row")]

    def __str__(self):
        return self.target


class Pacing(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced")
    INSTRUCTOR_LED = "instructor_led", _("Instructor-led")


class CourseRun(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="runs")
    starts_at = models.DateTimeField(_("start"), null=True, blank=True)
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    enrollment_starts_at = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrollment_ends_at = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    pacing = models.CharField(_("pacing"), max_length=20, choices=Pacing.choices)
    url = models.URLField(_("run page"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("course run")
        verbose_name_plural = _("course runs")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return f"{self.course} ({self.starts_at:%Y-%m-%d})" if self.starts_at else str(self.course)


class Tombstone(models.Model):
    """What remains of a deleted course or institution, so that mirrors can delete it too."""

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=120)
    uuid = models.UUIDField(null=True, blank=True)
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["deleted_at", "pk"]

    def __str__(self):
        return f"{self.kind} {self.key}"


class CatalogChange(models.Model):
    """One insert, update or delete of an institution or a course (or of what a course's API
    representation embeds: its runs, languages, targets, fields, institutions), written by
    database triggers (migration 0011_catalog_change_log), whatever code path wrote the row.

    `position` is given at commit, under a lock that orders commits, so a reader never sees a
    position before a smaller one is visible: the change feed (api.changes) reads in its order.
    """

    position = models.BigIntegerField(null=True, unique=True)
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    key = models.CharField(max_length=120)
    uuid = models.UUIDField(null=True)
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.position}: {self.kind} {self.key}"
