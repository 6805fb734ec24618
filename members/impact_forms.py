"""The forms of the member reports and the course-sharing agreements."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import REPORT_FIGURES, CourseSharingAgreement, Institution, MemberReport
from .selectors import courses_of, public_institutions


class ReportForm(forms.ModelForm):
    """The figures of one year (the institution's administrators, then the secretariat)."""

    class Meta:
        model = MemberReport
        fields = (*REPORT_FIGURES, "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class AgreementForm(forms.ModelForm):
    class Meta:
        model = CourseSharingAgreement
        fields = (
            "partner_institution",
            "courses",
            "students",
            "credit_recognition",
            "credits",
            "starts_on",
            "ends_on",
        )
        widgets = {
            "courses": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_institution"].queryset = public_institutions().exclude(
            pk=institution.pk
        )
        self.fields["courses"].queryset = courses_of(institution=institution)
        self.fields["courses"].help_text = _(
            "Your institution's courses that the partner's students may take."
        )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The agreement cannot end before it starts."))
        return data
