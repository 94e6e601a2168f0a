"""SPEC 4e: response and resolution times, date filters and read markers."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets import services
from helpdesk.tickets.filters import TicketFilter
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.selectors import ticket_list
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]


def _opened_by(user: User, status: str | None = None) -> Ticket:
    return services.ticket_create(
        actor=user, title="VPN", description="Down", category="Other", status=status
    )


def _fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


# first_response_at


def test_the_first_public_staff_reply_is_the_first_response(
    client_for: ClientFor, alice: User, charlie: User, dana: User
) -> None:
    ticket = _opened_by(alice)
    assert _fresh(ticket).first_response_at is None

    reply = services.comment_create(ticket=ticket, actor=charlie, body="On it")
    services.comment_create(ticket=ticket, actor=dana, body="Me too")

    assert _fresh(ticket).first_response_at == reply.created_at
    for path in ("/api/tickets/", f"/api/tickets/{ticket.pk}/"):
        body = client_for(alice).get(path).json()
        item = body["results"][0] if "results" in body else body
        assert item["first_response_at"] == reply.created_at.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("who", ["internal note", "requester reply", "staff creator's reply"])
def test_what_is_not_a_first_response(alice: User, charlie: User, who: str) -> None:
    ticket = _opened_by(charlie if who == "staff creator's reply" else alice)
    author = alice if who == "requester reply" else charlie

    services.comment_create(ticket=ticket, actor=author, body="x", internal=who == "internal note")

    assert _fresh(ticket).first_response_at is None


# resolved_at


def test_resolve_reopen_and_resolve_again(alice: User, charlie: User) -> None:
    ticket = _opened_by(alice)
    assert _fresh(ticket).resolved_at is None

    services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")
    first = _fresh(ticket)
    assert first.resolved_at == first.updated_at

    services.ticket_change_status(ticket=ticket, actor=charlie, status="Under Review")
    assert _fresh(ticket).resolved_at is None

    services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")
    again = _fresh(ticket)
    assert again.resolved_at == again.updated_at
    assert first.resolved_at is not None and again.resolved_at > first.resolved_at

    # A change that is not of the status leaves it alone.
    services.ticket_update(ticket=ticket, actor=charlie, changes={"priority": "High"})
    assert _fresh(ticket).resolved_at == again.resolved_at


def test_a_requester_reply_that_reopens_clears_resolved_at(alice: User, charlie: User) -> None:
    ticket = _opened_by(alice)
    services.ticket_change_status(ticket=ticket, actor=charlie, status="Resolved")

    services.comment_create(ticket=ticket, actor=alice, body="Still broken")

    assert (_fresh(ticket).status, _fresh(ticket).resolved_at) == ("Under Review", None)


def test_a_ticket_created_resolved_is_resolved_at_creation(charlie: User) -> None:
    ticket = _opened_by(charlie, status="Resolved")

    assert _fresh(ticket).resolved_at == ticket.created_at


def test_the_migration_backfills_both_from_the_conversation_and_history(
    alice: User, charlie: User
) -> None:
    backfill = import_module("helpdesk.tickets.migrations.0006_workspace").backfill
    answered = _opened_by(alice)
    services.comment_create(ticket=answered, actor=charlie, body="note", internal=True)
    services.comment_create(ticket=answered, actor=alice, body="hello?")
    reply = services.comment_create(ticket=answered, actor=charlie, body="Hi")
    for status in ("Resolved", "Under Review", "Resolved"):
        services.ticket_change_status(ticket=answered, actor=charlie, status=status)
    reopened = _opened_by(alice)
    for status in ("Resolved", "Under Review"):
        services.ticket_change_status(ticket=reopened, actor=charlie, status=status)
    expected = {t.pk: (t.first_response_at, t.resolved_at) for t in Ticket.objects.all()}
    Ticket.objects.update(first_response_at=None, resolved_at=None)

    backfill(apps, None)

    assert {t.pk: (t.first_response_at, t.resolved_at) for t in Ticket.objects.all()} == expected
    assert expected[answered.pk][0] == reply.created_at
    assert expected[reopened.pk] == (None, None)


# Date filters


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def dated(alice: User) -> dict[str, Ticket]:
    """Created Nov 29 23:59, Nov 30 00:00 and 12:00, Dec 1 00:00; resolved an hour later."""
    tickets = {}
    for name, created in {
        "nov29": _at(2026, 11, 29, 23, 59),
        "nov30": _at(2026, 11, 30),
        "nov30noon": _at(2026, 11, 30, 12),
        "dec1": _at(2026, 12, 1),
    }.items():
        tickets[name] = TicketFactory.create(
            created_by=alice,
            created_at=created,
            status="Resolved",
            resolved_at=created + timedelta(hours=1),
        )
    TicketFactory.create(created_by=alice, created_at=_at(2026, 11, 30, 6))  # never resolved
    return tickets


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"created_after": "2026-11-30"}, {"nov30", "nov30noon", "dec1", "open"}),
        ({"created_before": "2026-11-30"}, {"nov29"}),
        (
            {"created_after": "2026-11-30", "created_before": "2026-12-01"},
            {"nov30", "nov30noon", "open"},
        ),
        ({"created_after": "2026-11-30T12:00:00Z"}, {"nov30noon", "dec1"}),
        ({"created_before": "2026-11-30T12:00:00Z"}, {"nov29", "nov30", "open"}),
        ({"created_after": "2026-11-30T13:00:00+01:00"}, {"nov30noon", "dec1"}),
        ({"created_after": "2026-11-30T12:00:00"}, {"nov30noon", "dec1"}),  # UTC
        ({"resolved_after": "2026-11-30"}, {"nov29", "nov30", "nov30noon", "dec1"}),
        ({"resolved_before": "2026-11-30T13:00:00Z"}, {"nov29", "nov30"}),
        ({"resolved_after": "2026-12-01", "resolved_before": "2026-12-02"}, {"dec1"}),
        (
            {"resolved_after": "2026-11-30", "status": "Resolved"},
            {"nov29", "nov30", "nov30noon", "dec1"},
        ),
    ],
)
def test_date_filters(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    dated: dict[str, Ticket],
    params: dict[str, str],
    expected: set[str],
) -> None:
    names = {ticket.pk: name for name, ticket in dated.items()}

    for user in (charlie, alice):  # the same filters for staff and for the requester
        response = client_for(user).get("/api/tickets/", params)
        assert response.status_code == 200
        found = {names.get(item["id"], "open") for item in response.json()["results"]}
        assert found == expected


@pytest.mark.parametrize(
    "param", ["created_after", "created_before", "resolved_after", "resolved_before"]
)
@pytest.mark.parametrize(
    "value", ["yesterday", "2026-13-01", "2026-02-30", "2026-11-30T25:00", "1" * 60, "2026-11-30 x"]
)
def test_a_malformed_date_is_a_400_naming_the_parameter(
    client_for: ClientFor, charlie: User, param: str, value: str
) -> None:
    response = client_for(charlie).get("/api/tickets/", {param: value})

    assert response.status_code == 400
    assert "ISO 8601" in response.json()[param][0]


def test_a_requester_filtering_by_date_still_sees_only_their_own(
    client_for: ClientFor, alice: User, bob: User
) -> None:
    TicketFactory.create(created_by=bob)

    response = client_for(alice).get("/api/tickets/", {"created_after": "2000-01-01"})

    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("param", "index"),
    [
        ("resolved_after", "ticket_resolved"),
        ("created_after", "ticket_newest"),
    ],
)
def test_the_date_filters_are_served_by_an_index(charlie: User, param: str, index: str) -> None:
    """The planner can answer each range from an index, as it answers the
    status filter from ticket_status_newest (shown with sequential scans off:
    on a handful of rows it would rightly read the table)."""
    TicketFactory.create_batch(3, status="Resolved", resolved_at=timezone.now())
    tickets = TicketFilter({param: "2026-01-01"}, queryset=ticket_list(user=charlie)).qs
    sql, params = tickets.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())

    # The range itself is what the index is searched by (PostgreSQL may name
    # another index leading with the same column, after other tests' data).
    field = param.split("_")[0] + "_at"
    assert index in plan or f"Index Cond: ({field} >=" in plan


# Read markers


def _unread(client: APIClient) -> dict[int, bool]:
    return {item["id"]: item["unread"] for item in client.get("/api/tickets/").json()["results"]}


def test_unread_until_opened_and_again_after_someone_elses_change(
    client_for: ClientFor, alice: User, charlie: User, dana: User
) -> None:
    ticket = _opened_by(alice)
    own = _opened_by(charlie)
    staff = client_for(charlie)

    # New to charlie: alice opened it. His own ticket is not.
    assert _unread(staff) == {ticket.pk: True, own.pk: False}

    assert staff.get(f"/api/tickets/{ticket.pk}/").status_code == 200
    assert _unread(staff)[ticket.pk] is False

    # His own reply and change do not make it unread for him...
    services.comment_create(ticket=ticket, actor=charlie, body="Looking")
    services.ticket_update(ticket=ticket, actor=charlie, changes={"priority": "High"})
    assert _unread(staff)[ticket.pk] is False
    # ...but they do for dana, who has not opened it.
    assert _unread(client_for(dana))[ticket.pk] is True

    # The requester's reply, a colleague's internal note or change: unread again.
    for change in (
        lambda: services.comment_create(ticket=ticket, actor=alice, body="Thanks"),
        lambda: services.comment_create(ticket=ticket, actor=dana, body="n", internal=True),
        lambda: services.ticket_change_status(ticket=ticket, actor=dana, status="Resolved"),
    ):
        staff.get(f"/api/tickets/{ticket.pk}/")
        assert _unread(staff)[ticket.pk] is False
        change()
        assert _unread(staff)[ticket.pk] is True


def test_requesters_items_carry_no_unread(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = _opened_by(alice)
    services.comment_create(ticket=ticket, actor=charlie, body="Hi")
    client = client_for(alice)

    client.get(f"/api/tickets/{ticket.pk}/")
    item = client.get("/api/tickets/").json()["results"][0]

    assert "unread" not in item


def test_reading_the_detail_writes_only_when_something_is_new(
    client_for: ClientFor,
    alice: User,
    charlie: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    ticket = _opened_by(alice)
    staff = client_for(charlie)
    staff.get(f"/api/tickets/{ticket.pk}/")

    # Opening it again with nothing new writes nothing: user, ticket (with
    # the marker), history.
    with django_assert_num_queries(3):
        assert "unread" not in staff.get(f"/api/tickets/{ticket.pk}/").json()
    # After a change it moves the one marker: one upsert more.
    services.comment_create(ticket=ticket, actor=alice, body="More")
    with django_assert_num_queries(4):
        staff.get(f"/api/tickets/{ticket.pk}/")
    assert _unread(staff)[ticket.pk] is False
    # A requester has no markers to keep: user, ticket, history.
    with django_assert_num_queries(3):
        client_for(alice).get(f"/api/tickets/{ticket.pk}/")


@pytest.mark.parametrize("count", [1, 30])
def test_unread_costs_no_query_more_per_list(
    client_for: ClientFor, alice: User, charlie: User, dana: User, count: int
) -> None:
    for n in range(count):
        ticket = _opened_by(alice)
        services.comment_create(ticket=ticket, actor=dana, body="x")
        if n % 2:
            client_for(charlie).get(f"/api/tickets/{ticket.pk}/")
    staff = client_for(charlie)

    # user, count, the page with its unread markers (in the page's query)
    with CaptureQueriesContext(connection) as queries:
        response = staff.get("/api/tickets/", {"page_size": 100})

    assert len(queries) == 3
    unread = [item["unread"] for item in response.json()["results"]]
    assert unread.count(True) == (count + 1) // 2
