"""Request ids and JSON logs (SPEC 5b)."""

import io
import json
import logging.config
import re
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.testing import ApplicationCommunicator
from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.core.asgi import ThreadPerRequest
from helpdesk.ops.logs import logging_config


def boom(request: HttpRequest) -> HttpResponse:
    logging.getLogger("helpdesk.test").warning("about to fail")
    raise RuntimeError("the disk caught fire")


urlpatterns = [path("boom/", boom)]


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The app's JSON log configuration, written to a buffer instead of stderr."""
    buffer = io.StringIO()
    config = logging_config(log_format="json", level="INFO")
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    yield buffer
    logging.config.dictConfig(django_settings.LOGGING)


def records(buffer: io.StringIO) -> list[dict[str, Any]]:
    # json.loads of each line: a record spread over several lines fails here.
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


@pytest.mark.django_db
def test_every_response_carries_a_new_request_id(client: Client) -> None:
    first = client.get("/api/health/")
    second = client.get("/api/nothing-here/")

    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_a_sane_request_id_from_the_client_is_kept(client: Client) -> None:
    response = client.get("/api/health/", HTTP_X_REQUEST_ID="lb-7f3a:42")

    assert response["X-Request-ID"] == "lb-7f3a:42"


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["a" * 129, "two words", "x\u00e9", "<script>", ""])
def test_an_unsafe_request_id_is_replaced(client: Client, sent: str) -> None:
    response = client.get("/api/health/", HTTP_X_REQUEST_ID=sent)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_json_access_log_has_the_spec_fields(
    json_log: io.StringIO, client_for: Any, alice: User
) -> None:
    response = client_for(alice).get("/api/tickets/", HTTP_X_REQUEST_ID="req-1")

    assert response.status_code == 200
    (access,) = [r for r in records(json_log) if r["logger"] == "helpdesk.request"]
    assert access["message"] == "GET /api/tickets/ 200"
    assert access["level"] == "INFO"
    assert access["request_id"] == "req-1"
    assert access["user_id"] == alice.pk
    assert access["method"] == "GET"
    assert access["path"] == "/api/tickets/"
    assert access["status"] == 200
    assert 0 < access["duration"] < 10
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", access["time"])


@pytest.mark.django_db
def test_an_anonymous_request_logs_no_user(json_log: io.StringIO, anon: APIClient) -> None:
    anon.get("/api/tickets/")

    (access,) = [r for r in records(json_log) if r["logger"] == "helpdesk.request"]
    assert access["status"] == 401
    assert access["user_id"] is None


@pytest.mark.django_db
def test_an_error_is_one_record_with_its_traceback_and_request_id(
    json_log: io.StringIO, settings: Settings
) -> None:
    settings.ROOT_URLCONF = __name__

    response = Client(raise_request_exception=False).get("/boom/", HTTP_X_REQUEST_ID="req-2")

    assert response.status_code == 500
    logged = records(json_log)
    warning = next(r for r in logged if r["logger"] == "helpdesk.test")
    assert warning["request_id"] == "req-2"  # any logger's records carry the request
    error = next(r for r in logged if r["logger"] == "django.request")
    assert error["level"] == "ERROR"
    assert error["request_id"] == "req-2"
    assert "Traceback (most recent call last)" in error["traceback"]
    assert "RuntimeError: the disk caught fire" in error["traceback"]


def test_records_outside_a_request_have_no_request_fields(json_log: io.StringIO) -> None:
    logging.getLogger("helpdesk.test").info("starting")

    (record,) = records(json_log)
    assert record["message"] == "starting"
    assert record["request_id"] is None


@pytest.mark.anyio
@pytest.mark.parametrize(("sent", "kept"), [(b"lb-1", True), (b"bad id", False)])
async def test_a_body_refused_before_django_still_carries_a_request_id(
    sent: bytes, kept: bool
) -> None:
    app = ThreadPerRequest(HttpResponse, threads=1, max_body=10)
    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"x-request-id", sent)]}
    communicator = ApplicationCommunicator(app, scope)

    await communicator.send_input({"type": "http.request", "body": b"x" * 11})
    start = await communicator.receive_output(5)

    assert start["status"] == 413
    given = dict(start["headers"])[b"x-request-id"]
    assert (given == sent) is kept
    assert re.fullmatch(rb"lb-1|[0-9a-f]{32}", given)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
