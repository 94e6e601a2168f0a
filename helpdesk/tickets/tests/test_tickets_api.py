from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.core.pagination import DeferredJoinPaginator
from helpdesk.tickets.models import StatusHistory, Ticket
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]


def iso(value: Any) -> str:
    return value.isoformat().replace("+00:00", "Z")


def user_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "email": user.email}


# A ticket made by the factory, not the services, has no service-level due times.
NO_SLA = {
    "first_response_due_at": None,
    "resolution_due_at": None,
    "first_response": "pending",
    "resolution": "pending",
    "first_response_seconds_left": None,
    "resolution_seconds_left": None,
    "first_response_at_risk": False,
    "resolution_at_risk": False,
}


def test_ticket_detail_contract(client_for: ClientFor, alice: User) -> None:
    ticket = TicketFactory.create(
        created_by=alice, title="Login Issue", description="Cannot login", category="Technical"
    )
    entry = ticket.status_history.get()

    response = client_for(alice).get(f"/api/tickets/{ticket.id}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": ticket.id,
        "title": "Login Issue",
        "description": "Cannot login",
        "category": "Technical",
        "status": "New",
        "priority": "Medium",
        "attachment": None,
        "attachment_name": None,
        "attachment_content_type": None,
        "attachment_size": None,
        "created_by": user_json(alice),
        "assignee": None,
        "created_at": iso(ticket.created_at),
        "updated_at": iso(ticket.updated_at),
        "comments_count": 0,
        "first_response_at": None,
        "resolved_at": None,
        "sla": NO_SLA,
        "waiting_on_requester": False,
        "status_history": [
            {
                "id": entry.id,
                "status": "New",
                "changed_by": user_json(alice),
                "changed_at": iso(entry.changed_at),
            }
        ],
        "rating": None,
    }


def test_status_change_contract(client_for: ClientFor, alice: User, charlie: User) -> None:
    ticket = TicketFactory.create(created_by=alice, title="T", description="D", category="Billing")

    response = client_for(charlie).patch(
        f"/api/tickets/{ticket.id}/status/", {"status": "Under Review"}, format="json"
    )

    assert response.status_code == 200
    first, second = StatusHistory.objects.filter(ticket=ticket).order_by("id")
    assert response.json() == {
        "id": ticket.id,
        "title": "T",
        "description": "D",
        "category": "Billing",
        "status": "Under Review",
        "priority": "Medium",
        "attachment": None,
        "attachment_name": None,
        "attachment_content_type": None,
        "attachment_size": None,
        "created_by": user_json(alice),
        "assignee": None,
        "created_at": iso(ticket.created_at),
        "updated_at": iso(second.changed_at),
        "comments_count": 0,
        "first_response_at": None,
        "resolved_at": None,
        "sla": NO_SLA,
        "waiting_on_requester": False,
        "status_history": [
            {
                "id": first.id,
                "status": "New",
                "changed_by": user_json(alice),
                "changed_at": iso(first.changed_at),
            },
            {
                "id": second.id,
                "status": "Under Review",
                "changed_by": user_json(charlie),
                "changed_at": iso(second.changed_at),
            },
        ],
        "rating": None,
    }


def test_create_returns_the_whole_ticket_with_its_first_history_entry(
    client_for: ClientFor, alice: User
) -> None:
    response = client_for(alice).post(
        "/api/tickets/",
        {"title": "Wi-Fi down", "description": "In room 4", "category": "Technical"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    ticket = Ticket.objects.get()
    assert body["id"] == ticket.id
    assert body["status"] == "New"
    assert body["created_by"] == user_json(alice)
    assert [(h["status"], h["changed_by"]["id"]) for h in body["status_history"]] == [
        ("New", alice.id)
    ]


def test_requester_cannot_choose_the_status_or_creator_on_create(
    client_for: ClientFor, alice: User, bob: User
) -> None:
    response = client_for(alice).post(
        "/api/tickets/",
        {
            "title": "T",
            "description": "D",
            "category": "Other",
            "status": "Resolved",
            "created_by": bob.id,
        },
        format="json",
    )

    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert ticket.status == "New"
    assert ticket.created_by == alice
    assert list(ticket.status_history.values_list("status", flat=True)) == ["New"]


def test_staff_may_choose_the_status_on_create(client_for: ClientFor, charlie: User) -> None:
    response = client_for(charlie).post(
        "/api/tickets/",
        {"title": "T", "description": "D", "category": "Other", "status": "Under Review"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["status"] == "Under Review"
    assert [h["status"] for h in response.json()["status_history"]] == ["Under Review"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "description": "D", "category": "Other"}, "title"),
        ({"title": "x" * 201, "description": "D", "category": "Other"}, "title"),
        ({"description": "D", "category": "Other"}, "title"),
        ({"title": "T", "description": "", "category": "Other"}, "description"),
        ({"title": "T", "description": "D", "category": "Gossip"}, "category"),
        ({"title": "T", "description": "D", "category": "Other", "status": "Closed"}, "status"),
        ({"title": ["list"], "description": "D", "category": "Other"}, "title"),
        ({"title": {"a": 1}, "description": "D", "category": "Other"}, "title"),
    ],
)
def test_create_refuses_invalid_fields_and_writes_nothing(
    client_for: ClientFor, alice: User, body: dict[str, Any], field: str
) -> None:
    response = client_for(alice).post("/api/tickets/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Ticket.objects.exists()
    assert not StatusHistory.objects.exists()


def test_title_of_200_characters_is_accepted(client_for: ClientFor, alice: User) -> None:
    response = client_for(alice).post(
        "/api/tickets/",
        {"title": "x" * 200, "description": "D", "category": "Other"},
        format="json",
    )

    assert response.status_code == 201


@pytest.mark.parametrize("body", ["[]", "{broken", '"a string"', "42"])
def test_malformed_json_is_a_400(client_for: ClientFor, alice: User, body: str) -> None:
    response = client_for(alice).post("/api/tickets/", body, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        (
            "put",
            "/api/tickets/{id}/",
            {"title": "New title", "description": "D", "category": "Billing", "status": "Resolved"},
        ),
        ("patch", "/api/tickets/{id}/", {"status": "Resolved"}),
        ("patch", "/api/tickets/{id}/status/", {"status": "Resolved"}),
    ],
)
def test_every_status_change_is_recorded_in_history(
    client_for: ClientFor, alice: User, charlie: User, method: str, path: str, body: dict[str, str]
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = getattr(client_for(charlie), method)(path.format(id=ticket.id), body, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "Resolved"
    history = list(ticket.status_history.values_list("status", "changed_by"))
    assert history == [("New", alice.id), ("Resolved", charlie.id)]
    assert [h["status"] for h in response.json()["status_history"]] == ["New", "Resolved"]


def test_an_edit_that_keeps_the_status_adds_no_history(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = client_for(charlie).patch(
        f"/api/tickets/{ticket.id}/", {"title": "Clearer title", "status": "New"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Clearer title"
    assert ticket.status_history.count() == 1


def test_put_requires_every_field(client_for: ClientFor, alice: User, charlie: User) -> None:
    ticket = TicketFactory.create(created_by=alice, title="Kept")

    response = client_for(charlie).put(f"/api/tickets/{ticket.id}/", {"title": "X"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"description", "category"}
    ticket.refresh_from_db()
    assert ticket.title == "Kept"


def test_status_endpoint_refuses_an_unknown_status(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    response = client_for(charlie).patch(
        f"/api/tickets/{ticket.id}/status/", {"status": "Closed"}, format="json"
    )

    assert response.status_code == 400
    assert "status" in response.json()
    assert ticket.status_history.count() == 1


def test_delete_removes_the_ticket_and_its_history(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = TicketFactory.create(created_by=alice)

    assert client_for(charlie).delete(f"/api/tickets/{ticket.id}/").status_code == 204
    assert not Ticket.objects.exists()
    assert not StatusHistory.objects.exists()


# Listing: filters, search, ordering, pagination


def test_list_filters_by_category_and_status(client_for: ClientFor, charlie: User) -> None:
    match = TicketFactory.create(category="Billing", status="Resolved")
    TicketFactory.create(category="Billing", status="New")
    TicketFactory.create(category="Technical", status="Resolved")

    body = (
        client_for(charlie)
        .get("/api/tickets/", {"category": "Billing", "status": "Resolved"})
        .json()
    )

    assert [t["id"] for t in body["results"]] == [match.id]


@pytest.mark.parametrize(
    "params",
    [{"status": "Closed"}, {"category": "Gossip"}, {"ordering": "password"}, {"status": "new"}],
)
def test_list_refuses_unknown_filter_values(
    client_for: ClientFor, charlie: User, params: dict[str, str]
) -> None:
    response = client_for(charlie).get("/api/tickets/", params)

    assert response.status_code == 400
    assert set(response.json()) == set(params)


@pytest.mark.parametrize("term", ["PRINTER", "toner", "DORA"])
def test_search_matches_title_description_or_creator_case_insensitively(
    client_for: ClientFor, charlie: User, term: str
) -> None:
    from helpdesk.accounts.tests.factories import UserFactory

    dora = UserFactory.create(username="dora")
    hits = {
        "PRINTER": TicketFactory.create(title="The printer jams"),
        "toner": TicketFactory.create(description="Out of Toner again"),
        "DORA": TicketFactory.create(created_by=dora),
    }
    TicketFactory.create(title="Unrelated", description="Nothing here")

    body = client_for(charlie).get("/api/tickets/", {"search": term}).json()

    assert [t["id"] for t in body["results"]] == [hits[term].id]


def test_list_is_newest_first_and_ordering_can_change_it(
    client_for: ClientFor, charlie: User
) -> None:
    now = timezone.now()
    old = TicketFactory.create(title="B", created_at=now - timedelta(days=2))
    new = TicketFactory.create(title="A", created_at=now)
    client = client_for(charlie)

    assert [t["id"] for t in client.get("/api/tickets/").json()["results"]] == [new.id, old.id]
    by_title = client.get("/api/tickets/", {"ordering": "title"}).json()["results"]
    assert [t["id"] for t in by_title] == [new.id, old.id]
    oldest = client.get("/api/tickets/", {"ordering": "created_at"}).json()["results"]
    assert [t["id"] for t in oldest] == [old.id, new.id]


def test_list_is_paginated_with_page_size_capped_at_100(
    client_for: ClientFor, charlie: User
) -> None:
    TicketFactory.create_batch(105)
    client = client_for(charlie)

    first = client.get("/api/tickets/").json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 105
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/tickets/?page=2")

    big = client.get("/api/tickets/", {"page_size": 500}).json()
    assert len(big["results"]) == 100

    last = client.get("/api/tickets/", {"page_size": 50, "page": 3}).json()
    assert len(last["results"]) == 5
    assert last["next"] is None


def test_walking_the_pages_returns_every_ticket_once(client_for: ClientFor, charlie: User) -> None:
    same_time = timezone.now()
    tickets = TicketFactory.create_batch(13, created_at=same_time)
    client = client_for(charlie)

    seen = []
    for page in (1, 2, 3):
        seen += [
            t["id"]
            for t in client.get("/api/tickets/", {"page": page, "page_size": 5}).json()["results"]
        ]

    assert sorted(seen) == sorted(t.id for t in tickets)


@pytest.mark.parametrize("page", ["99", "0", "abc", "-1"])
def test_a_page_out_of_range_is_404(client_for: ClientFor, charlie: User, page: str) -> None:
    TicketFactory.create()

    response = client_for(charlie).get("/api/tickets/", {"page": page})

    assert response.status_code == 404
    assert "detail" in response.json()


def test_list_items_are_light_and_carry_no_history(client_for: ClientFor, alice: User) -> None:
    TicketFactory.create(created_by=alice)

    item = client_for(alice).get("/api/tickets/").json()["results"][0]

    assert "status_history" not in item
    assert item["created_by"] == user_json(alice)


# Query counts stay flat as data grows (no N+1)


def _tickets_with_history(count: int, staff: User) -> None:
    for ticket in TicketFactory.create_batch(count):
        StatusHistory.objects.create(ticket=ticket, status="Under Review", changed_by=staff)
        StatusHistory.objects.create(ticket=ticket, status="Resolved", changed_by=staff)


@pytest.mark.parametrize("count", [1, 50])
def test_list_query_count_is_constant(
    client_for: ClientFor,
    charlie: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    count: int,
) -> None:
    _tickets_with_history(count, charlie)
    client = client_for(charlie)

    # user lookup for the token, count, page of tickets with creators and attachments
    with django_assert_num_queries(3):
        response = client.get("/api/tickets/", {"page_size": 100})

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_detail_query_count_is_constant(
    client_for: ClientFor,
    charlie: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    count: int,
) -> None:
    _tickets_with_history(count, charlie)
    ticket = Ticket.objects.order_by("id")[count - 1]
    client = client_for(charlie)

    # user lookup, ticket with creator and attachment, its history with authors,
    # and (staff) the read marker's upsert
    with django_assert_num_queries(4):
        response = client.get(f"/api/tickets/{ticket.id}/")

    assert len(response.json()["status_history"]) == 3


@pytest.mark.parametrize("ordering", ["-created_at", "-priority", "title"])
@pytest.mark.parametrize("min_offset", [0, 500])
def test_pages_walked_one_by_one_hold_every_ticket_once(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    ordering: str,
    min_offset: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Deep pages load their ids first and then those rows; 0 makes every page deep.
    monkeypatch.setattr(DeferredJoinPaginator, "min_offset", min_offset)
    for i in range(23):
        TicketFactory.create(
            created_by=alice, title=f"ticket {i % 5}", priority=["Low", "High", "Medium"][i % 3]
        )
    client = client_for(charlie)
    everything = client.get("/api/tickets/", {"ordering": ordering, "page_size": "100"}).json()

    walked = []
    for page in range(1, 6):
        response = client.get(
            "/api/tickets/", {"ordering": ordering, "page_size": "5", "page": str(page)}
        ).json()
        assert response["count"] == 23
        walked += response["results"]

    assert walked == everything["results"]
    assert len({ticket["id"] for ticket in walked}) == 23


@pytest.mark.parametrize(
    "params",
    [
        {"page": "3"},
        {"status": "New", "category": "Technical"},
        {"search": "ticket"},
        {"ordering": "-priority"},
        {"assignee": "none"},
    ],
)
@pytest.mark.parametrize("persona", ["alice", "charlie"])
def test_filtered_and_deep_list_query_count_is_three(
    request: pytest.FixtureRequest,
    client_for: ClientFor,
    alice: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    params: dict[str, str],
    persona: str,
) -> None:
    TicketFactory.create_batch(60, created_by=alice, title="a ticket")
    client = client_for(request.getfixturevalue(persona))

    # user lookup for the token, count, the page (its ids found in a subquery)
    with django_assert_num_queries(3):
        response = client.get("/api/tickets/", {**params, "page_size": "10"})

    assert response.status_code == 200


def test_write_query_counts_do_not_grow_with_the_data(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    client = client_for(charlie)
    first = TicketFactory.create(created_by=alice)

    def queries_per_write(ticket: Ticket, status: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as changed:
            response = client.patch(
                f"/api/tickets/{ticket.id}/status/", {"status": status}, format="json"
            )
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as created:
            response = client.post(
                "/api/tickets/",
                {"title": "t", "description": "d", "category": "General"},
                format="json",
            )
        assert response.status_code == 201
        return len(changed), len(created)

    # The first create reads auto-assignment's settings into the cache.
    client.post("/api/tickets/", {"title": "t", "description": "d", "category": "Other"})
    small = queries_per_write(first, "Under Review")
    _tickets_with_history(40, charlie)
    many = TicketFactory.create(created_by=alice)
    for status in ("Under Review", "Resolved", "Under Review"):
        client.patch(f"/api/tickets/{many.id}/status/", {"status": status}, format="json")

    assert queries_per_write(many, "Resolved") == small


@pytest.mark.parametrize("min_offset", [0, 500])
def test_past_the_exact_count_limit_every_page_is_still_reachable(
    client_for: ClientFor,
    charlie: User,
    settings: Any,
    min_offset: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On PostgreSQL a count past EXACT_COUNT_LIMIT is the planner's estimate;
    `next` and the pages themselves stay exact. Other databases count."""
    monkeypatch.setattr(DeferredJoinPaginator, "min_offset", min_offset)
    settings.EXACT_COUNT_LIMIT = settings.EXACT_COUNT_EXPECTED_LIMIT = 5
    tickets = TicketFactory.create_batch(12)
    client = client_for(charlie)
    estimated = connection.vendor == "postgresql"

    walked, url = [], "/api/tickets/?page_size=5"
    while url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        body = response.json()
        assert response.status_code == 200
        assert len(queries) == 3  # user, count (or estimate), page
        assert (response.get("X-Count-Estimated") == "true") is estimated
        if estimated:
            assert body["count"] > 5
        else:
            assert body["count"] == 12
        walked += [t["id"] for t in body["results"]]
        url = body["next"]

    assert walked == [t.id for t in sorted(tickets, key=lambda t: (t.created_at, t.id))][::-1]
    assert client.get("/api/tickets/", {"page_size": "5", "page": "4"}).status_code == 404
    assert client.get("/api/tickets/", {"page_size": "5", "page": "3"}).json()["previous"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner estimate")
@pytest.mark.parametrize(("expected_limit", "estimated"), [(20, False), (10, True)])
def test_a_list_the_planner_expects_to_be_short_is_counted_further(
    client_for: ClientFor, charlie: User, settings: Any, expected_limit: int, estimated: bool
) -> None:
    """Past EXACT_COUNT_LIMIT, still exact (and read by id) while the
    planner expects at most EXACT_COUNT_EXPECTED_LIMIT rows."""
    settings.EXACT_COUNT_LIMIT = 5
    settings.EXACT_COUNT_EXPECTED_LIMIT = expected_limit
    tickets = TicketFactory.create_batch(12)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tickets_ticket")  # the planner then expects 12

    response = client_for(charlie).get("/api/tickets/", {"page_size": 5})

    assert (response.get("X-Count-Estimated") == "true") is estimated
    assert response.json()["count"] >= 12 if estimated else response.json()["count"] == 12
    newest = sorted(tickets, key=lambda t: (t.created_at, t.id), reverse=True)
    assert [t["id"] for t in response.json()["results"]] == [t.id for t in newest[:5]]


def test_an_exact_count_under_the_limit_says_nothing_of_estimates(
    client_for: ClientFor, charlie: User
) -> None:
    TicketFactory.create_batch(3)

    response = client_for(charlie).get("/api/tickets/")

    assert response.json()["count"] == 3
    assert "X-Count-Estimated" not in response
