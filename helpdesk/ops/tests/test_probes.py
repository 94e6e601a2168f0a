"""Liveness and readiness probes (SPEC 5b): 200 or 503 with every check named."""

import os
from pathlib import Path

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from pytest_django.fixtures import Settings

from helpdesk.ops import health

READY = "/api/health/ready/"


@pytest.fixture(autouse=True)
def _migrations_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # The probe remembers a success for the life of the process.
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_live_answers_without_the_database(client: Client) -> None:
    # No django_db mark: touching the database here would fail the test.
    response = client.get("/api/health/live/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"process": "ok"}}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_ready_reports_every_check(client: Client) -> None:
    response = client.get(READY)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "migrations": "ok"},
    }


@pytest.mark.django_db
def test_probes_answer_a_balancer_asking_by_ip_over_http(
    client: Client, settings: Settings
) -> None:
    settings.ALLOWED_HOSTS = ["helpdesk.example.org"]
    settings.SECURE_SSL_REDIRECT = True

    ready = client.get(READY, HTTP_HOST="10.0.0.7:8000")
    live = client.get("/api/health/live", HTTP_HOST="10.0.0.7:8000")
    other = client.get("/api/health/", HTTP_HOST="10.0.0.7:8000")

    assert ready.status_code == 200
    assert live.status_code == 200
    # The same address is refused everywhere else: the host check is on.
    assert other.status_code == 400


@pytest.mark.django_db
def test_ready_is_503_when_the_database_fails(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)

    response = client.get(READY)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "error"


@pytest.mark.django_db
def test_ready_is_503_when_a_migration_is_not_applied(client: Client) -> None:
    # The latest one: an earlier one behind an applied successor is not "unapplied".
    [(app, name)] = MigrationLoader(connection).graph.leaf_nodes("tickets")
    MigrationRecorder(connection).record_unapplied(app, name)

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "storage": "ok", "migrations": "error"}


@pytest.mark.django_db
def test_ready_is_503_when_the_storage_cannot_be_written(
    client: Client, settings: Settings, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "media")},
        },
    }

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "error"


@pytest.mark.django_db
def test_ready_accepts_a_storage_directory_that_is_yet_to_be_made(
    client: Client, settings: Settings, tmp_path: Path
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "new" / "media")},
        },
    }

    assert client.get(READY).json()["checks"]["storage"] == "ok"


@pytest.mark.django_db
def test_ready_is_503_when_redis_does_not_answer(client: Client, settings: Settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # the discard port: nothing listens

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "error"


@pytest.mark.django_db
def test_ready_checks_redis_when_it_is_configured(client: Client, settings: Settings) -> None:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        health._redis_client(url).ping()
    except Exception:
        if os.environ.get("REQUIRE_REDIS"):
            raise
        pytest.skip(f"no Redis at {url}")
    settings.REDIS_URL = url

    response = client.get(READY)

    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "ok"


def test_probes_take_only_get(client: Client) -> None:
    response = client.post("/api/health/live/")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
