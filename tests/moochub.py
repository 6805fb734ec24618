"""The MOOChub v3 JSON schema, for the conformance tests, from the file named by MOOCHUB_SCHEMA.

The schema is MOOChub's (https://github.com/MOOChub/schema), not part of this repository: point
MOOCHUB_SCHEMA at a copy of `moochub-schema.json` (.ci/run uses the one beside the checkout).
Without it the conformance tests are skipped, except in CI, where they fail.
"""

import json
import os
from pathlib import Path

import pytest


def moochub_schema() -> dict:
    path = os.environ.get("MOOCHUB_SCHEMA")
    if not path:
        reason = (
            "MOOCHUB_SCHEMA is not set: run `MOOCHUB_SCHEMA=/path/to/moochub-schema.json pytest` "
            "with MOOChub's schema (https://github.com/MOOChub/schema) to run this conformance test"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return json.loads(Path(path).read_text())
