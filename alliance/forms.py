from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

# The one label of every select's empty choice (Django's own is "---------").
EMPTY_CHOICE_LABEL = _("Choose one")
DJANGO_EMPTY_LABELS = {"", "---------"}


class FormRenderer(DjangoTemplates):
    """Django's renderer with the site's form layout (docs/website.md, "Forms"): an error summary
    linking to each field above the fields, labels without a colon, checkboxes first, required
    fields marked, and one label for the empty choice of a select."""

    form_template_name = "alliance/forms/form.html"
    field_template_name = "alliance/forms/field.html"

    def render(self, template_name, context, request=None):
        if template_name == self.form_template_name:
            fields = context["fields"]
            context["has_required"] = any(field.field.required for field, _errors in fields)
        elif template_name == "django/forms/widgets/select.html":
            for _group, options, _index in context["widget"]["optgroups"]:
                for option in options:
                    empty = option["value"] in ("", None)
                    if empty and str(option["label"]) in DJANGO_EMPTY_LABELS:
                        option["label"] = EMPTY_CHOICE_LABEL
        return super().render(template_name, context, request)
