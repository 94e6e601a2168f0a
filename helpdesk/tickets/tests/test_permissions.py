"""The authorization matrix: every endpoint x {anonymous, owner, other requester, staff}.

alice owns the ticket; bob is another requester; charlie is staff.
"""

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets.models import StatusHistory, Ticket
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

NEW_TICKET = {"title": "Printer on fire", "description": "Again.", "category": "Other"}
EDIT = {"title": "Edited", "description": "Edited.", "category": "Billing", "status": "Resolved"}


def _call(client: APIClient, method: str, path: str, body: dict[str, Any] | None) -> int:
    return getattr(client, method)(path, body, format="json").status_code


ENDPOINTS = [
    # (name, method, path template, body, {persona: expected status})
    ("list", "get", "/api/tickets/", None, {"anon": 401, "owner": 200, "other": 200, "staff": 200}),
    (
        "create",
        "post",
        "/api/tickets/",
        NEW_TICKET,
        {"anon": 401, "owner": 201, "other": 201, "staff": 201},
    ),
    (
        "retrieve",
        "get",
        "/api/tickets/{id}/",
        None,
        {"anon": 401, "owner": 200, "other": 404, "staff": 200},
    ),
    (
        "put",
        "put",
        "/api/tickets/{id}/",
        EDIT,
        {"anon": 401, "owner": 403, "other": 404, "staff": 200},
    ),
    (
        "patch",
        "patch",
        "/api/tickets/{id}/",
        {"status": "Resolved"},
        {"anon": 401, "owner": 403, "other": 404, "staff": 200},
    ),
    (
        "status",
        "patch",
        "/api/tickets/{id}/status/",
        {"status": "Resolved"},
        {"anon": 401, "owner": 403, "other": 404, "staff": 200},
    ),
    (
        "delete",
        "delete",
        "/api/tickets/{id}/",
        None,
        {"anon": 401, "owner": 403, "other": 404, "staff": 204},
    ),
]
CELLS = [
    pytest.param(method, path, body, persona, expected, id=f"{name}-{persona}")
    for name, method, path, body, expectations in ENDPOINTS
    for persona, expected in expectations.items()
]


def _snapshot() -> list[tuple[Any, ...]]:
    tickets = list(Ticket.objects.values_list("id", "title", "description", "category", "status"))
    history = list(StatusHistory.objects.values_list("id", "ticket_id", "status"))
    return [*tickets, *history]


@pytest.mark.parametrize(("method", "path", "body", "persona", "expected"), CELLS)
def test_authorization_matrix(
    client_for: Callable[[User | None], APIClient],
    alice: User,
    bob: User,
    charlie: User,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    persona: str,
    expected: int,
) -> None:
    ticket = TicketFactory.create(created_by=alice)
    user = {"anon": None, "owner": alice, "other": bob, "staff": charlie}[persona]
    before = _snapshot()

    status = _call(client_for(user), method, path.format(id=ticket.id), body)

    assert status == expected
    if status >= 400:
        assert _snapshot() == before, "a refused request changed data"


def test_requester_lists_only_their_own_tickets(
    client_for: Callable[[User | None], APIClient], alice: User, bob: User
) -> None:
    mine = TicketFactory.create(created_by=alice)
    TicketFactory.create(created_by=bob)

    results = client_for(alice).get("/api/tickets/").json()["results"]

    assert [t["id"] for t in results] == [mine.id]


def test_staff_lists_every_ticket(
    client_for: Callable[[User | None], APIClient], alice: User, bob: User, charlie: User
) -> None:
    tickets = [TicketFactory.create(created_by=alice), TicketFactory.create(created_by=bob)]

    body = client_for(charlie).get("/api/tickets/").json()

    assert body["count"] == 2
    assert {t["id"] for t in body["results"]} == {t.id for t in tickets}


def test_requester_cannot_find_others_tickets_by_searching(
    client_for: Callable[[User | None], APIClient], alice: User, bob: User
) -> None:
    TicketFactory.create(created_by=bob, title="Secret budget")

    body = client_for(alice).get("/api/tickets/", {"search": "secret"}).json()

    assert body["count"] == 0


def test_unknown_ticket_is_404_for_staff_too(
    client_for: Callable[[User | None], APIClient], charlie: User
) -> None:
    response = client_for(charlie).get("/api/tickets/999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Ticket matches the given query."}
