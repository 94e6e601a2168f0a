"""Any ticket list as a file (SPEC 4f): CSV or XLSX, every matching ticket,
no page and no cap, in the list's order, in constant memory.

Rows are read `CHUNK_ROWS` at a time from one query (the SQL of a
`values_list(...)`, through a server-side cursor on PostgreSQL),
with the creator's and assignee's usernames joined and the comments counted
by a correlated subquery, so the query count does not grow with the rows
and no model instance is built. The view passes the queryset it got from
the list's visibility rule and filterset, so the file holds exactly what
the list shows.

- CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read it as
  UTF-8): each chunk of rows is encoded and sent as it is read.
- XLSX: XlsxWriter in `constant_memory` mode writes each row to a temporary
  file as it comes (nothing is kept per row); the workbook is zipped into
  another temporary file when the last row is written, and that file is
  sent in pieces. An XLSX sheet holds 1,048,576 rows, so past that the rows
  go on in another sheet, header repeated.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from django.db import connections
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_datetime
from psycopg.types.string import TextLoader

from helpdesk.tickets.models import Comment, Ticket

COLUMNS = (
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
)
# The database fields behind COLUMNS, in the same order.
_FIELDS = (
    "id",
    "title",
    "category",
    "status",
    "priority",
    "created_by__username",
    "assignee__username",
    "created_at",
    "updated_at",
    "first_response_at",
    "resolved_at",
    "export_comments",
)

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

CHUNK_ROWS = 2000
FILE_CHUNK = 256 * 1024
BOM = "\ufeff"
XLSX_MAX_ROWS = 1_048_576  # per sheet, the header included

# A spreadsheet runs a cell beginning with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_rows(tickets: QuerySet[Ticket]) -> Iterator[tuple[Any, ...]]:
    """The tickets' rows, raw (ints, strings, datetimes, None), in the
    queryset's order, read in chunks."""
    # Every comment, internal notes included: the export is for staff.
    counts = (
        Comment.objects.filter(ticket=OuterRef("pk"))
        .order_by()
        .values("ticket")
        .annotate(n=Count("*"))
        .values("n")
    )
    rows = tickets.annotate(
        export_comments=Coalesce(Subquery(counts, output_field=IntegerField()), 0)
    ).values_list(*_FIELDS)
    # The query as Django writes it, read without Django's per-value
    # converters (making each timestamp aware again, row by row, was half
    # the time of an export on SQLite; `timestamp` needs none of it). A
    # chunked cursor is the one Django's own `iterator()` uses: server-side
    # on PostgreSQL.
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    return _fetch(rows.db, sql, params)


def _fetch(alias: str, sql: str, params: Any) -> Iterator[tuple[Any, ...]]:
    connection = connections[alias]
    with connection.chunked_cursor() as cursor:
        if connection.vendor == "postgresql":
            # Timestamps as PostgreSQL writes them (`timestamp` turns them
            # into the API's form with string operations): parsing each into
            # a datetime only to write it out again was 2.4 s of the 2.6 s
            # of CPU that reading 200,000 rows took (docs/benchmarks.md).
            cursor.cursor.adapters.register_loader("timestamptz", TextLoader)
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CHUNK_ROWS):
            yield from batch


def filename(extension: str, today: date | None = None) -> str:
    return f"tickets-{(today or datetime.now(UTC).date()).isoformat()}.{extension}"


def timestamp(value: datetime | str | None) -> str:
    """ISO 8601 in UTC, as the API writes it (`2026-11-30T14:00:00.123456Z`),
    from what the database gives: PostgreSQL's text in its session's zone,
    UTC (`2026-11-30 14:00:00.12+00`: trailing zeros of the fraction left
    off), a naive datetime in UTC (SQLite, where Django stores UTC), or an
    aware one."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _from_postgresql(value)
    if value.tzinfo is None:
        return value.isoformat() + "Z"
    if value.utcoffset():
        value = value.astimezone(UTC)
    return value.isoformat()[:-6] + "Z"  # "+00:00"


def _from_postgresql(text: str) -> str:
    if not text.endswith("+00") or len(text) < 22:
        parsed = parse_datetime(text)
        if parsed is None:
            raise ValueError(f"Not a timestamp: {text!r}")
        return timestamp(parsed)
    wall = text[:-3]
    if len(wall) > 19:  # a fraction: the API writes all six digits
        wall = wall.ljust(26, "0")
    return f"{wall[:10]}T{wall[11:]}Z"


def neutralise(text: str) -> str:
    """A cell a spreadsheet would run as a formula, made plain text."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_cells(row: tuple[Any, ...]) -> list[Any]:
    pk, title, category, status, priority, creator, assignee, c, u, f, r, comments = row
    return [
        pk,
        neutralise(title),
        category,
        status,
        priority,
        neutralise(creator),
        neutralise(assignee) if assignee else "",
        timestamp(c),
        timestamp(u),
        timestamp(f),
        timestamp(r),
        comments,
    ]


def csv_chunks(rows: Iterable[tuple[Any, ...]]) -> Iterator[bytes]:
    """The CSV file, in pieces of about CHUNK_ROWS rows."""
    buffer = io.StringIO()
    # RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote or a line break.
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(COLUMNS)
    rows = iter(rows)
    # A chunk at a time, so the loop over its rows runs in C (writerows).
    while chunk := list(islice(rows, CHUNK_ROWS)):
        writer.writerows(map(_csv_cells, chunk))
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # an empty list: the header alone
        yield buffer.getvalue().encode()


def xlsx_chunks(rows: Iterable[tuple[Any, ...]]) -> Iterator[bytes]:
    """The XLSX file: written row by row to disk, then sent in pieces."""
    import xlsxwriter  # only exports need it

    with tempfile.TemporaryDirectory(prefix="export-") as workdir:
        path = f"{workdir}/tickets.xlsx"
        workbook = xlsxwriter.Workbook(
            path,
            {
                "constant_memory": True,  # each row goes to disk when the next begins
                "tmpdir": workdir,
                # Text stays text: never a formula, a number or a link.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        bold = workbook.add_format({"bold": True})
        sheet = None
        sheets = 0
        line = XLSX_MAX_ROWS
        for row in rows:
            if line == XLSX_MAX_ROWS:
                sheets += 1
                sheet = workbook.add_worksheet("Tickets" if sheets == 1 else f"Tickets {sheets}")
                sheet.write_row(0, 0, COLUMNS, bold)
                sheet.freeze_panes(1, 0)
                line = 1
            assert sheet is not None
            _xlsx_row(sheet, line, row)
            line += 1
        if sheet is None:  # no rows: the header alone
            sheet = workbook.add_worksheet("Tickets")
            sheet.write_row(0, 0, COLUMNS, bold)
        workbook.close()
        with open(path, "rb") as file:
            while piece := file.read(FILE_CHUNK):
                yield piece


def _xlsx_row(sheet: Any, line: int, row: tuple[Any, ...]) -> None:
    pk, title, category, status, priority, creator, assignee, c, u, f, r, comments = row
    sheet.write_number(line, 0, pk)
    sheet.write_string(line, 1, title)
    sheet.write_string(line, 2, category)
    sheet.write_string(line, 3, status)
    sheet.write_string(line, 4, priority)
    sheet.write_string(line, 5, creator)
    # An empty cell is simply not written.
    if assignee:
        sheet.write_string(line, 6, assignee)
    for column, value in ((7, c), (8, u), (9, f), (10, r)):
        if value is not None:
            sheet.write_string(line, column, timestamp(value))
    sheet.write_number(line, 11, comments)
