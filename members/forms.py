import re

import langcodes
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from alliance import timezones
from alliance.validators import validate_image
from members.models import (
    Activity,
    Course,
    CourseRun,
    InstitutionKind,
    InstitutionRole,
    MembershipApplication,
    Region,
)

LOGO_MAX_BYTES = 2 * 1024 * 1024


def country_field(**kwargs):
    """Countries by their names in the reader's language (listed again at each use)."""
    return LazyTypedChoiceField(
        label=_("Country"), choices=lambda: [("", "—"), *countries], **kwargs
    )


def founding_year_field():
    return forms.IntegerField(
        label=_("Founding year"), required=False, min_value=800, max_value=timezone.now().year
    )


class InstitutionProfileForm(forms.Form):
    """The profile an institution keeps current; descriptions in any of the six languages."""

    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
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


class ProfileChangeRequestForm(forms.Form):
    """The kind and country set the dues: a change of them is reviewed by the secretariat."""

    kind = forms.ChoiceField(label=_("Kind of institution"), choices=InstitutionKind.choices)
    country = country_field()
    note = forms.CharField(
        label=_("Why the change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The secretariat reads this when it reviews the request."),
    )

    def __init__(self, *args, institution=None, **kwargs):
        if institution is not None:
            kwargs.setdefault(
                "initial", {"kind": institution.kind, "country": institution.country.code}
            )
        super().__init__(*args, **kwargs)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    # The least privilege by default: an administrator is chosen, never defaulted to.
    role = forms.ChoiceField(
        label=_("Role"), choices=InstitutionRole.choices, initial=InstitutionRole.STAFF
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=InstitutionRole.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


# The membership application, in three steps and a review ----------------------------------


class ApplicationInstitutionForm(forms.ModelForm):
    country = country_field()
    founding_year = founding_year_field()

    class Meta:
        model = MembershipApplication
        fields = (
            "institution_name",
            "short_name",
            "kind",
            "country",
            "website",
            "founding_year",
            "description",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class ApplicationContactForm(forms.ModelForm):
    class Meta:
        model = MembershipApplication
        fields = ("contact_name", "contact_title", "contact_email")


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
        fields = ("motivation", "activities", "agreed_to_charter")
        widgets = {"motivation": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "motivation": _("Why does your institution want to join, and what will it bring?")
        }

    def __init__(self, *args, charter_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if charter_url:
            self.fields["agreed_to_charter"].help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                charter_url,
                _("Read the alliance charter (opens in a new tab)"),
            )


class ApplicationReviewForm(forms.Form):
    """The last step: the applicant reads what they wrote, then submits (no fields)."""


APPLICATION_STEPS = [
    ("institution", ApplicationInstitutionForm),
    ("contact", ApplicationContactForm),
    ("motivation", ApplicationMotivationForm),
    ("review", ApplicationReviewForm),
]


# Courses ------------------------------------------------------------------------------------

BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def is_language_tag(tag: str) -> bool:
    """A well-formed BCP 47 tag whose subtags are in the IANA registry (langcodes), so
    `xx-notalang` is refused."""
    return bool(BCP47.match(tag)) and langcodes.tag_is_valid(tag)


SDG_TARGET = re.compile(r"^(1[0-7]|[1-9])(\.([1-9][0-9]?|[a-c]))?$")
COURSE_IMAGE_MAX_BYTES = 3 * 1024 * 1024


class ListField(forms.CharField):
    """A list typed as comma-separated values (or given as a list by an importer)."""

    def __init__(self, *, valid=None, item_message="", **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.valid, self.item_message = valid, item_message

    def to_python(self, value):
        if isinstance(value, list | tuple):
            items = [str(item).strip() for item in value]
        else:
            items = [item.strip() for item in (value or "").replace(";", ",").split(",")]
        return list(dict.fromkeys(item for item in items if item))

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for item in value:
            if self.valid and not self.valid(item):
                raise ValidationError(self.item_message, code="invalid", params={"value": item})


class FieldsOfEducationField(forms.ModelMultipleChoiceField):
    """ISCED-F codes; an unknown code is named in the error."""

    def __init__(self, **kwargs):
        from members.models import FieldOfEducation

        super().__init__(
            queryset=FieldOfEducation.objects.all(),
            required=False,
            to_field_name="code",
            error_messages={"invalid_choice": _("“%(value)s” is not an ISCED-F 2013 code.")},
            **kwargs,
        )

    by_code = None  # {code: FieldOfEducation}: checked against it instead of a query

    def clean(self, value):
        if isinstance(value, str):
            value = [item.strip() for item in value.replace(";", ",").split(",") if item.strip()]
        return super().clean(value)

    def _check_values(self, value):
        if self.by_code is None:
            return super()._check_values(value)
        if not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        for code in value:
            if str(code) not in self.by_code:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": code},
                )
        return [self.by_code[str(code)] for code in dict.fromkeys(value)]


class CourseForm(forms.ModelForm):
    """One course's data, from the web form or from one row of an import."""

    languages = ListField(
        label=_("Languages"),
        required=True,
        valid=is_language_tag,
        item_message=_("“%(value)s” is not a BCP 47 language tag (for example en, zh-Hans)."),
        help_text=_("Language tags separated by commas, for example: en, fr, zh-Hans."),
    )
    subtitle_languages = ListField(
        label=_("Subtitle languages"),
        valid=is_language_tag,
        item_message=_("“%(value)s” is not a BCP 47 language tag (for example en, zh-Hans)."),
    )
    sdg_targets = ListField(
        label=_("SDG goals and targets"),
        valid=SDG_TARGET.match,
        item_message=_("“%(value)s” is not an SDG goal or target (for example 4 or 4.3)."),
        help_text=_("For example: 4.3, 4.4, 13."),
    )
    fields = FieldsOfEducationField(
        label=_("Fields of education (ISCED-F 2013)"),
        help_text=_("Codes separated by commas, for example: 0613, 0923."),
        widget=forms.TextInput,
    )
    accessibility_features = ListField(
        label=_("Accessibility features"),
        help_text=_("For example: captions, transcripts, audio description."),
    )

    class Meta:
        model = Course
        fields = (
            "title",
            "summary",
            "description",
            "platform",
            "url",
            "languages",
            "subtitle_languages",
            "fields",
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
            "image",
            "status",
            "external_id",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "learning_outcomes": forms.Textarea(attrs={"rows": 3}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, course=None, **kwargs):
        if course is not None:
            kwargs.setdefault(
                "initial",
                {
                    "languages": list(
                        course.language_rows.filter(is_subtitle=False).values_list(
                            "code", flat=True
                        )
                    ),
                    "subtitle_languages": list(
                        course.language_rows.filter(is_subtitle=True).values_list("code", flat=True)
                    ),
                    "sdg_targets": list(course.sdg_rows.values_list("target", flat=True)),
                    "fields": ", ".join(course.fields.values_list("code", flat=True)),
                },
            )
        super().__init__(*args, instance=course, **kwargs)
        self.fields["currency"].required = False  # US dollars unless said otherwise

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "image"):
            validate_image(image, max_bytes=COURSE_IMAGE_MAX_BYTES)
        return image

    def clean_currency(self):
        currency = (self.cleaned_data["currency"] or "USD").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValidationError(
                _("Give the currency as an ISO 4217 code, for example USD or EUR.")
            )
        return currency

    def clean(self):
        data = super().clean()
        if data.get("is_free") is False and not data.get("price"):
            self.add_error("price", _("A paid course needs its price."))
        if data.get("is_free"):
            data["price"] = None
        return data


class CourseImportForm(CourseForm):
    """A new course in a batch of an import, checked without a query: the import gives the
    platform, the batch the ISCED-F fields by code and the external ids no course has yet."""

    def __init__(self, *args, platform, fields_by_code, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["platform"]
        self.instance.platform = self.platform = platform
        self.fields["fields"].by_code = fields_by_code

    def clean(self):
        return {**super().clean(), "platform": self.platform}


def course_form_values(course: Course | None) -> dict:
    """The form data of a course as it is (or of a new one): a partial write keeps the rest."""
    form = CourseForm(course=course)
    return {name: form[name].initial for name in form.fields if name != "image"}


RUN_FIELDS = ("starts_at", "ends_at", "enrollment_starts_at", "enrollment_ends_at", "pacing", "url")
RUN_TIMES = RUN_FIELDS[:4]
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends and shows


class CourseRunForm(forms.ModelForm):
    """One run. Its times are read in the current time zone (the editor's on the web, UTC in an
    import unless the value gives its offset) and stored in UTC."""

    class Meta:
        model = CourseRun
        fields = RUN_FIELDS
        widgets = {
            name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)
            for name in RUN_TIMES
        }
        error_messages = {
            name: {"invalid": _("Enter a date and time, for example 2027-03-01 09:00.")}
            for name in RUN_TIMES
        }

    def clean(self):
        data = super().clean()
        pairs = [("starts_at", "ends_at"), ("enrollment_starts_at", "enrollment_ends_at")]
        for start, end in pairs:
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, _("The end comes before the start."))
        return data


class BaseCourseRunFormSet(forms.BaseInlineFormSet):
    """The course page edits all of its runs at once: the runs it has and empty rows to add
    some (no JavaScript); a ticked "Delete" removes one. Nothing is saved while one is wrong.
    Each time field says the zone it is read in."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        zone = timezones.zone_label(timezone.get_current_timezone_name(), get_language())
        for name in RUN_TIMES:
            form.fields[name].help_text = _("Time in %(zone)s.") % {"zone": zone}


CourseRunFormSet = forms.inlineformset_factory(
    Course,
    CourseRun,
    form=CourseRunForm,
    formset=BaseCourseRunFormSet,
    extra=2,
    max_num=50,
    validate_max=True,
    can_delete=True,
    can_delete_extra=False,
)
