from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "alliance" / "locale"


@pytest.mark.parametrize("code", ["ar", "zh_Hans", "fr", "ru", "es"])
def test_every_project_string_is_translated(code):
    catalog = polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []
    assert len(catalog.translated_entries()) > 50
