"""Malformed and hostile input gets a 4xx that says what is wrong, never a 500."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]


@pytest.fixture
def staff(client_for: ClientFor, charlie: User) -> APIClient:
    client = client_for(charlie)
    client.raise_request_exception = False  # a 500 must show up as a status, not an exception
    return client


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/tickets/abc/", 404),
        ("/api/tickets/99999999999999999999999/", 404),
        ("/api/tickets/-1/", 404),
        ("/api/tickets/?page=99999999999999999999", 404),
        ("/api/tickets/?search=%00", 400),
        ("/api/tickets/?ordering=-", 400),
        ("/api/tickets/?page_size=-5", 400),
        ("/api/tickets/?page_size=null", 400),
        ("/api/tickets/?page_size=500", 200),
        ("/api/tickets/?ordering=,,,", 400),
        ("/api/tickets/?ordering=title,", 400),
        ("/api/tickets/export/?format=csv&ordering=,", 400),
        ("/api/tickets/?ordering=", 400),
        ("/api/tickets/?status=New&status=Resolved", 400),
        ("/api/tickets/?status=", 400),
        ("/api/tickets/?search=", 200),
        ("/api/tickets/?page=1&page=2", 400),
        ("/api/tickets/?page=", 400),
    ],
)
def test_odd_query_strings_get_a_clear_answer(staff: APIClient, path: str, expected: int) -> None:
    TicketFactory.create()

    response = staff.get(path)

    assert response.status_code == expected
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        b"\xff\xfe{}",
        '{"title": "\\u0000", "description": "d", "category": "Other"}',
        '{"title": NaN, "description": "d", "category": "Other"}',
        '{"title": "t", "description": "d", "category": ["Other"]}',
    ],
)
def test_hostile_json_is_a_400_and_writes_nothing(staff: APIClient, body: str | bytes) -> None:
    response = staff.post("/api/tickets/", body, content_type="application/json")

    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_a_string_where_a_file_belongs_is_a_400(staff: APIClient) -> None:
    response = staff.post(
        "/api/tickets/",
        {"title": "t", "description": "d", "category": "Other", "attachment": "not-a-file"},
        format="multipart",
    )

    assert response.status_code == 400
    assert "attachment" in response.json()


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data; boundary=zzz", "multipart/form-data"]
)
def test_broken_multipart_is_a_400(staff: APIClient, content_type: str) -> None:
    response = staff.post("/api/tickets/", b"garbage", content_type=content_type)

    assert response.status_code == 400
    assert response.json()  # says what is wrong: a parse error or the missing fields
    assert not Ticket.objects.exists()


def test_a_bogus_content_length_is_a_400(staff: APIClient) -> None:
    response = staff.generic(
        "POST",
        "/api/tickets/",
        "{}",
        content_type="application/json",
        CONTENT_LENGTH="lots",
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"title": 123, "description": "d", "category": "Other"},
        {"title": "t", "description": True, "category": "Other"},
        {"title": "t", "description": "d", "category": "Other", "assignee": "1"},
    ],
)
def test_json_values_of_the_wrong_type_are_refused_not_converted(
    staff: APIClient, body: dict[str, object]
) -> None:
    response = staff.post("/api/tickets/", body, format="json")

    assert response.status_code == 400
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("value", [1, 0, "yes", "true", "True", "on", "1", None])
def test_internal_flag_must_be_a_json_boolean(staff: APIClient, value: object) -> None:
    ticket = TicketFactory.create()

    response = staff.post(
        f"/api/tickets/{ticket.id}/comments/", {"body": "x", "internal": value}, format="json"
    )

    assert response.status_code == 400
    assert "internal" in response.json()


def test_an_empty_patch_is_refused(staff: APIClient) -> None:
    ticket = TicketFactory.create()

    response = staff.patch(f"/api/tickets/{ticket.id}/", {}, format="json")

    assert response.status_code == 400


def test_urlencoded_forms_are_refused_where_only_json_is_taken(staff: APIClient) -> None:
    # The ticket endpoints take forms (test_form_encodings); the others do not.
    response = staff.patch(
        "/api/auth/me/", "notify_email=false", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 415
