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

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.db.models.expressions import RawSQL

from helpdesk.accounts.models import User
from helpdesk.tickets.access import Viewer, sees_everything
from helpdesk.tickets.models import Ticket

FTS_MIN_LENGTH = 3


def search(tickets: QuerySet[Ticket], text: str, *, user: Viewer) -> QuerySet[Ticket]:
    if connection.vendor == "postgresql":
        creators = ArraySubquery(User.objects.filter(username__icontains=text).values("pk"))
        return tickets.filter(_in_text(text) | Q(_EqualsAny(F("created_by_id"), creators)))
    if connection.vendor == "sqlite" and sees_everything(user) and len(text) >= FTS_MIN_LENGTH:
        phrase = '"' + text.replace('"', '""') + '"'  # the whole term, as a substring
        matches = RawSQL("SELECT rowid FROM ticket_search WHERE ticket_search MATCH %s", [phrase])
        return tickets.filter(pk__in=matches)
    return tickets.filter(_in_text(text) | Q(created_by__username__icontains=text))


def _in_text(text: str) -> Q:
    return Q(title__icontains=text) | Q(description__icontains=text)


class _EqualsAny(Func):
    """`value = ANY(array)`: unlike `IN (subquery)`, an index condition."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()
