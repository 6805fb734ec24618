from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from alliance.timezones import zone_names
from alliance.validators import validate_image
from members.models import Course, Institution
from members.selectors import public_institutions, published_courses
from projects.models import (
    Frequency,
    MilestoneStatus,
    Project,
    ProjectKind,
    ProjectRole,
    ProjectStatus,
    TrainingKind,
    Visibility,
)
from projects.selectors import person_name
from projects.services import DOCUMENT_TYPES, clean_sdg_targets

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PROJECT_IMAGE_MAX_BYTES = 5 * 1024 * 1024


class ProjectForm(forms.Form):
    """A project's settings; the kind-specific fields are shown for that kind only."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of project"), choices=ProjectKind.choices)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, help_text=_("One or two sentences, shown in lists.")
    )
    translations = forms.JSONField(
        label=_("Title and summary in other languages"),
        required=False,
        help_text=_('By language code, e.g. {"fr": {"title": "…", "summary": "…"}}.'),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    visibility = forms.ChoiceField(
        label=_("Who can see it"), choices=Visibility.choices, widget=forms.RadioSelect
    )
    lead_institution = forms.ModelChoiceField(
        label=_("Lead institution"), queryset=Institution.objects.none()
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner institutions"),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
        queryset=Institution.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE)
    sdg_targets = forms.CharField(
        label=_("SDG goals and targets"),
        required=False,
        help_text=_("Separated by commas, e.g. 4, 4.3, 4.b."),
    )
    parent = forms.ModelChoiceField(
        label=_("Part of the project"), queryset=Project.objects.none(), required=False
    )
    # Joint teaching
    courses = forms.ModelMultipleChoiceField(
        label=_("Linked catalog courses"),
        help_text=_(
            "Courses of the lead, partner and co-teaching institutions. "
            "Hold Ctrl (⌘ on a Mac) to choose several."
        ),
        queryset=Course.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    co_teaching_institutions = forms.ModelMultipleChoiceField(
        label=_("Co-teaching institutions"),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
        queryset=Institution.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    teaching_plan = forms.CharField(
        label=_("Teaching plan"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    # Advocacy
    campaign_goal = forms.CharField(
        label=_("Campaign goal"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    campaign_url = forms.URLField(
        label=_("Public campaign page"), required=False, assume_scheme="https"
    )
    endorsement_goal = forms.IntegerField(label=_("Endorsement goal"), required=False, min_value=0)
    endorsement_count = forms.IntegerField(label=_("Endorsements so far"), min_value=0, initial=0)

    KIND_FIELDS = {
        ProjectKind.JOINT_TEACHING: ["courses", "co_teaching_institutions", "teaching_plan"],
        ProjectKind.ADVOCACY: [
            "campaign_goal",
            "campaign_url",
            "endorsement_goal",
            "endorsement_count",
        ],
    }

    def __init__(self, *args, project=None, lead_choices=None, parent_choices=None, **kwargs):
        if project is not None:
            related = ("partners", "co_teaching_institutions", "courses")
            initial = {
                field: getattr(project, field)
                for field in self.base_fields
                if field not in related and field != "sdg_targets"
            }
            for field in related:
                initial[field] = list(getattr(project, field).values_list("pk", flat=True))
            initial["sdg_targets"] = ", ".join(project.sdg_rows.values_list("target", flat=True))
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["lead_institution"].queryset = lead_choices
        self.fields["parent"].queryset = (
            parent_choices.exclude(pk=project.pk) if project else parent_choices
        )
        # Partners are chosen among the public directory (and those already chosen).
        chosen = self.initial.get("partners", []) + self.initial.get("co_teaching_institutions", [])
        public = public_institutions() | Institution.objects.filter(pk__in=chosen)
        for name in ("partners", "co_teaching_institutions"):
            self.fields[name].queryset = public.distinct().order_by("name")
        if project is not None:
            # The published courses of the project's institutions (and those already linked).
            offered = Q(institutions=project.lead_institution_id) | Q(
                institutions__in=[*project.partners.all(), *project.co_teaching_institutions.all()]
            )
            self.fields["courses"].queryset = (
                (
                    published_courses().filter(offered)
                    | Course.objects.filter(pk__in=self.initial.get("courses", []))
                )
                .distinct()
                .order_by("title")
            )
        # A new project gets its kind-specific details once it exists.
        shown = self.KIND_FIELDS.get(project.kind, []) if project else []
        for fields in self.KIND_FIELDS.values():
            for name in fields:
                if name not in shown:
                    del self.fields[name]

    def clean_translations(self):
        return self.cleaned_data["translations"] or {}

    def clean_sdg_targets(self):
        return clean_sdg_targets(self.cleaned_data["sdg_targets"].split(","))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must come after the start date."))
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=ProjectRole.choices)

    def __init__(self, *args, allow_experts=False, **kwargs):
        super().__init__(*args, **kwargs)
        if allow_experts:
            self.fields["outside_expert"] = forms.BooleanField(
                label=_("Outside expert (not from a member institution; viewer only)"),
                required=False,
            )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ProjectRole.choices)


class UpdateForm(forms.Form):
    body = forms.CharField(
        label=_("Post an update"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mention a participant with @ and their email address or its first part."),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=4_000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("Up to 20 MB: %(types)s.") % {
            "types": ", ".join(sorted(DOCUMENT_TYPES))
        }


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—")] + [
            (p.user_id, person_name(p.user)) for p in participants
        ]


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    day = forms.DateField(label=_("Date"), widget=DATE)
    at = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(
        label=_("Time zone of the date and time"),
        help_text=_("Everyone sees the meeting in their own time zone."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=24 * 60, initial=60
    )
    location = forms.CharField(label=_("Place or video link"), max_length=300, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(name, name) for name in zone_names()]


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *countries])
    women = forms.IntegerField(label=_("Women trained"), min_value=0, initial=0)
    men = forms.IntegerField(label=_("Men trained"), min_value=0, initial=0)
    other = forms.IntegerField(
        label=_("Others trained"), min_value=0, initial=0, help_text=_("Other or not stated.")
    )
    institutions_reached = forms.IntegerField(
        label=_("Institutions reached"), min_value=0, initial=0
    )
    outcomes = forms.CharField(
        label=_("Outcomes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError({"ends_on": _("The last day must come after the first day.")})
        return data


class NotificationForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Emails about this project"), choices=Frequency.choices, widget=forms.RadioSelect
    )


class ProjectImageForm(forms.Form):
    """The project's image, uploaded by its editors: checked by content and size, with its alt
    text (required) and, optionally, the alt text in each other language."""

    image = forms.ImageField(
        label=_("Image"),
        help_text=_(
            "PNG, JPEG, WebP or GIF, at most 5 MB and 5,000 pixels on each side. "
            "A landscape picture (16:9) suits the project page best."
        ),
    )
    alt = forms.CharField(
        label=_("Alt text"),
        max_length=255,
        help_text=_("What the image shows, for people who cannot see it (one sentence)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in self.other_languages():
            self.fields[f"alt_{code}"] = forms.CharField(
                label=_("Alt text in %(language)s") % {"language": settings.LANGUAGE_NAMES[code]},
                required=False,
                max_length=255,
                widget=forms.TextInput(attrs={"lang": code}),
            )

    @staticmethod
    def other_languages():
        return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

    def clean_image(self):
        image = self.cleaned_data["image"]
        validate_image(image, max_bytes=PROJECT_IMAGE_MAX_BYTES)
        return image

    def alt_texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"alt_{code}", "") for code in self.other_languages()}
