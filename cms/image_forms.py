"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm

from alliance.images import alt_text, alt_texts_save


class ImageForm(BaseImageForm):
    """The admin's image form: the default alt text (the description) is required, and it may
    be given in each other language (`alt_<code>`, stored by alliance.images.alt_texts_save)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            field = self.fields["description"]
            field.required = True
            field.label = _("Alt text")
            field.help_text = _(
                "What the image shows, for people who cannot see it (one sentence)."
            )
        for code in self.other_languages():
            self.fields[f"alt_{code}"] = forms.CharField(
                label=_("Alt text in %(language)s") % {"language": settings.LANGUAGE_NAMES[code]},
                required=False,
                max_length=255,
                widget=forms.TextInput(attrs={"lang": code}),
            )
            if self.instance.pk:
                text, language = alt_text(self.instance, code)
                self.initial.setdefault(f"alt_{code}", text if language == code else "")

    @staticmethod
    def other_languages():
        return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

    def save(self, commit=True):
        image = super().save(commit=commit)
        texts = {code: self.cleaned_data.get(f"alt_{code}", "") for code in self.other_languages()}
        if commit:
            alt_texts_save(image, texts)
        else:
            save_m2m = self.save_m2m

            def save_all():
                save_m2m()
                alt_texts_save(image, texts)

            self.save_m2m = save_all
        return image
