from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Django's renderer with the site's field layout: labels without a colon, checkboxes first."""

    field_template_name = "alliance/forms/field.html"
