import threading
from collections.abc import Callable

import pytest
from django.db import connection
from pytest_django.fixtures import Settings

from helpdesk.core.snapshot import one_snapshot
from helpdesk.core.tests.threads import run_in_threads
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.tests.factories import TicketFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exported snapshots are PostgreSQL's"
)


def _counter(counts: list[tuple[str, int]]) -> Callable[[], None]:
    def count() -> None:
        counts.append((threading.current_thread().name, Ticket.objects.count()))

    return count


def _add_ticket_elsewhere() -> None:
    """A ticket written and committed by another connection, now."""

    def add() -> None:
        TicketFactory.create()

    assert run_in_threads(add) == []


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_every_read_sees_the_instant_the_block_began() -> None:
    TicketFactory.create()
    counts: list[tuple[str, int]] = []
    with one_snapshot() as reader:
        _add_ticket_elsewhere()
        reader.run([_counter(counts) for _ in range(4)])
        _counter(counts)()
    assert [n for _, n in counts] == [1] * 5
    # Side by side: the pool's threads made some of the reads.
    assert any(name.startswith("snapshot-read") for name, _ in counts)
    assert Ticket.objects.count() == 2


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_failed_read_is_raised_after_the_others_finish() -> None:
    counts: list[tuple[str, int]] = []

    def fails() -> None:
        raise LookupError("no such figure")

    with pytest.raises(LookupError, match="no such figure"), one_snapshot() as reader:
        reader.run([_counter(counts), fails, _counter(counts)])
    assert [n for _, n in counts] == [0, 0]


@pytest.mark.django_db(transaction=True)
def test_with_no_threads_the_reads_run_in_turn_on_the_callers_connection(
    settings: Settings,
) -> None:
    settings.SNAPSHOT_READ_THREADS = 0
    counts: list[tuple[str, int]] = []
    with one_snapshot() as reader:
        _add_ticket_elsewhere()
        reader.run([_counter(counts), _counter(counts)])
    me = threading.current_thread().name
    assert counts == [(me, 1), (me, 1)]


@pytest.mark.django_db
def test_inside_a_transaction_the_reads_see_its_own_rows() -> None:
    """Another connection could not see them: the reads stay on this one."""
    TicketFactory.create()
    counts: list[tuple[str, int]] = []
    with one_snapshot() as reader:
        reader.run([_counter(counts), _counter(counts)])
    me = threading.current_thread().name
    assert counts == [(me, 1), (me, 1)]
