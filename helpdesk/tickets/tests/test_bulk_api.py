"""POST /api/tickets/bulk/ (SPEC 4e): one triage change for up to 100 tickets,
each ticket changed as a single change would be."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.notifications.models import Notification
from helpdesk.tickets import services
from helpdesk.tickets.models import Activity, StatusHistory, Ticket
from helpdesk.tickets.tests.conftest import Sent
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]
BULK = "/api/tickets/bulk/"


def _opened_by(user: User) -> Ticket:
    return services.ticket_create(actor=user, title="VPN", description="Down", category="Other")


def test_each_ticket_changes_as_a_single_change_would(
    client_for: ClientFor,
    alice: User,
    bob: User,
    charlie: User,
    dana: User,
    sent: Sent,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    first, untouched = (_opened_by(alice) for _ in range(2))
    second = _opened_by(bob)

    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(charlie).post(
            BULK,
            {"ids": [second.id, first.id], "status": "Resolved", "assignee": dana.id},
            format="json",
        )

    assert response.status_code == 200
    body = response.json()
    assert body["failed"] == []
    assert [item["id"] for item in body["updated"]] == [second.id, first.id]  # as asked
    for item in body["updated"]:
        assert item["status"] == "Resolved"
        assert item["assignee"]["username"] == "dana"
        assert item["resolved_at"] is not None
        assert item["unread"] is True  # charlie never opened them
    for ticket in (first, second):
        ticket.refresh_from_db()
        assert (ticket.status, ticket.assignee) == ("Resolved", dana)
        assert ticket.resolved_at == ticket.updated_at
        assert StatusHistory.objects.filter(ticket=ticket).count() == 2
        kinds = Activity.objects.filter(ticket=ticket).values_list("kind", flat=True)
        assert sorted(kinds) == ["assignee", "created", "status"]
        # Its requester hears of the status, dana of the assignment.
        assert Notification.objects.filter(
            subject__startswith=f"[#{ticket.pk}]", recipient=ticket.created_by
        ).exists()
        assert Notification.objects.filter(
            subject__startswith=f"[#{ticket.pk}]", recipient=dana
        ).exists()
    untouched.refresh_from_db()
    assert untouched.status == "New"
    # One live event per ticket, each to staff and to that ticket's requester only.
    assert [set(event) for event in sent] == [
        {"staff", f"user-{bob.pk}"},
        {"staff", f"user-{alice.pk}"},
    ]
    assert [event["staff"]["ticket"]["id"] for event in sent] == [second.id, first.id]
    for event in sent:
        for payload in event.values():
            assert payload["type"] == "ticket.updated"
            assert payload["actor"] == {"id": charlie.pk, "username": "charlie"}
            assert payload["changes"] == ["status", "assignee"]


def test_unknown_ids_are_reported_and_the_others_change(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = client_for(charlie).post(
        BULK, {"ids": [999_999, ticket.id, ticket.id], "priority": "High"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["failed"] == [{"id": 999_999, "detail": "Not found."}]
    assert [item["id"] for item in response.json()["updated"]] == [ticket.id]  # once
    ticket.refresh_from_db()
    assert ticket.priority == "High"


def test_a_ticket_that_fails_validation_is_reported_and_left_as_it_was(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    # Written around the services (an old import): a blank title.
    broken, fine = TicketFactory.create_batch(2, created_by=alice)
    Ticket.objects.filter(pk=broken.pk).update(title="")

    response = client_for(charlie).post(
        BULK, {"ids": [broken.id, fine.id], "status": "Under Review"}, format="json"
    )

    assert response.status_code == 200
    [failure] = response.json()["failed"]
    assert failure["id"] == broken.id
    assert "blank" in failure["detail"]
    assert Ticket.objects.get(pk=broken.pk).status == "New"
    assert StatusHistory.objects.filter(ticket=broken).count() == 1
    assert Ticket.objects.get(pk=fine.pk).status == "Under Review"


def test_a_ticket_already_in_that_state_is_updated_without_a_trace(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = TicketFactory.create(created_by=alice, priority="High")
    before = Ticket.objects.get(pk=ticket.pk).updated_at

    response = client_for(charlie).post(
        BULK, {"ids": [ticket.id], "priority": "High"}, format="json"
    )

    assert [item["id"] for item in response.json()["updated"]] == [ticket.id]
    assert Ticket.objects.get(pk=ticket.pk).updated_at == before
    assert Activity.objects.filter(ticket=ticket).count() == 0


def test_null_assignee_unassigns(client_for: ClientFor, alice: User, charlie: User) -> None:
    ticket = TicketFactory.create(created_by=alice, assignee=charlie)

    response = client_for(charlie).post(BULK, {"ids": [ticket.id], "assignee": None}, format="json")

    assert response.status_code == 200
    assert response.json()["updated"][0]["assignee"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ids": [1]}, "detail"),  # no change asked for
        ({"ids": [], "status": "Resolved"}, "ids"),
        ({"ids": list(range(1, 102)), "status": "Resolved"}, "ids"),
        ({"ids": [1], "status": "Done"}, "status"),
        ({"ids": [1], "priority": "Urgent"}, "priority"),
        ({"ids": [1], "assignee": 999_999}, "assignee"),
        ({"ids": ["x"], "status": "Resolved"}, "ids"),
        ({"ids": ["1"], "status": "Resolved"}, "ids"),
        ({"ids": [True], "status": "Resolved"}, "ids"),
        ({"ids": [0], "status": "Resolved"}, "ids"),
        ({"ids": [1, 2**92], "priority": "Medium"}, "ids"),
        ({"ids": [1], "assignee": 2**92}, "assignee"),
        ({"ids": 1, "status": "Resolved"}, "ids"),
        ({"status": "Resolved"}, "ids"),
        ({"ids": [1], "status": "Resolved", "title": "x"}, "title"),
    ],
)
def test_a_malformed_bulk_change_is_a_400_that_changes_nothing(
    client_for: ClientFor, alice: User, charlie: User, body: dict[str, Any], field: str
) -> None:
    TicketFactory.create(created_by=alice)

    response = client_for(charlie).post(BULK, body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Ticket.objects.exclude(status="New").exists()


def test_only_a_staff_user_can_be_assigned(
    client_for: ClientFor, alice: User, bob: User, charlie: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = client_for(charlie).post(
        BULK, {"ids": [ticket.id], "assignee": bob.id}, format="json"
    )

    assert response.status_code == 400
    assert "assignee" in response.json()
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_a_hundred_ids_are_accepted(client_for: ClientFor, charlie: User) -> None:
    tickets = TicketFactory.create_batch(100)

    response = client_for(charlie).post(
        BULK, {"ids": [t.id for t in tickets], "priority": "Low"}, format="json"
    )

    assert response.status_code == 200
    assert len(response.json()["updated"]) == 100


def test_a_requester_gets_403_even_for_their_own_tickets(
    client_for: ClientFor, alice: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    for body in ({"ids": [ticket.id], "status": "Resolved"}, {}):
        response = client_for(alice).post(BULK, body, format="json")
        assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == "New"


def test_anonymous_gets_401(client_for: ClientFor, alice: User) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = client_for(None).post(BULK, {"ids": [ticket.id], "status": "Resolved"})

    assert response.status_code == 401


def test_only_post(client_for: ClientFor, charlie: User) -> None:
    assert client_for(charlie).get(BULK).status_code == 405


# Queries: the reads are shared, only the writes grow with the tickets.


def _bulk_queries(client: APIClient, tickets: list[Ticket], **change: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(BULK, {"ids": [t.id for t in tickets], **change}, format="json")
    assert response.status_code == 200
    assert len(response.json()["updated"]) == len(tickets)
    return len(queries)


# For n tickets: constant reads, then per ticket what it writes.
#  status: UPDATE, history, activity, e-mail row + its task            -> 5 n
#  priority: UPDATE (with the new SLA due times), activity              -> 2 n
# Constant (5): the user, one lock of every ticket, the updated items, and
# after the commit one query per view for the live events (staff, requesters);
# a priority change also reads the new priority's SLA targets, once.
EXPECTED = {
    (1, "status"): 5 + 5 * 1,
    (10, "status"): 5 + 5 * 10,
    (100, "status"): 5 + 5 * 100,
    (1, "priority"): 6 + 2 * 1,
    (10, "priority"): 6 + 2 * 10,
    (100, "priority"): 6 + 2 * 100,
}


@pytest.mark.parametrize("count", [1, 10, 100])
@pytest.mark.parametrize("change", ["status", "priority"])
def test_bulk_query_count_grows_only_with_the_writes(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    count: int,
    change: str,
) -> None:
    tickets = TicketFactory.create_batch(count, created_by=alice)
    value = {"status": "Resolved", "priority": "Critical"}[change]

    with django_capture_on_commit_callbacks(execute=True):
        queries = _bulk_queries(client_for(charlie), tickets, **{change: value})

    assert queries == EXPECTED[count, change]


def test_a_bulk_change_that_changes_nothing_says_so_in_one_detail(
    client_for: ClientFor, charlie: User
) -> None:
    response = client_for(charlie).post(BULK, {"ids": [1]}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "Send at least one of status, priority or assignee."}
