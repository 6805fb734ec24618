from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import EventRegistration


class EventRegistrationForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "I agree that the alliance keeps these details to run this event and to send me "
            "messages about it."
        ),
        error_messages={"required": _("Please agree to the use of your details to register.")},
    )

    class Meta:
        model = EventRegistration
        fields = ["name", "email", "institution", "country", "role", "consent"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "institution": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
