import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiKeyScope(models.TextChoices):
    READ = "read", _("Read the catalogs")
    WRITE_COURSES = "courses:write", _("Write the institution's courses")


class ApiKey(models.Model):
    """A partner's key: only its SHA-256 is stored; the key itself is shown once."""

    name = models.CharField(_("name"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys"
    )
    institution = models.ForeignKey(
        "members.Institution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_keys",
        help_text=_("A key owned by an institution may write that institution's courses."),
    )
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> tuple[str, str]:
        """(prefix, raw key): the prefix identifies the key in lists and logs."""
        prefix = secrets.token_hex(4)
        return prefix, f"gma_{prefix}_{secrets.token_urlsafe(32)}"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class Webhook(models.Model):
    """A partner's URL told of catalog changes; deliveries are signed with HMAC-SHA256."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(max_length=64)
    previous_secret = models.CharField(max_length=64, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The sequence number of the last delivery queued: each delivery carries the next one.
    last_sequence = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["pk"]

    def __str__(self):
        return self.url

    def signing_secrets(self) -> list[str]:
        """The current secret, and the previous one while a rotation is under way."""
        keep_previous = self.previous_secret and (
            self.previous_secret_expires_at and self.previous_secret_expires_at > timezone.now()
        )
        return [self.secret, self.previous_secret] if keep_previous else [self.secret]


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # Per webhook, in the order the changes were queued, so a receiver can order retries.
    sequence = models.PositiveBigIntegerField(default=0)
    # When a failed delivery is due again (api.tasks.retry_webhook_deliveries); None: never.
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} → {self.webhook}"


class IdempotentRequest(models.Model):
    """A write sent with an `Idempotency-Key` header and its answer, replayed for 24 hours to a
    retry of the same key (api.services.idempotent_write)."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)  # null while the first one runs
    body = models.BinaryField(default=b"")
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_key", "key"], name="api_idempotency_key_unique")
        ]

    def __str__(self):
        return f"{self.method} {self.path} ({self.key})"
