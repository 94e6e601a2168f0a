"""`?search=`: the same answers as a plain substring scan, from an index."""

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.tickets import services
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.search import merge_search_index, search
from helpdesk.tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], APIClient]

TEXTS = [
    ("Printer jams on floor 2", "Paper stuck again."),
    ("VPN drops", "Every ten minutes, since the update."),
    ("Facture erronée", "Le montant du deuxième étage est faux."),
    ("100% CPU", "The fan_speed setting is wrong."),
    ('He said "hello"', "Quotes in the title."),
    ("パスワード", "リセットメールが届きません"),
    ("ab", "x"),
]
TERMS = [
    "printer",
    "PAPER",
    "floor 2",
    "étage",
    "100%",
    "fan_speed",
    '"hello"',
    "パスワード",
    "ab",
    "an",  # short: two characters
    "dora",
    "ORA",
    "nothing-matches-this",
    "%",
    "_",
]


@pytest.fixture
def tickets(alice: User) -> list[Ticket]:
    dora = UserFactory.create(username="dora")
    made = [TicketFactory.create(title=t, description=d, created_by=alice) for t, d in TEXTS]
    made.append(TicketFactory.create(title="Keyboard", description="Keys stick.", created_by=dora))
    return made


def expected(tickets: list[Ticket], term: str) -> set[int]:
    """The reference: a case-insensitive substring of title, description or username."""
    needle = term.upper()
    return {
        t.id
        for t in tickets
        if any(needle in text.upper() for text in (t.title, t.description, t.created_by.username))
    }


@pytest.mark.parametrize("term", TERMS)
def test_staff_and_requesters_find_what_a_substring_scan_finds(
    client_for: ClientFor, tickets: list[Ticket], alice: User, charlie: User, term: str
) -> None:
    staff = client_for(charlie).get("/api/tickets/", {"search": term, "page_size": "100"})
    mine = client_for(alice).get("/api/tickets/", {"search": term, "page_size": "100"})

    assert staff.status_code == mine.status_code == 200
    assert {t["id"] for t in staff.json()["results"]} == expected(tickets, term)
    own = [t for t in tickets if t.created_by_id == alice.id]
    assert {t["id"] for t in mine.json()["results"]} == expected(own, term)
    assert staff.json()["count"] == len(expected(tickets, term))


def found(user: User, term: str) -> set[int]:
    return set(search(Ticket.objects.all(), term, user=user).values_list("id", flat=True))


def test_the_index_follows_every_change(alice: User, charlie: User) -> None:
    ticket = services.ticket_create(
        actor=alice, title="Scanner offline", description="Since Monday.", category="Technical"
    )
    assert found(charlie, "scanner") == {ticket.id}

    services.ticket_update(ticket=ticket, actor=charlie, changes={"title": "Plotter offline"})
    assert found(charlie, "scanner") == set()
    assert found(charlie, "plotter") == {ticket.id}

    alice.username = "alicia"
    alice.save(update_fields=["username"])
    assert found(charlie, "alicia") == {ticket.id}
    assert found(charlie, "alice") == set()

    services.ticket_delete(ticket=ticket, actor=charlie)
    assert found(charlie, "plotter") == set()


def test_search_keeps_the_list_at_three_queries(
    client_for: ClientFor, tickets: list[Ticket], charlie: User
) -> None:
    client = client_for(charlie)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/tickets/", {"search": "dora"})

    assert response.status_code == 200
    assert len(queries) == 3  # user, count, page


def plan(user: User, term: str) -> str:
    return search(Ticket.objects.all(), term, user=user).order_by().explain()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram indexes")
def test_postgresql_search_uses_the_trigram_indexes(tickets: list[Ticket], charlie: User) -> None:
    # A handful of rows reads faster without an index; forbidding the full scan
    # shows whether the planner *can* match these indexes to the SQL Django emits.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        explained = plan(charlie, "printer")

    assert "ticket_title_trgm" in explained
    assert "ticket_description_trgm" in explained
    assert "user_username_trgm" in explained
    assert "Seq Scan" not in explained


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_staff_search_reads_the_fts_table(tickets: list[Ticket], charlie: User) -> None:
    assert "VIRTUAL TABLE" in plan(charlie, "printer")
    assert "VIRTUAL TABLE" not in plan(charlie, "pr")  # too short for trigrams: a scan


@pytest.mark.parametrize("limit", [1, 3, 1000])
@pytest.mark.parametrize("status", [None, "Resolved"])
def test_a_frequent_term_pages_exactly_past_the_count_limit(
    client_for: ClientFor, alice: User, charlie: User, settings: Any, limit: int, status: str | None
) -> None:
    """Past EXACT_COUNT_LIMIT matches (SQLite: in the index; PostgreSQL: in
    the list) the count is estimated; every page still holds exactly the
    matches in order, each once, in three queries."""
    settings.EXACT_COUNT_LIMIT = limit
    made = [
        TicketFactory.create(
            created_by=alice,
            title=f"Printer {n}" if n % 3 else f"Scanner {n}",
            description="The printer jams." if n % 4 == 0 else "Paper.",
            status="Resolved" if n % 2 else "New",
        )
        for n in range(14)
    ]
    wanted = [
        t
        for t in made
        if ("printer" in t.title.lower() or "printer" in t.description.lower())
        and status in (None, t.status)
    ]
    client = client_for(charlie)
    walked: list[int] = []
    url: str | None = "/api/tickets/?search=printer&page_size=3" + (
        f"&status={status}" if status else ""
    )
    while url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(queries) == 3  # user, count (or estimate), page
        body = response.json()
        if response.get("X-Count-Estimated") == "true":
            assert body["count"] >= 1
        else:
            assert body["count"] == len(wanted)
        walked += [t["id"] for t in body["results"]]
        url = body["next"]

    newest_first = sorted(wanted, key=lambda t: (t.created_at, t.id), reverse=True)
    assert walked == [t.id for t in newest_first]


def test_a_frequent_term_whose_first_matches_the_filters_all_drop_is_counted(
    client_for: ClientFor, alice: User, charlie: User, settings: Any
) -> None:
    """An estimate from none of the first matches would be 0 beside a full
    page: the count is then exact (one query more)."""
    settings.EXACT_COUNT_LIMIT = 2
    for n in range(6):
        TicketFactory.create(
            created_by=alice, title="Printer", status="New" if n < 4 else "Resolved"
        )

    response = client_for(charlie).get("/api/tickets/", {"search": "printer", "status": "Resolved"})

    assert response.json()["count"] == 2
    assert len(response.json()["results"]) == 2


ORDERINGS = [None, "priority", "-priority", "title", "-title", "sla_due", "-sla_due", "status,-id"]


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_pages_read_by_id_keep_the_lists_order(
    client_for: ClientFor, alice: User, charlie: User, settings: Any, ordering: str | None
) -> None:
    """A few matches are counted with their ids in the list's order and each
    page is read by id: the same pages, in the same order, as when the
    database orders the page itself (counts estimated past a cap of 1)."""
    due = timezone.now() + timedelta(hours=4)
    for n in range(11):
        TicketFactory.create(
            created_by=alice,
            title=f"Printer {'AbBa'[n % 4]}",
            priority=["Low", "High", "Critical", "Medium"][n % 4],
            status=["New", "Resolved", "Under Review"][n % 3],
            first_response_due_at=due - timedelta(minutes=n % 5) if n % 2 else None,
        )

    def walk() -> list[int]:
        walked: list[int] = []
        url: str | None = "/api/tickets/?search=printer&page_size=3" + (
            f"&ordering={ordering}" if ordering else ""
        )
        while url:
            body = client_for(charlie).get(url).json()
            walked += [t["id"] for t in body["results"]]
            url = body["next"]
        return walked

    by_id = walk()
    settings.EXACT_COUNT_LIMIT = settings.EXACT_COUNT_EXPECTED_LIMIT = 1
    assert by_id == walk()
    assert len(by_id) == 11


def _segments() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(DISTINCT segid) FROM ticket_search_idx")
        return int(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
@pytest.mark.django_db(transaction=True)
def test_merging_the_index_leaves_one_segment_and_the_same_matches(
    alice: User, charlie: User
) -> None:
    # Each ticket in a transaction of its own, as the app writes them: a
    # segment each, until FTS5 merges some.
    made = [
        TicketFactory.create(title=title, description=description, created_by=alice)
        for title, description in TEXTS
    ]
    before = {term: found(charlie, term) for term in TERMS}
    assert _segments() > 1

    out = StringIO()
    call_command("merge_search_index", stdout=out)

    assert _segments() == 1
    assert "merge step(s)" in out.getvalue()
    assert {term: found(charlie, term) for term in TERMS} == before
    assert before["printer"] == expected(made, "printer") != set()
    assert merge_search_index() == 0  # nothing left to merge


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL")
def test_merging_the_index_is_nothing_to_do_on_postgresql() -> None:
    assert merge_search_index() == 0
