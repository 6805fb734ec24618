"""The forms of the calls with review: the application (the call's own questions, built in the
admin with Wagtail's form builder), the reviewer's scores, the secretariat's assignment and the
decision."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cms.models.call import CallPage
from cms.models.event import SessionKind
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


DATETIME_LOCAL = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends and shows


class ProposalSessionForm(forms.Form):
    """An accepted conference proposal as a session of the edition's programme: the
    secretariat gives its slot (in the edition's zone: validate under `timezone.override`)."""

    title = forms.CharField(label=_("Session title"), max_length=300)
    speakers = forms.CharField(
        label=_("Speakers"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One per line."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )

    @classmethod
    def prefilled(cls, application, *, prefix: str) -> "ProposalSessionForm":
        """Prefilled from the proposal's answers to the questions labelled “Title”, “Speakers”
        and “Summary” (when the call's form has them), else the applicant's name."""
        answers = application.answers
        speakers = answers.get("speakers") or application.applicant.get_full_name()
        return cls(
            prefix=prefix,
            initial={
                "title": answers.get("title", ""),
                "speakers": speakers,
                "description": answers.get("summary", ""),
                "kind": SessionKind.SESSION,
            },
        )

    def session(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "speakers": data["speakers"].splitlines(),
            "description": data["description"],
            "kind": data["kind"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
        }
