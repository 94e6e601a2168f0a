"""GET /api/tickets/export/ (SPEC 4f): the list's tickets as CSV or XLSX.

Files are read back with the standard library's csv module and openpyxl and
compared row by row with the database, through an independent reading of
the rules (not the export's own code)."""

import csv
import io
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import openpyxl
import pytest
import time_machine
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries
from rest_framework.fields import DateTimeField
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets import export
from helpdesk.tickets.models import Comment, Ticket
from helpdesk.tickets.tests.factories import TicketFactory

ClientFor = Callable[[User | None], APIClient]

HEADER = [
    "id",
    "title",
    "category",
    "status",
    "priority",
    "created_by",
    "assignee",
    "created_at",
    "updated_at",
    "first_response_at",
    "resolved_at",
    "comments",
]


def body(response: Any) -> bytes:
    assert response.streaming, "an export is streamed"
    return b"".join(response.streaming_content)


def read_csv(response: Any) -> list[list[str]]:
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def read_xlsx(response: Any) -> list[list[Any]]:
    book = openpyxl.load_workbook(io.BytesIO(body(response)), read_only=True)
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def iso(value: datetime | None) -> str:
    """The API's way: ISO 8601 in UTC with a Z."""
    if value is None:
        return ""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def expected_row(ticket: Ticket) -> list[str]:
    """The row as SPEC 4f words it, as CSV text (unneutralised)."""
    return [
        str(ticket.pk),
        ticket.title,
        ticket.category,
        ticket.status,
        ticket.priority,
        ticket.created_by.username,
        ticket.assignee.username if ticket.assignee else "",
        iso(ticket.created_at),
        iso(ticket.updated_at),
        iso(ticket.first_response_at),
        iso(ticket.resolved_at),
        str(Comment.objects.filter(ticket=ticket).count()),
    ]


@pytest.fixture
def tickets(alice: User, bob: User, charlie: User, dana: User) -> list[Ticket]:
    """Tickets of two requesters, some assigned, resolved or answered, with
    replies and internal notes, created a day apart (newest last)."""
    start = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    made = []
    for n in range(6):
        at = start + timedelta(days=n, microseconds=n * 1001)
        ticket = TicketFactory.create(
            title=f"Printer {n} jams — Принтер, εκτυπωτής",
            created_by=alice if n % 2 == 0 else bob,
            category=[Ticket.Category.TECHNICAL, Ticket.Category.BILLING][n % 2],
            priority=[Ticket.Priority.LOW, Ticket.Priority.HIGH, Ticket.Priority.CRITICAL][n % 3],
            status=Ticket.Status.RESOLVED if n == 3 else Ticket.Status.NEW,
            assignee=charlie if n in (1, 3) else (dana if n == 4 else None),
            created_at=at,
            updated_at=at + timedelta(hours=2),
            first_response_at=at + timedelta(hours=1) if n in (1, 3) else None,
            resolved_at=at + timedelta(hours=2) if n == 3 else None,
        )
        for k in range(n % 3):
            Comment.objects.create(ticket=ticket, author=charlie, body=f"reply {k}")
        if n in (1, 3):
            Comment.objects.create(ticket=ticket, author=charlie, body="note", internal=True)
        made.append(ticket)
    return made


def newest_first(tickets: list[Ticket]) -> list[Ticket]:
    return sorted(tickets, key=lambda t: (t.created_at, t.pk), reverse=True)


# ---- CSV -------------------------------------------------------------------


def test_csv_has_every_ticket_as_the_database_has_it(
    client_for: ClientFor, charlie: User, tickets: list[Ticket]
) -> None:
    response = client_for(charlie).get("/api/tickets/export/", {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert rows[0] == HEADER
    expected = [expected_row(Ticket.objects.get(pk=t.pk)) for t in newest_first(tickets)]
    assert rows[1:] == expected
    # Internal notes count: ticket 3 has one reply (3 % 3 == 0 → none) and a note.
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id[str(tickets[3].pk)][11] == "1"
    assert by_id[str(tickets[1].pk)][11] == "2"


def test_csv_is_rfc_4180(client_for: ClientFor, charlie: User, alice: User) -> None:
    TicketFactory.create(title='He said "hi", then\nleft', created_by=alice)

    raw = body(client_for(charlie).get("/api/tickets/export/", {"format": "csv"}))

    text = raw.decode("utf-8-sig")
    assert text.startswith("id,title,category,")
    assert text.endswith("\r\n")
    assert '"He said ""hi"", then\nleft"' in text
    assert text.count("\r\n") == 2  # header and the one row; the newline inside is quoted


def test_the_file_name_is_dated(
    client_for: ClientFor, charlie: User, tickets: list[Ticket]
) -> None:
    with time_machine.travel(datetime(2026, 12, 7, 23, 59, tzinfo=UTC), tick=False):
        csv_response = client_for(charlie).get("/api/tickets/export/", {"format": "csv"})
        xlsx_response = client_for(charlie).get("/api/tickets/export/", {"format": "xlsx"})

    assert csv_response["Content-Disposition"] == 'attachment; filename="tickets-2026-12-07.csv"'
    assert xlsx_response["Content-Disposition"] == 'attachment; filename="tickets-2026-12-07.xlsx"'


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("A = B", "A = B"),
        ("'quoted", "'quoted"),
    ],
)
def test_csv_neutralises_formulas(
    client_for: ClientFor, charlie: User, title: str, cell: str
) -> None:
    creator = User.objects.create_user(username="-mallory", password="x")
    TicketFactory.create(title=title, created_by=creator)

    rows = read_csv(client_for(charlie).get("/api/tickets/export/", {"format": "csv"}))

    assert rows[1][1] == cell
    assert rows[1][5] == "'-mallory"  # a username is a cell like any other


def test_csv_applies_the_list_filters_and_order(
    client_for: ClientFor, charlie: User, tickets: list[Ticket]
) -> None:
    client = client_for(charlie)
    query = {"category": "Technical", "assignee": "none", "ordering": "-priority"}

    listed = client.get("/api/tickets/", query).json()["results"]
    rows = read_csv(client.get("/api/tickets/export/", {**query, "format": "csv"}))

    assert [int(row[0]) for row in rows[1:]] == [item["id"] for item in listed]
    assert len(rows) - 1 == 2  # tickets 0 and 2: Technical, unassigned
    assert [row[4] for row in rows[1:]] == ["Critical", "Low"]


@pytest.mark.parametrize(
    "query",
    [
        {"search": "printer 3"},
        {"status": "Resolved"},
        {"created_after": "2026-11-03", "created_before": "2026-11-05"},
        {"resolved_after": "2026-11-01"},
        {"ordering": "title"},
        {"assignee": "me"},
    ],
)
def test_export_matches_the_list_for_any_filter(
    client_for: ClientFor, charlie: User, tickets: list[Ticket], query: dict[str, str]
) -> None:
    client = client_for(charlie)

    listed = client.get("/api/tickets/", {**query, "page_size": "100"}).json()
    rows = read_csv(client.get("/api/tickets/export/", {**query, "format": "csv"}))

    assert [int(row[0]) for row in rows[1:]] == [item["id"] for item in listed["results"]]
    assert len(rows) - 1 == listed["count"]


def test_an_export_has_no_page_and_no_cap(
    client_for: ClientFor, charlie: User, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "CHUNK_ROWS", 7)  # several chunks, and a partial last one
    TicketFactory.create_batch(120, created_by=alice)

    response = client_for(charlie).get("/api/tickets/export/", {"format": "csv"})

    rows = read_csv(response)
    assert len(rows) == 121
    assert len({row[0] for row in rows[1:]}) == 120


def test_an_empty_export_is_the_header(client_for: ClientFor, charlie: User) -> None:
    csv_rows = read_csv(client_for(charlie).get("/api/tickets/export/", {"format": "csv"}))
    xlsx_rows = read_xlsx(client_for(charlie).get("/api/tickets/export/", {"format": "xlsx"}))

    assert csv_rows == [HEADER]
    assert xlsx_rows == [HEADER]


# ---- XLSX ------------------------------------------------------------------


def test_xlsx_has_every_ticket_as_the_database_has_it(
    client_for: ClientFor, charlie: User, tickets: list[Ticket]
) -> None:
    response = client_for(charlie).get("/api/tickets/export/", {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows = read_xlsx(response)
    assert rows[0] == HEADER
    for row, ticket in zip(rows[1:], newest_first(tickets), strict=True):
        want = expected_row(Ticket.objects.get(pk=ticket.pk))
        # Numbers are numbers; empty cells are empty (None).
        assert row[0] == ticket.pk and row[11] == int(want[11])
        assert [cell if cell is not None else "" for cell in row[1:11]] == want[1:11]


def test_xlsx_text_is_never_a_formula(client_for: ClientFor, charlie: User, alice: User) -> None:
    TicketFactory.create(title='=HYPERLINK("http://evil","x")', created_by=alice)
    TicketFactory.create(title="Bell \x07 and 0123", created_by=alice)

    raw = body(client_for(charlie).get("/api/tickets/export/", {"format": "xlsx"}))

    sheet = openpyxl.load_workbook(io.BytesIO(raw)).worksheets[0]
    titles = {sheet.cell(row, 2).value: sheet.cell(row, 2).data_type for row in (2, 3)}
    # Text cells ("s"), not formulas ("f"); the leading zero kept, not a number.
    assert titles['=HYPERLINK("http://evil","x")'] == "s"
    assert all(kind == "s" for kind in titles.values())
    assert any("0123" in title for title in titles)


def test_xlsx_goes_on_in_another_sheet_past_a_sheets_rows(
    client_for: ClientFor, charlie: User, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 4)  # a header and 3 rows per sheet
    TicketFactory.create_batch(7, created_by=alice)

    raw = body(client_for(charlie).get("/api/tickets/export/", {"format": "xlsx"}))

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    sizes = [len(list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]
    assert sizes == [4, 4, 2]
    assert [row[0] for row in book.worksheets[2].iter_rows(values_only=True)] == ["id", row_id(7)]


def row_id(n: int) -> int:
    """The id of the n-th ticket in the default order (newest first)."""
    return list(Ticket.objects.order_by("-created_at", "-id").values_list("id", flat=True))[n - 1]


# ---- Who and what ----------------------------------------------------------


def test_a_requester_may_not_export(client_for: ClientFor, alice: User, tickets: Any) -> None:
    for kind in ("csv", "xlsx"):
        response = client_for(alice).get("/api/tickets/export/", {"format": kind})
        assert response.status_code == 403
        assert response.json() == {"detail": "Only staff can export tickets."}


def test_staff_may_export(client_for: ClientFor, dana: User, tickets: Any) -> None:
    assert client_for(dana).get("/api/tickets/export/", {"format": "csv"}).status_code == 200


def test_anonymous_gets_401(anon: APIClient) -> None:
    assert anon.get("/api/tickets/export/", {"format": "csv"}).status_code == 401


@pytest.mark.parametrize("query", [{}, {"format": "pdf"}, {"format": ""}, {"format": "CSV"}])
def test_a_bad_format_is_a_400(client_for: ClientFor, charlie: User, query: dict[str, str]) -> None:
    response = client_for(charlie).get("/api/tickets/export/", query)

    assert response.status_code == 400
    assert response.json() == {"format": ["Choose format=csv or format=xlsx."]}


def test_a_bad_filter_is_a_400(client_for: ClientFor, charlie: User) -> None:
    response = client_for(charlie).get("/api/tickets/export/", {"format": "csv", "status": "Lost"})

    assert response.status_code == 400
    assert "status" in response.json()


def test_errors_are_json_whatever_the_client_accepts(client_for: ClientFor, alice: User) -> None:
    response = client_for(alice).get(
        "/api/tickets/export/", {"format": "csv"}, HTTP_ACCEPT="text/csv"
    )

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("count", [1, 30])
def test_query_count_does_not_grow_with_the_rows(
    client_for: ClientFor,
    charlie: User,
    alice: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    count: int,
) -> None:
    monkeypatch.setattr(export, "CHUNK_ROWS", 10)
    for ticket in TicketFactory.create_batch(count, created_by=alice, assignee=charlie):
        Comment.objects.create(ticket=ticket, author=charlie, body="hello")
    client = client_for(charlie)

    # the user behind the token, then one query for every row (read in chunks
    # from one cursor), usernames and comment counts included
    with django_assert_num_queries(2):
        response = client.get("/api/tickets/export/", {"format": kind})
        raw = body(response)

    assert raw


def test_timestamps_are_utc_whatever_the_server_zone(
    client_for: ClientFor, charlie: User, alice: User, settings: Any
) -> None:
    settings.TIME_ZONE = "Pacific/Kiritimati"
    at = datetime(2026, 3, 8, 23, 30, 0, 120000, tzinfo=UTC)
    TicketFactory.create(created_by=alice, created_at=at, updated_at=at)

    with timezone.override("Pacific/Kiritimati"):
        rows = read_csv(client_for(charlie).get("/api/tickets/export/", {"format": "csv"}))

    assert rows[1][7] == "2026-03-08T23:30:00.120000Z"
    assert rows[1][9] == rows[1][10] == ""


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # PostgreSQL's text in a UTC session, as the export reads it.
        ("2026-03-08 23:30:00+00", "2026-03-08T23:30:00Z"),
        ("2026-03-08 23:30:00.12+00", "2026-03-08T23:30:00.120000Z"),
        ("2026-03-08 23:30:00.000001+00", "2026-03-08T23:30:00.000001Z"),
        # Any other zone is parsed and converted.
        ("2026-03-09 13:30:00.5+14", "2026-03-08T23:30:00.500000Z"),
        # A datetime, naive in UTC (SQLite) or aware.
        (datetime(2026, 3, 8, 23, 30), "2026-03-08T23:30:00Z"),
        (datetime(2026, 3, 8, 23, 30, 0, 120000, tzinfo=UTC), "2026-03-08T23:30:00.120000Z"),
    ],
)
def test_timestamps_read_as_the_api_writes_them(written: Any, expected: str) -> None:
    assert export.timestamp(written) == expected
    if isinstance(written, datetime) and written.tzinfo:
        assert DateTimeField().to_representation(written) == expected


def test_refusals_follow_the_readers_language(client_for: ClientFor, alice: User) -> None:
    response = client_for(alice).get(
        "/api/tickets/export/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="es"
    )

    assert response.json() == {"detail": "Solo el personal puede exportar tickets."}


def _synthetic_rows(count: int) -> Any:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(count):
        yield (
            n,
            f"Printer {n} jams",
            "Technical",
            "New",
            "High",
            f"user{n}",
            "sam",
            at,
            at,
            None,
            at,
            3,
        )


@pytest.mark.parametrize(
    ("writer", "rows"), [(export.csv_chunks, 2_000), (export.xlsx_chunks, 600)]
)
def test_the_writers_memory_does_not_grow_with_the_rows(
    writer: Callable[[Any], Any], rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "CHUNK_ROWS", 500)

    def peak(count: int) -> int:
        tracemalloc.start()
        try:
            for _ in writer(_synthetic_rows(count)):
                pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(100)  # imports and first-use caches
    small, large = peak(rows), peak(rows * 8)

    assert large < small * 1.5 + 256 * 1024, (small, large)
