"""The site's form layout (alliance/forms.py, alliance/templates/alliance/forms/): GOV.UK's error
summary, invalid and required fields marked, one label for every empty choice."""

from bs4 import BeautifulSoup
from django import forms


class PledgeForm(forms.Form):
    name = forms.CharField(label="Name")
    country = forms.ChoiceField(label="Country", choices=[("", "---------"), ("SN", "Senegal")])
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    note = forms.CharField(label="Note", required=False)
    consent = forms.BooleanField(label="I agree to the terms")

    def clean(self):
        if self.data.get("name") == "robot":
            raise forms.ValidationError("This form could not be sent.")
        return super().clean()


def _soup(form):
    return BeautifulSoup(str(form), "html.parser")


def test_a_valid_or_unbound_form_has_no_summary_and_marks_the_required_fields():
    soup = _soup(PledgeForm())
    assert soup.select_one(".error-summary") is None
    assert not soup.select(".field-invalid")
    required = [label.get_text(strip=True) for label in soup.select(".label-required")]
    assert required == ["Name", "Country", "Kind", "I agree to the terms"]  # not "Note"
    assert soup.select_one(".required-note")
    assert soup.select_one("#id_name").has_attr("required")  # what screen readers announce


def test_the_error_summary_links_to_each_invalid_field():
    form = PledgeForm(data={"name": "", "country": "", "note": "x"})
    soup = _soup(form)
    summary = soup.select_one(".error-summary")
    assert summary["role"] == "alert" and summary.has_attr("autofocus")
    assert summary.select_one("h2").get_text(strip=True) == "There is a problem"
    links = [(a["href"], a.get_text(strip=True)) for a in summary.select("a")]
    assert links == [
        ("#id_name", "Name: This field is required."),
        ("#id_country", "Country: This field is required."),
        ("#id_kind_0", "Kind: This field is required."),  # the first radio of the group
        ("#id_consent", "This field is required."),  # a checkbox's label is its sentence
    ]
    # Every link's target exists, and each invalid field is marked beside and on itself.
    for href, _text in links:
        assert soup.select_one(href) is not None
    invalid = [div.select_one("input, select")["name"] for div in soup.select(".field-invalid")]
    assert invalid == ["name", "country", "kind", "consent"]
    assert soup.select_one("#id_name")["aria-invalid"] == "true"
    assert soup.select_one("#id_note").get("aria-invalid") is None


def test_form_errors_are_in_the_summary_without_a_link():
    soup = _soup(PledgeForm(data={"name": "robot", "country": "SN", "kind": "a", "consent": "on"}))
    items = soup.select(".error-summary li")
    assert [li.get_text(strip=True) for li in items] == ["This form could not be sent."]
    assert not soup.select(".error-summary a")


def test_every_empty_choice_has_the_one_label():
    soup = _soup(PledgeForm())
    assert soup.select_one("#id_country option[value='']").get_text() == "Choose one"
