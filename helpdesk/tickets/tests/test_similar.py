"""Similar tickets while typing (SPEC 4g): GET /api/tickets/similar/?q=.

alice and bob are requesters, charlie is staff."""

from collections.abc import Callable

import pytest
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db
Client = Callable[[User | None], APIClient]


def _similar(client: APIClient, q: str) -> list[str]:
    response = client.get("/api/tickets/similar/", {"q": q})
    assert response.status_code == 200, response.json()
    return [item["title"] for item in response.json()]


def _ticket(owner: User, title: str, description: str = "Nothing more to say.") -> Ticket:
    return TicketFactory.create(created_by=owner, title=title, description=description)


def test_most_similar_first_title_before_description(client_for: Client, alice: User) -> None:
    _ticket(alice, "Invoice shows the wrong amount")
    _ticket(alice, "Question", "The printer on the second floor is jammed")
    _ticket(alice, "Printer jammed on the second floor")
    _ticket(alice, "VPN disconnects")
    assert _similar(client_for(alice), "printer jammed") == [
        "Printer jammed on the second floor",
        "Question",
    ]


def test_shape_of_each_item(client_for: Client, alice: User) -> None:
    ticket = _ticket(alice, "Printer jammed")
    response = client_for(alice).get("/api/tickets/similar/", {"q": "printer"})
    assert response.json() == [
        {
            "id": ticket.pk,
            "title": "Printer jammed",
            "status": "New",
            "created_at": response.json()[0]["created_at"],
        }
    ]


def test_at_most_five(client_for: Client, charlie: User, alice: User) -> None:
    for n in range(8):
        _ticket(alice, f"Printer jammed {n}")
    assert len(_similar(client_for(charlie), "printer")) == 5


def test_requester_sees_only_their_own_tickets(client_for: Client, alice: User, bob: User) -> None:
    _ticket(alice, "Printer jammed (alice)")
    _ticket(bob, "Printer jammed (bob)")
    assert _similar(client_for(alice), "printer jammed") == ["Printer jammed (alice)"]


def test_staff_see_everyone_s_tickets(
    client_for: Client, alice: User, bob: User, charlie: User
) -> None:
    _ticket(alice, "Printer jammed (alice)")
    _ticket(bob, "Printer jammed (bob)")
    assert sorted(_similar(client_for(charlie), "printer jammed")) == [
        "Printer jammed (alice)",
        "Printer jammed (bob)",
    ]


def test_nothing_alike_or_only_short_and_common_words_is_empty(
    client_for: Client, alice: User
) -> None:
    _ticket(alice, "Printer jammed")
    client = client_for(alice)
    assert _similar(client, "zyzzogeton") == []
    assert _similar(client, "it is the") == []


@pytest.mark.parametrize(
    ("q", "status"), [("", 400), ("   ", 400), ("x" * 501, 400), ("printer\x00jam", 400)]
)
def test_bad_text_is_400(client_for: Client, alice: User, q: str, status: int) -> None:
    response = client_for(alice).get("/api/tickets/similar/", {"q": q})
    assert response.status_code == status
    assert "q" in response.json()


def test_quotes_and_operators_in_the_text_are_just_text(client_for: Client, alice: User) -> None:
    _ticket(alice, 'Error "NEAR" OR AND in title')
    assert _similar(client_for(alice), '"near" OR ( AND * title:') == [
        'Error "NEAR" OR AND in title'
    ]


def test_anonymous_gets_401(anon: APIClient) -> None:
    assert anon.get("/api/tickets/similar/", {"q": "printer"}).status_code == 401


def test_two_queries_whatever_the_matches(
    client_for: Client, alice: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(20):
        _ticket(alice, f"Printer jammed {n}")
    client = client_for(alice)
    # the user for the token, the ranked ids, the tickets
    with django_assert_num_queries(3):
        client.get("/api/tickets/similar/", {"q": "printer jammed"})
