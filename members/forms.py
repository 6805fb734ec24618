from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from alliance.validators import validate_image
from members.models import (
    Activity,
    InstitutionKind,
    InstitutionRole,
    MembershipApplication,
    Region,
)

LOGO_MAX_BYTES = 2 * 1024 * 1024


def country_field(**kwargs):
    return LazyTypedChoiceField(label=_("Country"), choices=[("", "—"), *countries], **kwargs)


def founding_year_field():
    return forms.IntegerField(
        label=_("Founding year"), required=False, min_value=800, max_value=timezone.now().year
    )


class InstitutionProfileForm(forms.Form):
    """The profile an institution keeps current; descriptions in any of the six languages."""

    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Kind of institution"), choices=InstitutionKind.choices)
    country = country_field()
    region = forms.ChoiceField(
        label=_("UNESCO region"),
        required=False,
        choices=[("", _("Follow the country")), *Region.choices],
        help_text=_("Leave as it is unless the institution belongs to another region."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_email = forms.EmailField(label=_("Public contact email"), required=False)
    founding_year = founding_year_field()
    social_links = forms.CharField(
        label=_("Social media links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address per line."),
    )
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput,
        help_text=_("PNG, JPEG, WebP or GIF, at most 2 MB. It is resized to 400 pixels."),
    )
    is_public = forms.BooleanField(label=_("Show in the public directory"), required=False)

    def __init__(self, *args, institution=None, **kwargs):
        if institution is not None:
            kwargs.setdefault("initial", self.initial_from(institution))
        super().__init__(*args, **kwargs)
        for code, _name in settings.LANGUAGES:
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description in %(language)s")
                % {"language": settings.LANGUAGE_NAMES[code]},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
            )
            self.initial.setdefault(
                f"description_{code}",
                (institution.description or {}).get(code, "") if institution else "",
            )

    @staticmethod
    def initial_from(institution) -> dict:
        return {
            "name": institution.name,
            "short_name": institution.short_name,
            "kind": institution.kind,
            "country": institution.country.code,
            "region": institution.region if institution.region_overridden else "",
            "website": institution.website,
            "contact_email": institution.contact_email,
            "founding_year": institution.founding_year,
            "social_links": "\n".join(institution.social_links or []),
            "logo": institution.logo,
            "is_public": institution.is_public,
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "image"):
            validate_image(logo, max_bytes=LOGO_MAX_BYTES)
        return logo

    def clean_social_links(self):
        links = [line.strip() for line in self.cleaned_data["social_links"].splitlines()]
        links = [link for link in links if link]
        validate = URLValidator(schemes=["https", "http"])
        for link in links:
            try:
                validate(link)
            except ValidationError as error:
                raise ValidationError(
                    _("“%(link)s” is not a web address.") % {"link": link}
                ) from error
        if len(links) > 10:
            raise ValidationError(_("Give at most ten links."))
        return links

    def to_service_data(self) -> dict:
        data = dict(self.cleaned_data)
        texts = {
            code: data.pop(f"description_{code}").strip() for code, _name in settings.LANGUAGES
        }
        data["description"] = {code: text for code, text in texts.items() if text}
        data["region_overridden"] = bool(data["region"])
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=InstitutionRole.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=InstitutionRole.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


# The membership application, in three steps ------------------------------------------------


class ApplicationInstitutionForm(forms.ModelForm):
    country = country_field()
    founding_year = founding_year_field()

    class Meta:
        model = MembershipApplication
        fields = [
            "institution_name",
            "short_name",
            "kind",
            "country",
            "website",
            "founding_year",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class ApplicationContactForm(forms.ModelForm):
    class Meta:
        model = MembershipApplication
        fields = ["contact_name", "contact_title", "contact_email"]


class ApplicationMotivationForm(forms.ModelForm):
    activities = forms.MultipleChoiceField(
        label=_("Which alliance activities will you take part in?"),
        choices=Activity.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    agreed_to_charter = forms.BooleanField(
        label=_("On behalf of the institution, I agree to the alliance charter."),
        error_messages={"required": _("Membership needs the agreement to the alliance charter.")},
    )

    class Meta:
        model = MembershipApplication
        fields = ["motivation", "activities", "agreed_to_charter"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "motivation": _("Why does your institution want to join, and what will it bring?")
        }


APPLICATION_STEPS = [
    ("institution", ApplicationInstitutionForm),
    ("contact", ApplicationContactForm),
    ("motivation", ApplicationMotivationForm),
]
