import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.core import views
from helpdesk.tickets.tests.factories import TicketFactory


@pytest.fixture
def built_frontend(settings: Settings, tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><head><script type="module" src="/static/assets/index-abc12345.js">'
        "</script></head><body><div id=root></div></body></html>"
    )
    settings.FRONTEND_DIST = tmp_path
    views._index_template.cache_clear()
    yield tmp_path
    views._index_template.cache_clear()


@pytest.mark.parametrize("path", ["/", "/login", "/tickets/12", "/edit/3", "/no/such/page"])
def test_every_client_route_gets_the_app_shell(
    client: Client, built_frontend: Path, path: str
) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert b"<div id=root>" in response.content
    assert response["Cache-Control"] == "no-cache"


def test_runtime_config_is_injected_as_inert_json(
    client: Client, built_frontend: Path, settings: Settings
) -> None:
    settings.TAWK_PROPERTY_ID = "prop</script><script>alert(1)"
    settings.TAWK_WIDGET_ID = "widget"

    html = client.get("/").content.decode()

    match = re.search(r'<script id="app-config" type="application/json">(.*?)</script>', html)
    assert match is not None
    config = json.loads(match.group(1))
    assert config["tawkPropertyId"] == "prop</script><script>alert(1)"
    assert config["tawkWidgetId"] == "widget"
    assert config["maxUploadBytes"] == settings.ATTACHMENT_MAX_BYTES
    assert "pdf" in config["allowedExtensions"]
    assert "<script>alert(1)" not in html


def _config(client: Client) -> dict[str, object]:
    match = re.search(
        r'<script id="app-config" type="application/json">(.*?)</script>',
        client.get("/").content.decode(),
    )
    assert match is not None
    config: dict[str, object] = json.loads(match.group(1))
    return config


@pytest.mark.django_db
def test_the_limits_sent_to_the_web_app_are_the_ones_the_api_enforces(
    client: Client,
    built_frontend: Path,
    client_for: Callable[[User | None], APIClient],
    alice: User,
) -> None:
    # The web app keeps no copy of these numbers: if the API's limits change,
    # the config must change with them, or this fails.
    config = _config(client)
    title_max, comment_max = config["titleMaxLength"], config["commentMaxLength"]
    assert isinstance(title_max, int) and isinstance(comment_max, int)
    api = client_for(alice)
    ticket = {"description": "d", "category": "General"}

    assert api.post("/api/tickets/", {**ticket, "title": "t" * (title_max + 1)}).status_code == 400
    assert api.post("/api/tickets/", {**ticket, "title": "t" * title_max}).status_code == 201

    own = TicketFactory.create(created_by=alice)
    comments = f"/api/tickets/{own.pk}/comments/"
    assert api.post(comments, {"body": "c" * (comment_max + 1)}).status_code == 400
    assert api.post(comments, {"body": "c" * comment_max}).status_code == 201

    files_max = config["commentMaxFiles"]
    assert isinstance(files_max, int)

    def files(count: int) -> dict[str, object]:
        uploads = [SimpleUploadedFile(f"f{i}.txt", b"note", "text/plain") for i in range(count)]
        return {"body": "files", "attachments": uploads}

    assert api.post(comments, files(files_max + 1), format="multipart").status_code == 400
    assert api.post(comments, files(files_max), format="multipart").status_code == 201


def test_the_shell_says_so_when_the_front_end_is_not_built(
    client: Client, settings: Settings, tmp_path: Path
) -> None:
    settings.FRONTEND_DIST = tmp_path / "missing"
    views._index_template.cache_clear()

    response = client.get("/")

    assert response.status_code == 503
    assert b"make run" in response.content
