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
"""

from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import F, Q, QuerySet

from helpdesk.accounts.models import User
from helpdesk.core.expressions import EqualsAny
from helpdesk.core.pagination import IndexedMatch
from helpdesk.tickets.access import Viewer, sees_everything
from helpdesk.tickets.models import Ticket

FTS_MIN_LENGTH = 3


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
