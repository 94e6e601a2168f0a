import json
from pathlib import Path
from typing import Any

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


@pytest.mark.django_db
def test_the_schema_is_served_as_yaml_too(tmp_path: Path) -> None:
    # /api/schema/ answers YAML by default: every value must be plain data.
    fresh = tmp_path / "openapi.yaml"

    call_command("spectacular", "--format", "openapi", "--file", str(fresh))

    assert "kind:" in fresh.read_text()


def _operations() -> list[tuple[str, dict[str, Any]]]:
    schema = json.loads((ROOT / "frontend" / "openapi.json").read_text())
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def test_each_encoding_of_a_request_body_has_a_component_of_its_own() -> None:
    # Generated clients pick the encoding by the body's type (issue 19).
    shared = {
        name: refs
        for name, operation in _operations()
        for refs in [
            [
                c["schema"]["$ref"]
                for c in operation.get("requestBody", {}).get("content", {}).values()
            ]
        ]
        if len(set(refs)) != len(refs)
    }
    forms = [
        name
        for name, operation in _operations()
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    ]

    assert shared == {}
    assert "POST /api/tickets/{id}/comments/" in forms


def test_error_responses_are_components_every_operation_refers_to() -> None:
    error_bodies = {"#/components/schemas/Error", "#/components/schemas/ValidationError"}
    for name, operation in _operations():
        errors = {code: r for code, r in operation["responses"].items() if code.startswith("4")}
        assert set(errors) >= {"400", "401", "403", "404", "405", "413", "415", "429"}, name
        for response in errors.values():
            # A shared response, or a view's own wording with the shared body.
            body = response.get("content", {}).get("application/json", {}).get("schema", {})
            assert set(response) == {"$ref"} or body.get("$ref") in error_bodies, name
