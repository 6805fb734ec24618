"""The forms of the calls with review: the application (the call's own questions, built in the
admin with Wagtail's form builder), the reviewer's scores, the secretariat's assignment and the
decision."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cms.models.call import CallPage
from members.models import Institution


def application_form(
    page: CallPage, *, institutions, data=None, initial=None, draft: bool = False
) -> forms.Form:
    """The call's questions in the page's language, after the choice of institution. A draft
    may leave questions empty; what is given is still checked (an address, a date)."""
    form = page.get_form(data, initial=initial or {})
    form.fields = {
        "institution": forms.ModelChoiceField(
            label=_("Apply for"),
            queryset=Institution.objects.filter(pk__in=[i.pk for i in institutions]),
            empty_label=None if len(institutions) == 1 else "",
        ),
        **form.fields,
    }
    if draft:
        for name, question in form.fields.items():
            if name != "institution":
                question.required = False
    return form


def answers_of(form: forms.Form) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name != "institution"}


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the secretariat"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        scores = {
            f"criterion_{c.source_pk}": forms.IntegerField(
                label=_("%(criterion)s (0 to %(max)s)") % {"criterion": c.name, "max": c.max_score},
                help_text=c.description,
                min_value=0,
                max_value=c.max_score,
            )
            for c in criteria
        }
        self.fields = {**scores, **self.fields}
        self.criteria = criteria

    def scores(self) -> dict[int, int]:
        return {c.source_pk: self.cleaned_data[f"criterion_{c.source_pk}"] for c in self.criteria}


class AssignForm(forms.Form):
    email = forms.EmailField(label=_("Reviewer's email address"))

    def clean_email(self):
        email = self.cleaned_data["email"]
        reviewer = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if reviewer is None:
            raise forms.ValidationError(_("No one has an account with this address."))
        self.reviewer = reviewer
        return email


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("accept", _("Accept")), ("reject", _("Do not accept"))],
    )
    note = forms.CharField(
        label=_("Note to the applicant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
