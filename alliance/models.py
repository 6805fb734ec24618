from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Translated(models.Model):
    """Short texts (titles, summaries, labels) in the other languages, edited in the admin:
    `translations` = {"fr": {"title": "…"}}; English is in the fields themselves."""

    translated_fields: tuple[str, ...] = ()

    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('By language code, e.g. {"fr": {"title": "…"}, "zh-hans": {"title": "…"}}.'),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        languages = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
        value = self.translations
        if not isinstance(value, dict) or not all(
            isinstance(texts, dict) and all(isinstance(t, str) for t in texts.values())
            for texts in value.values()
        ):
            error = _('Give the translations as {"fr": {"%(field)s": "…"}}.') % {
                "field": self.translated_fields[0]
            }
        elif unknown := set(value) - languages:
            error = _("Unknown language codes: %(codes)s. Use %(languages)s.") % {
                "codes": ", ".join(sorted(unknown)),
                "languages": ", ".join(sorted(languages)),
            }
        elif unknown := {f for texts in value.values() for f in texts} - set(
            self.translated_fields
        ):
            error = _("Only %(fields)s can be translated, not %(unknown)s.") % {
                "fields": ", ".join(self.translated_fields),
                "unknown": ", ".join(sorted(unknown)),
            }
        else:
            return
        raise ValidationError({"translations": error})

    def translated(self, field: str, language: str | None = None) -> tuple[str, str]:
        """(text, its language): the text in `language` (default: the active one), else the
        English field."""
        language = language or get_language() or settings.LANGUAGE_CODE
        texts = self.translations.get(language) if isinstance(self.translations, dict) else None
        text = texts.get(field) if isinstance(texts, dict) else None
        if text and isinstance(text, str):
            return text, language
        return getattr(self, field), settings.LANGUAGE_CODE


class OutboxTask(models.Model):
    """A task to run, written in the transaction of the change that asks for it (alliance.outbox).

    `sent_at`: published to the broker; `done_at`: a task run once (`once=True`) claimed it.
    """

    task_id = models.UUIDField(unique=True)
    name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    publish_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("outbox task")
        verbose_name_plural = _("outbox tasks")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(done_at__isnull=True),
                name="outbox_task_open",
            )
        ]

    def __str__(self):
        return f"{self.name} {self.task_id}"


class ImageAltText(models.Model):
    """A Wagtail image's alt text in the other languages: `texts` = {"fr": "…"}; the default
    (English) one is the image's own description (alliance.images.alt_text)."""

    image = models.OneToOneField(
        "wagtailimages.Image",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="alt_text",
        verbose_name=_("image"),
    )
    texts = models.JSONField(_("alt text in other languages"), default=dict, blank=True)

    class Meta:
        verbose_name = _("image alt text")
        verbose_name_plural = _("image alt texts")

    def __str__(self):
        return str(self.image)
