"""Seed a realistic data set fast: raw inserts in one transaction.

The ORM's `bulk_create` builds a model instance per row; at a million tickets
that costs more than the inserts themselves, so rows go in as tuples: COPY on
PostgreSQL, `executemany` on SQLite (which runs it in C).
"""

import os
import random
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model

from helpdesk.accounts.models import User
from helpdesk.tickets.models import Activity, Comment, StatusHistory, Ticket
from helpdesk.tickets.search import merge_search_index

BATCH = 5_000
# A word that appears in a handful of tickets, and one in about every fourth.
RARE_WORD = "zyzzogeton"
COMMON_WORD = "password"
# Bench users sign in with minted tokens; their password only has to exist.
STAFF_PASSWORD = os.environ.get("BENCH_STAFF_PASSWORD") or secrets.token_urlsafe(18)

PHRASES = {
    "en": [
        "I cannot log in since this morning",
        "The invoice for last month shows the wrong amount",
        "My password reset e-mail never arrives",
        "The printer on the second floor is jammed again",
        "Please add me to the project mailing list",
        "VPN disconnects every ten minutes",
    ],
    "de": [
        "Ich kann mich seit heute Morgen nicht anmelden",
        "Die Rechnung für letzten Monat zeigt den falschen Betrag",
        "Das password Zurücksetzen funktioniert nicht",
        "Der Drucker im zweiten Stock ist wieder blockiert",
    ],
    "fr": [
        "Je ne peux plus me connecter depuis ce matin",
        "La facture du mois dernier affiche un montant erroné",
        "Le courriel de réinitialisation du password n'arrive jamais",
        "L'imprimante du deuxième étage est encore bloquée",
    ],
    "es": [
        "No puedo iniciar sesión desde esta mañana",
        "La factura del mes pasado muestra un importe incorrecto",
        "La VPN se desconecta cada diez minutos",
    ],
    "ja": [
        "今朝からログインできません",
        "先月の請求書の金額が間違っています",
        "パスワードのリセットメールが届きません",
    ],
    "pl": [
        "Nie mogę się zalogować od rana",
        "Faktura za zeszły miesiąc pokazuje złą kwotę",
        "Drukarka na drugim piętrze znowu się zacięła",
    ],
}
ALL_PHRASES = [phrase for phrases in PHRASES.values() for phrase in phrases]
CATEGORIES = ["Technical", "Billing", "General", "Other"]
PRIORITIES = ["Low", "Medium", "Medium", "Medium", "High", "Critical"]
STATUS_PATHS = [["New"], ["New", "Under Review"], ["New", "Under Review", "Resolved"]]


def _insert(model: type[Model], columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> int:
    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})"  # noqa: S608
    total = 0
    if connection.vendor == "postgresql":
        # COPY streams rows without a round trip per batch: several times faster.
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
                total += 1
        return total
    with connection.cursor() as cursor:
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


@contextmanager
def _search_indexes_built_after() -> Iterator[None]:
    """On PostgreSQL, drop the trigram indexes and the report's covering index
    for the load and build them once after it: updating a GIN index row by
    row is many times slower, and the covering index holds the columns the
    load's own UPDATEs derive."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE indexname LIKE '%%_trgm' OR indexname = 'ticket_report'"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")


def _derive_timeline_and_times() -> int:
    """What the services would have written beside the rows: a timeline entry
    per status and comment (the list's `unread` reads them), and each
    ticket's first response and resolution times (as the migration does)."""
    activity, history, comment, ticket = (
        connection.ops.quote_name(model._meta.db_table)
        for model in (Activity, StatusHistory, Comment, Ticket)
    )
    empty = "CAST('{}' AS jsonb)" if connection.vendor == "postgresql" else "'{}'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {activity} (ticket_id, kind, actor_id, at, data, internal) "  # noqa: S608
            "SELECT h.ticket_id, CASE WHEN h.changed_at = t.created_at THEN 'created' "
            f"ELSE 'status' END, h.changed_by_id, h.changed_at, {empty}, FALSE "
            f"FROM {history} h JOIN {ticket} t ON t.id = h.ticket_id"
        )
        total = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {activity} (ticket_id, kind, actor_id, at, data, internal) "  # noqa: S608
            f"SELECT ticket_id, 'comment', author_id, created_at, {empty}, internal FROM {comment}"
        )
        total += cursor.rowcount
        if connection.vendor == "postgresql":
            # Statistics for what was just copied in: without them the planner
            # scans every history row for each ticket in the backfills below
            # (over half an hour at 1,000,000 tickets instead of seconds).
            cursor.execute("ANALYZE")
    import_module("helpdesk.tickets.migrations.0006_workspace").backfill(apps, None)
    # The history rows carry their `previous` already.
    import_module("helpdesk.tickets.migrations.0008_reports").backfill_first_response_by(apps)
    return total


def _text(rng: random.Random, sentences: int) -> str:
    return ". ".join(rng.choice(ALL_PHRASES) for _ in range(sentences)) + "."


def seed(*, tickets: int, users: int = 5_000, staff: int = 30, seed: int = 6) -> dict[str, int]:
    """Insert `users` requesters, `staff` staff and `tickets` tickets with
    1-4 history rows and 0-6 comments each, and their timeline. Returns row
    counts per table."""
    rng = random.Random(seed)  # noqa: S311 -- a reproducible data set, not a secret
    now = datetime(2026, 11, 1, tzinfo=UTC)
    # One hash for everyone: hashing 5,000 passwords would take minutes.
    password = make_password(STAFF_PASSWORD)
    counts: dict[str, int] = {}
    # Indexes are built after the commit: not while foreign-key checks are pending.
    with _search_indexes_built_after(), transaction.atomic():
        User.objects.bulk_create(
            User(
                username=f"staff{i}" if i < staff else f"user{i - staff}",
                email=f"person{i}@example.org",
                password=password,
                is_staff=i < staff,
                date_joined=now - timedelta(days=900),
            )
            for i in range(staff + users)
        )
        ids = list(User.objects.order_by("id").values_list("id", "is_staff"))
        staff_ids = [pk for pk, is_staff in ids if is_staff]
        requester_ids = [pk for pk, is_staff in ids if not is_staff]
        counts["users"] = len(ids)

        start = now - timedelta(days=730)
        step = timedelta(days=730) / max(tickets, 1)
        first_id = (Ticket.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        plan: list[tuple[int, int, datetime, list[str]]] = []

        def ticket_rows() -> Iterator[tuple[Any, ...]]:
            for n in range(tickets):
                created = start + step * n
                creator = rng.choice(requester_ids)
                path = rng.choice(STATUS_PATHS)
                # 1-4 history rows: a reopened ticket goes round again.
                if len(path) == 3 and rng.random() < 0.2:
                    path = [*path, "Under Review"]
                plan.append((first_id + n, creator, created, path))
                title = rng.choice(ALL_PHRASES)[:200]
                description = _text(rng, rng.randint(1, 6))
                if n % 20_000 == 7:
                    description += f" {RARE_WORD}"
                yield (
                    first_id + n,
                    title,
                    description,
                    rng.choice(CATEGORIES),
                    path[-1],
                    rng.choice(PRIORITIES),
                    rng.choice(staff_ids) if rng.random() < 0.6 else None,
                    None,
                    creator,
                    created,
                    created + timedelta(hours=len(path)),
                )

        counts["tickets"] = _insert(
            Ticket,
            [
                "id",
                "title",
                "description",
                "category",
                "status",
                "priority",
                "assignee_id",
                "attachment_id",
                "created_by_id",
                "created_at",
                "updated_at",
            ],
            ticket_rows(),
        )

        def history_rows() -> Iterator[tuple[Any, ...]]:
            for ticket_id, creator, created, path in plan:
                for i, status in enumerate(path):
                    actor = creator if i == 0 else rng.choice(staff_ids)
                    previous = path[i - 1] if i else ""
                    yield (ticket_id, status, previous, actor, created + timedelta(hours=i))

        counts["status_history"] = _insert(
            StatusHistory,
            ["ticket_id", "status", "previous", "changed_by_id", "changed_at"],
            history_rows(),
        )

        def comment_rows() -> Iterator[tuple[Any, ...]]:
            for ticket_id, creator, created, _path in plan:
                for i in range(rng.randint(0, 6)):
                    by_staff = i % 2 == 1
                    yield (
                        ticket_id,
                        rng.choice(staff_ids) if by_staff else creator,
                        _text(rng, rng.randint(1, 3)),
                        by_staff and rng.random() < 0.25,
                        None,
                        created + timedelta(minutes=30 * (i + 1)),
                    )

        counts["comments"] = _insert(
            Comment,
            ["ticket_id", "author_id", "body", "internal", "attachment_id", "created_at"],
            comment_rows(),
        )
        counts["activity"] = _derive_timeline_and_times()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Explicit ids leave the sequence behind; creates would collide.
            table = Ticket._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )
            # A bulk load leaves the visibility map unset, so index-only scans
            # would read the table too until autovacuum ran: do it now.
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # As `make run` and the daily housekeeping leave it.
        merge_search_index()
    return counts
