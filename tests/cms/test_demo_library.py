"""The demo website: every page in the six language trees, linked as translations; idempotent."""

from io import StringIO

import pytest

from cms import demo_library
from cms.models import (
    DeclarationVersion,
    Endorsement,
    Pledge,
    ResourceFile,
    ResourcePage,
    Submission,
)
from cms.models.declaration import EndorsementStatus
from members.factories import InstitutionFactory

LANGUAGES = ["en", "ar", "zh-hans", "fr", "ru", "es"]


def counts():
    return [
        model.objects.count()
        for model in (DeclarationVersion, Endorsement, ResourcePage, Submission, Pledge)
    ]


@pytest.mark.django_db
def test_the_demo_website_in_six_languages(client):
    for country in ["KE", "NG", "FR", "CN", "BR", "JO", "IN"]:
        InstitutionFactory(country=country)
    demo_library.load(StringIO())
    first = counts()
    demo_library.load(StringIO())
    assert counts() == first

    assert ResourcePage.objects.count() == 5 * 6
    english = ResourceFile.objects.filter(page__locale__language_code="en")
    assert sorted(english.values_list("language", flat=True).distinct()) == ["en", "zh-hans"]
    assert Endorsement.objects.filter(status=EndorsementStatus.CONFIRMED).exists()
    assert Submission.objects.count() == 3

    for language in LANGUAGES:
        for path in ["declaration/", "resources/", "call-for-input/", "good-practices/"]:
            response = client.get(f"/{language}/{path}")
            assert response.status_code == 200, (language, path)
    arabic = client.get("/ar/declaration/").content.decode()
    assert 'dir="rtl"' in arabic
    assert "إعلان بيجين" in arabic
    assert "مشروع للتشاور (أكتوبر/تشرين الأول 2020)" in arabic  # the versions' labels
    assert "征求意见稿（2020年10月）" in client.get("/zh-hans/declaration/").content.decode()
    assert 'hreflang="zh-hans" href="http://testserver/zh-hans/declaration/"' in arabic
    chinese = client.get("/zh-hans/resources/").content.decode()
    assert "学生指南" in chinese
    assert client.get("/fr/open-learning-for-all/").status_code == 200
    # The questions are translated with their page (child objects with their own locale).
    assert "الدور والأثر" in client.get("/ar/call-for-input/").content.decode()
    assert "Role and impact" in client.get("/en/call-for-input/").content.decode()
