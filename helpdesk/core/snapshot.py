"""Independent reads side by side, on PostgreSQL, all of one instant.

A report made of several grouped reads, each a pass over the same half
million rows, waits for them one after another while the machine's other
cores idle. On PostgreSQL `one_snapshot()` lends such reads to a few
long-lived threads, each with a database connection of its own, and every
one of them reads the snapshot the request's own transaction exported
(`pg_export_snapshot`, `SET TRANSACTION SNAPSHOT`): the figures agree with
each other as if read in one transaction, even while tickets change, which
one query after another in autocommit never did.

Elsewhere (SQLite: one writer, and a read transaction there would be an
IMMEDIATE one that blocks writers), or where the caller is already inside a
transaction (whose own unwritten rows other connections cannot see: every
test inside a TestCase), the reads run one after another on the caller's
connection, exactly as before.
"""

import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction

Read = Callable[[], Any]
# What pg_export_snapshot() returns: hex words joined by dashes.
SNAPSHOT_ID = re.compile(r"[0-9A-F]+(-[0-9A-F]+)+")
# The exporting transaction and every importing one: a snapshot is shared
# only between REPEATABLE READ (or SERIALIZABLE) transactions.
REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"


class Reader:
    """Runs reads and keeps nothing: each read stores what it read itself
    (a cached property, say), so a caller names reads, not results."""

    def run(self, reads: Sequence[Read]) -> None:
        for read in reads:
            read()


class SnapshotReader(Reader):
    def __init__(self, snapshot: str) -> None:
        self.snapshot = snapshot

    def run(self, reads: Sequence[Read]) -> None:
        """The first read here, in the caller's transaction; the others on
        the pool's threads at the same time. Costliest first is fastest."""
        if not reads:
            return
        futures = [_pool().submit(_in_snapshot, self.snapshot, read) for read in reads[1:]]
        try:
            reads[0]()
        finally:
            # Every read finished (or failed) before the exporting
            # transaction ends: a snapshot is importable only while it lives.
            errors = [future.exception() for future in futures]
        for error in errors:
            if error is not None:
                raise error


@contextmanager
def one_snapshot() -> Iterator[Reader]:
    """Reads made through the yielded reader, and any other read inside the
    block, see the database as of one instant where that can be had cheaply
    (PostgreSQL, outside a transaction); otherwise they run in turn."""
    if not _side_by_side():
        yield Reader()
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(REPEATABLE_READ)
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        yield SnapshotReader(snapshot)


def _side_by_side() -> bool:
    return (
        connection.vendor == "postgresql"
        and settings.SNAPSHOT_READ_THREADS > 0
        and not connection.in_atomic_block
    )


@cache
def _pool() -> ThreadPoolExecutor:
    # Threads live as long as the process, so each keeps its connection
    # (DB_CONN_MAX_AGE) from one report to the next.
    return ThreadPoolExecutor(settings.SNAPSHOT_READ_THREADS, thread_name_prefix="snapshot-read")


def _in_snapshot(snapshot: str, read: Read) -> None:
    if not SNAPSHOT_ID.fullmatch(snapshot):  # it is written into the SQL
        raise ValueError(snapshot)
    close_old_connections()  # one past its age or broken since the last read
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(REPEATABLE_READ)
            cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
        read()
