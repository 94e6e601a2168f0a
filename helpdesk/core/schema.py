"""OpenAPI post-processing: what every operation may answer, stated once.

Every endpoint can refuse input (400), a missing or bad token (401), a
forbidden action (403), an absent object (404), an oversized body (413), an
unsupported media type (415) and too many requests (429). Documenting them
lets clients (and the fuzzing in CI) hold the API to its word. Each is a
response component that operations refer to, so a generated client has one
type per error, not one per operation.

Request bodies a form may carry get a component per encoding: generators pick
the encoding by the body's type, and one type for JSON and multipart makes
them send every call as multipart.
"""

import copy
from typing import Any

_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_VALIDATION_ERROR = {
    "type": "object",
    "description": "{field: [messages]} for field errors, {detail: message} otherwise.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {},
}

# status: (component name, description, schema component)
ERROR_RESPONSES: dict[str, tuple[str, str, str]] = {
    "400": ("BadRequest", "Invalid input: {field: [messages]} or {detail}.", "ValidationError"),
    "401": ("Unauthorized", "Not authenticated, or the token is invalid or expired.", "Error"),
    "403": ("Forbidden", "Authenticated but not allowed.", "Error"),
    "404": ("NotFound", "Not found, or not yours to see.", "Error"),
    "405": ("MethodNotAllowed", "Method not allowed.", "Error"),
    "413": ("PayloadTooLarge", "Request body too large.", "Error"),
    "415": ("UnsupportedMediaType", "Unsupported media type.", "Error"),
    "429": ("TooManyRequests", "Too many requests; retry after the Retry-After seconds.", "Error"),
}
# Form encodings, and the word their own request components are named with.
FORM_ENCODINGS = {"multipart/form-data": "Multipart", "application/x-www-form-urlencoded": "Form"}
_FORM_NOTE = "In a form an empty value stands for null."
# Django and DRF refuse NUL characters in text; say so, so clients know.
_NO_NUL = "^[^\\u0000]*$"


def postprocess(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Error"] = _ERROR
    schemas["ValidationError"] = _VALIDATION_ERROR
    components["responses"] = _error_responses()
    for name, schema in schemas.items():
        if name.endswith("Request"):
            for field in schema.get("properties", {}).values():
                _forbid_nul(field)
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, (component, _, schema) in ERROR_RESPONSES.items():
                declared = responses.setdefault(
                    code, {"$ref": f"#/components/responses/{component}"}
                )
                # A view's own wording for an error ("Bad credentials") keeps the body shape.
                if "$ref" not in declared:
                    declared.setdefault("content", _json(schema))
            for parameter in operation.get("parameters", []):
                _forbid_nul(parameter.get("schema", {}))
            _split_form_bodies(operation.get("requestBody", {}), schemas)
    return result


def _error_responses() -> dict[str, Any]:
    responses = {}
    for code, (component, description, schema) in ERROR_RESPONSES.items():
        response: dict[str, Any] = {
            "description": description,
            "content": _json(schema),
        }
        if code == "429":
            response["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        responses[component] = response
    return responses


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _split_form_bodies(body: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Point each form encoding of a request body at a component of its own.

    A form has no null (an empty value is null) and urlencoded carries no
    file, so those components say only what the encoding can send; a
    generated client would otherwise send None as the text "None".
    """
    if len(body.get("content", {})) > 1:
        # openapi-python-client 0.28 to 0.29.1 annotates a body with several
        # encodings `| Unset` but imports Unset only when the body is optional
        # (upstream issue #1451): the module fails to import. Declared optional,
        # it imports; a missing body is a 400 naming the missing fields.
        body["required"] = False
    for media_type, word in FORM_ENCODINGS.items():
        content = body.get("content", {}).get(media_type)
        if content is None or "$ref" not in content["schema"]:
            continue
        name = content["schema"]["$ref"].rsplit("/", 1)[1]
        form_name = f"{name.removesuffix('Request')}{word}Request"
        if form_name not in schemas:
            schemas[form_name] = _form_schema(schemas[name], files=word == "Multipart")
        content["schema"] = {"$ref": f"#/components/schemas/{form_name}"}


def _form_schema(schema: dict[str, Any], *, files: bool) -> dict[str, Any]:
    form = copy.deepcopy(schema)
    properties = form.get("properties", {})
    for name, field in list(properties.items()):
        if _is_file(field) and not files:
            del properties[name]
            continue
        if field.pop("nullable", False):
            field["description"] = f"{field.get('description', '')} {_FORM_NOTE}".strip()
    required = [name for name in form.pop("required", []) if name in properties]
    if required:  # OpenAPI 3.0 does not allow an empty list
        form["required"] = required
    return form


def _is_file(field: dict[str, Any]) -> bool:
    """A file, or a list of files (a multipart field given more than once)."""
    return field.get("format") == "binary" or field.get("items", {}).get("format") == "binary"


def _forbid_nul(schema: dict[str, Any]) -> None:
    if schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema):
        schema["pattern"] = _NO_NUL
