import json
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_the_schema_builds_without_warnings_and_the_checked_in_copy_is_current(
    tmp_path: Path,
) -> None:
    fresh = tmp_path / "openapi.json"

    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(fresh),
    )

    checked_in = ROOT / "frontend" / "openapi.json"
    assert json.loads(fresh.read_text()) == json.loads(checked_in.read_text()), (
        "frontend/openapi.json is stale: run `make schema` and commit the result"
    )
