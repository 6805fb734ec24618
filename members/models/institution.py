from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from alliance.models import Translated


class Region(models.TextChoices):
    """The five UNESCO regions."""

    AFRICA = "africa", _("Africa")
    ARAB_STATES = "arab_states", _("Arab States")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    EUROPE_NORTH_AMERICA = "europe_north_america", _("Europe and North America")
    LATIN_AMERICA_CARIBBEAN = "latin_america_caribbean", _("Latin America and the Caribbean")


class IncomeGroup(models.TextChoices):
    """World Bank income groups (members/data/world_bank_income_groups.csv)."""

    LOW = "low", _("Low income")
    LOWER_MIDDLE = "lower_middle", _("Lower-middle income")
    UPPER_MIDDLE = "upper_middle", _("Upper-middle income")
    HIGH = "high", _("High income")


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    PLATFORM = "platform", _("Online learning platform")
    INTERNATIONAL_ORGANIZATION = "international_org", _("International organization")
    REGIONAL_ORGANIZATION = "regional_org", _("Regional organization")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organization")
    PRIVATE_SECTOR = "private_sector", _("Private sector or foundation")


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """Store text as text (not \\u escapes), so that a search inside the JSON finds it."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class Institution(Translated):
    """A member institution of the alliance and its public profile; its name in the other
    languages, in the form established in each, is in `translations`."""

    translated_fields = ("name",)

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    country = CountryField(_("country"))
    region = models.CharField(_("UNESCO region"), max_length=30, choices=Region.choices, blank=True)
    region_overridden = models.BooleanField(
        _("region set by hand"),
        default=False,
        help_text=_("Otherwise the region follows the country."),
    )
    income_group = models.CharField(
        _("World Bank income group"), max_length=20, choices=IncomeGroup.choices, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="institutions/logos/", blank=True)
    description = models.JSONField(
        _("description"),
        encoder=UnicodeJSONEncoder,
        default=dict,
        blank=True,
        help_text=_("One text per language code; other languages fall back to these."),
    )
    founding_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    social_links = models.JSONField(_("social links"), default=list, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    is_public = models.BooleanField(_("shown in the public directory"), default=True)
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        permissions = [
            ("manage_people", _("Can manage the people and roles of the institution")),
            ("manage_courses", _("Can manage the institution's courses")),
            ("manage_billing", _("Can manage the institution's membership dues")),
            ("view_member_area", _("Can see the member-only areas")),
            ("suspend_institution", _("Can suspend a member institution")),
        ]
        indexes = [models.Index(fields=["region", "kind"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("members:institution_detail", kwargs={"slug": self.slug})

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    def description_in(self, language: str | None = None) -> tuple[str, str]:
        """(text, language) in `language`, else English, else the first language given."""
        language = language or get_language()
        texts = {code: text for code, text in (self.description or {}).items() if text}
        for code in (language, settings.LANGUAGE_CODE, *texts):
            if code in texts:
                return texts[code], code
        return "", language


class InstitutionRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")
    STAFF = "staff", _("Staff")


class Affiliation(models.Model):
    """A person's role at an institution. The role's group holds the object permissions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(_("role"), max_length=10, choices=InstitutionRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(fields=["user", "institution"], name="one_role_per_institution")
        ]

    def __str__(self):
        return f"{self.user} · {self.institution} · {self.get_role_display()}"


class InstitutionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Institution, on_delete=models.CASCADE)


class InstitutionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Institution, on_delete=models.CASCADE)
