"""Ticket search: a case-insensitive substring of the title, the description
or the creator's username (SPEC 4), answered from an index on each database.

- PostgreSQL: trigram GIN indexes on `UPPER(column::text)`, the expression
  Django's `icontains` emits, so the planner can use them (migration 0004).
  The username is matched in the user table first, by its own trigram index,
  and compared as `created_by_id = ANY(ARRAY(...))`: that joins the title
  and description index scans in one bitmap OR, where an `IN (subquery)` or
  a join would make the planner read every ticket.
- SQLite: an FTS5 table with the trigram tokenizer (`ticket_search`), kept
  in sync by triggers (migration 0004). Trigrams need 3 characters.
- Shorter terms scan, and so do requesters on SQLite: their own tickets,
  found by the creator index, are fewer than the matches of a common word.

Every write adds a segment to the FTS5 index and FTS5 merges them only
partly, so a match reads a few dozen: `merge_search_index` merges them into
one (`manage.py merge_search_index`, run by `make run` and the daily
housekeeping).
"""

from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet

from helpdesk.accounts.models import User
from helpdesk.core.expressions import EqualsAny
from helpdesk.core.pagination import IndexedMatch
from helpdesk.tickets.access import Viewer, sees_everything
from helpdesk.tickets.models import Ticket

FTS_MIN_LENGTH = 3

# Pages of the FTS5 index merged per transaction: a step of tens of ms,
# which is as long as a write waits for it.
MERGE_PAGES = 500


def search(tickets: QuerySet[Ticket], text: str, *, user: Viewer) -> QuerySet[Ticket]:
    if connection.vendor == "postgresql":
        creators = ArraySubquery(User.objects.filter(username__icontains=text).values("pk"))
        return tickets.filter(_in_text(text) | Q(EqualsAny(F("created_by_id"), creators)))
    if connection.vendor == "sqlite" and sees_everything(user) and len(text) >= FTS_MIN_LENGTH:
        phrase = '"' + text.replace('"', '""') + '"'  # the whole term, as a substring
        return tickets.filter(TextMatch(phrase))
    return tickets.filter(_in_text(text) | Q(created_by__username__icontains=text))


class TextMatch(IndexedMatch):
    """SQLite: the ticket's row of the FTS5 table matches `phrase`, checked
    for this one ticket (a seek by rowid in each trigram's list).

    Alone, that suits a frequent term: the page's query walks the date index
    and stops once the page is full. A rare term would make that walk read
    every ticket, so the paginator first reads the term's first matches from
    the index itself (`capped_sql`): when they are all, the page is read by
    their ids (core/pagination.py; figures: docs/benchmarks.md)."""

    def __init__(self, phrase: str) -> None:
        super().__init__(F("pk"))
        self.phrase = phrase

    def probe_sql(self, column: str) -> tuple[str, list[Any]]:
        sql = (
            "EXISTS (SELECT 1 FROM ticket_search WHERE ticket_search.rowid = "  # noqa: S608
            f"{column} AND ticket_search MATCH %s)"
        )
        return sql, [self.phrase]

    def capped_sql(self, limit: int) -> tuple[str, list[Any]]:
        """The first `limit` matching ids, from the index, in id order."""
        sql = (
            "SELECT rowid AS id FROM ticket_search WHERE ticket_search MATCH %s "
            "ORDER BY rowid LIMIT %s"
        )
        return sql, [self.phrase, limit]


def _in_text(text: str) -> Q:
    return Q(title__icontains=text) | Q(description__icontains=text)


def merge_search_index() -> int:
    """SQLite: merge the FTS5 index's segments into one, MERGE_PAGES pages
    per transaction, and return how many steps did work (0: it was one
    already). Checking one ticket against a word reads every segment: at
    100,000 tickets written one at a time that took 0.41 ms, merged 0.05
    (docs/benchmarks.md). PostgreSQL: nothing to do (autovacuum keeps its
    trigram indexes)."""
    if connection.vendor != "sqlite":
        return 0
    steps = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            before = connection.connection.total_changes
            # A negative page count merges across levels, down to one
            # segment; fewer than two changes means there was nothing left.
            cursor.execute(
                "INSERT INTO ticket_search (ticket_search, rank) VALUES ('merge', %s)",
                [-MERGE_PAGES],
            )
            if connection.connection.total_changes - before < 2:
                return steps
        steps += 1
