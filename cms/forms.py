"""The public forms: event registration, endorsing the Declaration, the call for input, pledges,
library filters."""

import uuid

import filetype
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from alliance.validators import validate_file_size
from cms.models import EventRegistration
from cms.models.commitment import DeclarationClause, ProgressStatus
from cms.models.consultation import AttachmentKind
from cms.models.resource import Audience, ResourceType
from cms.spam import HoneypotMixin
from members.models import Institution


class EndorsementForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none(), empty_label=None
    )
    signatory_title = forms.CharField(
        label=_("Your position"),
        max_length=200,
        help_text=_("e.g. President, Rector, Director-General"),
    )
    confirm = forms.BooleanField(
        label=_("I am authorized to sign on behalf of this institution, which endorses this text."),
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(
            pk__in=[i.pk for i in institutions]
        )


# Attachments: what the content (not the name) says a file is, and its kind.
OOXML = "application/vnd.openxmlformats-officedocument"
ATTACHMENT_TYPES = {
    "application/pdf": AttachmentKind.REPORT,
    "application/msword": AttachmentKind.REPORT,
    f"{OOXML}.wordprocessingml.document": AttachmentKind.REPORT,
    "application/vnd.oasis.opendocument.text": AttachmentKind.REPORT,
    "application/vnd.ms-powerpoint": AttachmentKind.SLIDES,
    f"{OOXML}.presentationml.presentation": AttachmentKind.SLIDES,
    "application/vnd.oasis.opendocument.presentation": AttachmentKind.SLIDES,
    "image/jpeg": AttachmentKind.PHOTO,
    "image/png": AttachmentKind.PHOTO,
    "image/webp": AttachmentKind.PHOTO,
    "video/mp4": AttachmentKind.VIDEO,
    "video/webm": AttachmentKind.VIDEO,
    "video/quicktime": AttachmentKind.VIDEO,
}
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def check_attachment(upload) -> tuple:
    """(upload, kind, content type) if the file's content is an accepted type within the limit."""
    validate_file_size(upload, MAX_ATTACHMENT_BYTES)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    if guessed is None or guessed.mime not in ATTACHMENT_TYPES:
        raise forms.ValidationError(
            _(
                "%(name)s is not an accepted file: send a report (PDF, Word, OpenDocument), "
                "slides (PowerPoint, OpenDocument), a photo (JPEG, PNG, WebP) or a video "
                "(MP4, WebM, QuickTime)."
            )
            % {"name": upload.name}
        )
    return upload, ATTACHMENT_TYPES[guessed.mime], guessed.mime


class ConsultationForm(HoneypotMixin, forms.Form):
    title = forms.CharField(
        label=_("Title of your practice"),
        max_length=200,
        help_text=_("If the secretariat publishes it as a good practice, it is titled so."),
    )
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    organization = forms.CharField(label=_("Institution or organization"), max_length=200)
    country = forms.CharField(label=_("Country"), max_length=100, required=False)
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=lazy(  # in the reader's language and number format, not the import's
            lambda: (
                _(
                    "Up to %(count)s files of at most %(size)s each: reports, slides, photos or "
                    "videos."
                )
                % {"count": MAX_ATTACHMENTS, "size": filesizeformat(MAX_ATTACHMENT_BYTES)}
            ),
            str,
        )(),
    )
    # A one-time token rendered with the form: the same form posted twice (a double click, a
    # resent request) makes one submission.
    form_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the alliance secretariat stores my contribution and may publish it, "
            "with my organization's name, as a good practice."
        )
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.label,
                help_text=question.help_text,
                required=question.required,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        # The questions come first, then who is writing, the files and the consent.
        order = [f"question_{q.pk}" for q in self.questions]
        self.order_fields(
            ["title", *order, "name", "email", "organization", "country", "attachments"]
        )

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        if len(uploads) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Send at most %(count)s files.") % {"count": MAX_ATTACHMENTS}
            )
        return [check_attachment(upload) for upload in uploads]

    def answers(self) -> list[dict]:
        return [
            {"question": q.label, "answer": self.cleaned_data.get(f"question_{q.pk}", "")}
            for q in self.questions
        ]


class PledgeForm(HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Email"), help_text=_("Not published. One signature per address.")
    )
    organization = forms.CharField(
        label=_("Institution or organization (optional)"), max_length=200, required=False
    )
    country = forms.CharField(label=_("Country (optional)"), max_length=100, required=False)
    consent = forms.BooleanField(
        label=_(
            "I sign this pledge, and agree that the alliance keeps my name and email address to "
            "count my signature and confirm it with me."
        ),
        error_messages={"required": _("Please agree to sign the pledge.")},
    )
    news_consent = forms.BooleanField(
        label=_("I would also like to receive news from the alliance (optional)."),
        required=False,
    )


class ResourceFilterForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Audience"), choices=[("", _("All audiences")), *Audience.choices], required=False
    )
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *ResourceType.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[
            ("", _("All languages")),  # named in the reader's language (Django's catalogs)
            *(
                (code, get_language_info(code)["name_translated"])
                for code, _name in settings.LANGUAGES
            ),
        ],
        required=False,
    )


ANSWER_MAX_LENGTH = 1000


class EventRegistrationForm(HoneypotMixin, forms.ModelForm):
    """The registration form, with the event's own questions (`questions`) after the details."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the alliance keeps these details to run this event and to send me "
            "messages about it."
        ),
        error_messages={"required": _("Please agree to the use of your details to register.")},
    )

    class Meta:
        model = EventRegistration
        fields = ("name", "email", "institution", "country", "role", "consent")
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "institution": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.label,
                required=question.required,
                max_length=ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["consent"] = self.fields.pop("consent")  # last, after the questions

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        cleaned["answers"] = [
            {"question": question.label, "answer": cleaned.get(f"question_{question.pk}", "")}
            for question in self.questions
        ]
        return cleaned


class AccountDeleteForm(forms.Form):
    """Deleting one's account is confirmed by typing its email address."""

    email = forms.EmailField(label=_("Type your email address to confirm"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(_("This is not the email address of your account."))
        return email


# Commitments on the Declaration (cms/commitments.py) -------------------------------------------


def _language_field():
    return forms.ChoiceField(
        label=_("Language of the text"),
        choices=[(code, get_language_info(code)["name_local"]) for code, _n in settings.LANGUAGES],
    )


class CommitmentForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none(), empty_label=None
    )
    clause = forms.ModelChoiceField(
        label=_("Clause of the Declaration"),
        queryset=DeclarationClause.objects.none(),
        empty_label=None,
    )
    text = forms.CharField(
        label=_("What the institution commits to"), max_length=2000, widget=forms.Textarea
    )
    language = _language_field()

    def __init__(self, *args, institutions, clauses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(
            pk__in=[i.pk for i in institutions]
        )
        self.fields["clause"].queryset = clauses


class CommitmentProgressForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    status = forms.ChoiceField(label=_("Status"), choices=ProgressStatus.choices)
    text = forms.CharField(label=_("What was done"), max_length=2000, widget=forms.Textarea)
    language = _language_field()


class CommitmentModerationForm(forms.Form):
    hidden = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Hide from the public page")), ("0", _("Show on the public page"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)
