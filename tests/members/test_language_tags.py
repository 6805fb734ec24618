"""Course languages are BCP 47 tags checked against the IANA registry (langcodes)."""

import pytest
from django.core.exceptions import ValidationError

from members.forms import CourseForm, is_language_tag


@pytest.mark.parametrize(
    "tag", ["en", "fr", "zh-Hans", "zh-hans", "ar", "pt-BR", "es-419", "sr-Latn"]
)
def test_registered_tags_are_accepted(tag):
    assert is_language_tag(tag)


@pytest.mark.parametrize(
    "tag", ["xx-notalang", "xx", "en-notalang", "english!", "e", "zh-Hanz", "en--US", ""]
)
def test_unregistered_or_malformed_tags_are_refused(tag):
    assert not is_language_tag(tag)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["languages", "subtitle_languages"])
def test_the_course_form_names_the_bad_tag(field):
    with pytest.raises(ValidationError) as refused:
        CourseForm().fields[field].clean("en, xx-notalang")
    assert "“xx-notalang” is not a BCP 47 language tag" in refused.value.messages[0]
    assert CourseForm().fields[field].clean("en, zh-Hans") == ["en", "zh-Hans"]
