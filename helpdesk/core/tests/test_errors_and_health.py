from collections.abc import Callable

import pytest
from django.db import DatabaseError
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets import selectors

ClientFor = Callable[[User | None], APIClient]


@pytest.mark.django_db
def test_health_is_ok_without_authentication(anon: APIClient) -> None:
    response = anon.get("/api/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_health_is_503_when_the_database_fails(
    anon: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)

    response = anon.get("/api/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@pytest.mark.django_db
def test_unknown_api_path_is_a_json_404(anon: APIClient) -> None:
    response = anon.get("/api/nothing-here/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_wrong_method_is_a_json_405(client_for: ClientFor, alice: User) -> None:
    response = client_for(alice).put("/api/tickets/", {}, format="json")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "PUT" not allowed.'}


@pytest.mark.django_db
def test_unsupported_media_type_is_a_json_415(client_for: ClientFor, alice: User) -> None:
    response = client_for(alice).post("/api/tickets/", "<x/>", content_type="application/xml")

    assert response.status_code == 415
    assert "detail" in response.json()


@pytest.mark.django_db
def test_an_unexpected_error_is_a_json_500_without_details(
    client_for: ClientFor, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(**kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "ticket_list", explode)
    client = client_for(alice)
    client.raise_request_exception = False

    response = client.get("/api/tickets/")

    assert response.status_code == 500
    assert response.json() == {"detail": "Server error. It has been logged."}


@pytest.mark.django_db
def test_schema_and_docs_are_served(anon: APIClient) -> None:
    schema = anon.get("/api/schema/", {"format": "json"})
    docs = anon.get("/api/docs/")

    assert schema.status_code == 200
    assert "/api/tickets/{id}/status/" in schema.json()["paths"]
    assert docs.status_code == 200
