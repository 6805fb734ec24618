"""The forms of the course import page: an uploaded file, or a feed synced daily."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance import outbound
from members.models import ImportFormat, Platform


class CourseSourceForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Detect from the content")), *ImportFormat.choices],
        required=False,
    )
    platform = forms.ModelChoiceField(
        label=_("Platform"),
        queryset=Platform.objects.all(),
        help_text=_("The platform every course of the file is on."),
    )


class CourseImportForm(CourseSourceForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV, JSON or MOOChub v3, in UTF-8; at most 5 MB and 5,000 courses."),
    )
    field_order = ["file", "format", "platform"]


class CourseFeedForm(CourseSourceForm):
    url = forms.URLField(
        label=_("Feed address"),
        max_length=500,
        assume_scheme="https",
        validators=[outbound.check_url],
    )
    field_order = ["url", "format", "platform"]
