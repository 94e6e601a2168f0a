"""Tickets like the one being written (SPEC 4g, "Is this the same problem?"),
found through the search indexes we already keep (search.py), no model needed.

Two steps, so the time does not grow with the number of matches: the newest
CANDIDATES tickets holding any of the typed words (an index lookup that stops
early, newest first), then those ranked by how alike they are, the title
counting most. A duplicate is most often of a recent problem; ranking every
match of a common word instead took 250 ms at 100,000 tickets on SQLite.

- SQLite: the FTS5 trigram table finds staff's candidates; a requester's come
  from their own tickets (the creator index), as in search.py. Ranked here:
  each word found in the title counts three, in the description one.
- PostgreSQL: the trigram GIN indexes on UPPER(title) and UPPER(description)
  find them (the `icontains` expressions of migration 0004), and pg_trgm's
  word similarity ranks them in the same query.

Whatever the database, only tickets the caller may see (access.py).
"""

import re
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q

from helpdesk.tickets.access import Viewer, sees_everything
from helpdesk.tickets.models import Ticket

SIMILAR_LIMIT = 5
CANDIDATES = 200
TEXT_MAX_LENGTH = 500
_MAX_WORDS = 8
# Words too common to say anything about the problem (the form is in English
# or Spanish): they would match most tickets and rank nothing.
_STOP_WORDS = frozenset(
    """
    the and for are but not you all any can her was one our out has have had this that
    with from they will would there their what when which your into about been does did
    doesn don its isn just since then than them these those very also again
    los las una unos unas del por para con que como pero sus este esta estos estas
    desde cuando donde está están hay muy más mis
    """.split()  # noqa: SIM905 - a list of 70 quoted words would hide them
)


def similar_tickets(*, user: Viewer, text: str) -> list[Ticket]:
    """Up to SIMILAR_LIMIT tickets `user` may see, most similar first."""
    words = _words(text)
    if not words:
        return []
    if connection.vendor == "postgresql":
        ids = _postgres(words, user)
    else:
        ids = _ranked(_candidates(words, user), words)
    found = (
        Ticket.objects.visible_to(user)
        .filter(pk__in=ids)
        .only("id", "title", "status", "created_at", "created_by_id")
    )
    rank = {pk: n for n, pk in enumerate(ids)}
    return sorted(found, key=lambda ticket: rank[ticket.pk])


def _words(text: str) -> list[str]:
    """The distinct words that can match (FTS5 trigrams need 3 characters)."""
    found = re.findall(r"\w+", text.lower())
    words = dict.fromkeys(w for w in found if len(w) >= 3 and w not in _STOP_WORDS)
    return list(words)[:_MAX_WORDS]


def _candidates(words: list[str], user: Viewer) -> list[tuple[int, str, str]]:
    """(id, title, description) of the newest tickets with any of the words."""
    if not sees_everything(user):
        mine = Ticket.objects.filter(created_by_id=user.pk).filter(
            reduce(or_, (Q(title__icontains=w) | Q(description__icontains=w) for w in words))
        )
        return list(
            mine.order_by("-created_at", "-id").values_list("id", "title", "description")[
                :CANDIDATES
            ]
        )
    phrases = " OR ".join('"' + word.replace('"', '""') + '"' for word in words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, title, description FROM ticket_search WHERE ticket_search MATCH %s "
            "ORDER BY rowid DESC LIMIT %s",
            [f"{{title description}} : ({phrases})", CANDIDATES],
        )
        return list(cursor.fetchall())


def _ranked(candidates: list[tuple[int, str, str]], words: list[str]) -> list[int]:
    def score(candidate: tuple[int, str, str]) -> int:
        _, title, description = candidate
        title, description = title.lower(), description.lower()
        return sum(3 * (w in title) + (w in description) for w in words)

    # Stable: among equals, the newer first (the candidates' order).
    best = sorted(candidates, key=score, reverse=True)[:SIMILAR_LIMIT]
    return [pk for pk, _, _ in best]


def _postgres(words: list[str], user: Viewer) -> list[int]:
    words = [word.upper() for word in words]
    title, description = "UPPER(t.title::text)", "UPPER(t.description::text)"
    # The LIKEs are the indexed expressions (icontains), so the planner can
    # use the trigram indexes, or walk the newest tickets when words are common.
    found = " OR ".join(f"{title} LIKE %s OR {description} LIKE %s" for _ in words)
    creator, creator_params = "", []
    if not sees_everything(user):
        creator, creator_params = " AND t.created_by_id = %s", [user.pk]
    score = " + ".join(
        "2 * word_similarity(%s, c.title) + word_similarity(%s, c.description)" for _ in words
    )
    # Only placeholders and the constant expressions above go into the text.
    sql = (
        f"SELECT c.id FROM (SELECT t.id, {title} AS title, {description} AS description "  # noqa: S608
        f"FROM tickets_ticket t WHERE ({found}){creator} "
        "ORDER BY t.created_at DESC, t.id DESC LIMIT %s) c "
        f"ORDER BY {score} DESC, c.id DESC LIMIT %s"
    )
    patterns = [f"%{_like_escape(w)}%" for w in words for _ in (0, 1)]
    pairs = [w for w in words for _ in (0, 1)]
    params = [*patterns, *creator_params, CANDIDATES, *pairs, SIMILAR_LIMIT]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
