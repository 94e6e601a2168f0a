"""OpenAPI post-processing: what every operation may answer, stated once.

Every endpoint can refuse input (400), a missing or bad token (401), a
forbidden action (403), an absent object (404), an oversized body (413), an
unsupported media type (415) and too many requests (429). Documenting them
lets clients (and the fuzzing in CI) hold the API to its word.
"""

from typing import Any

_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# {field: [messages]} for field errors, {detail: message} otherwise.
_VALIDATION_ERROR = {"type": "object", "additionalProperties": {}}

ERROR_RESPONSES: dict[str, tuple[str, str]] = {
    "400": ("Invalid input: {field: [messages]} or {detail}.", "ValidationError"),
    "401": ("Not authenticated, or the token is invalid or expired.", "Error"),
    "403": ("Authenticated but not allowed.", "Error"),
    "404": ("Not found, or not yours to see.", "Error"),
    "405": ("Method not allowed.", "Error"),
    "413": ("Request body too large.", "Error"),
    "415": ("Unsupported media type.", "Error"),
    "429": ("Too many requests; retry after the Retry-After seconds.", "Error"),
}
# Django and DRF refuse NUL characters in text; say so, so clients know.
_NO_NUL = "^[^\\u0000]*$"


def postprocess(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = _ERROR
    schemas["ValidationError"] = _VALIDATION_ERROR
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            _add_error_responses(operation)
            for parameter in operation.get("parameters", []):
                _forbid_nul(parameter.get("schema", {}))
    for name, schema in schemas.items():
        if name.endswith("Request"):
            for field in schema.get("properties", {}).values():
                _forbid_nul(field)
    return result


def _add_error_responses(operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    for code, (description, component) in ERROR_RESPONSES.items():
        response: dict[str, Any] = {
            "description": description,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
            },
        }
        if code == "429":
            response["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        responses.setdefault(code, response)


def _forbid_nul(schema: dict[str, Any]) -> None:
    if schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema):
        schema["pattern"] = _NO_NUL
