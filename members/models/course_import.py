from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .course import Platform
from .institution import Institution


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
    MOOCHUB = "moochub", "MOOChub v3"


class CourseFeed(models.Model):
    """An address the institution publishes its courses at, synced daily (members.imports)."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="course_feeds"
    )
    url = models.URLField(
        _("feed address"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    format = models.CharField(
        _("format"), max_length=10, choices=ImportFormat.choices, blank=True
    )  # blank: detected from the content at each sync
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="+", verbose_name=_("platform")
    )
    etag = models.TextField(blank=True)
    last_modified = models.TextField(blank=True)  # the Last-Modified header, as sent
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_status = models.TextField(blank=True)  # what the last sync did, or why it failed
    last_error = models.TextField(blank=True)  # the last failed sync's reason (kept after)
    last_error_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)  # False: paused, not synced daily
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course feed")
        verbose_name_plural = _("course feeds")
        ordering = ["url", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "url"], name="one_feed_per_url")
        ]

    def __str__(self):
        return self.url


class CourseImport(models.Model):
    """One bulk import of courses from an uploaded file or a feed, and its row-level report."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Upload")
        FEED = "feed", _("Feed")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="course_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOAD)
    feed = models.ForeignKey(
        CourseFeed, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    format = models.CharField(_("format"), max_length=10, choices=ImportFormat.choices)
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="+", verbose_name=_("platform")
    )
    file = models.FileField(upload_to="imports/")  # private: never linked from a page
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # [{"row": 3, "external_id": "c-3", "errors": [{"column": "run_starts_at", "value": "soon",
    # "message": msgid, "params": {...}, "row": 4 (a CSV run on its own line)}]}]
    report = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)  # why a failed import could not read its file
    finished_at = models.DateTimeField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)  # last committed batch (sweeper)

    class Meta:
        verbose_name = _("course import")
        verbose_name_plural = _("course imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.institution} · {self.get_format_display()} · #{self.pk}"

    @property
    def unchanged_count(self) -> int:
        """Rows that matched their course exactly: nothing was written."""
        return self.processed_rows - self.created_count - self.updated_count - self.error_count

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
