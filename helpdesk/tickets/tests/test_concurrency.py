"""Concurrent changes to one ticket lose nothing (row lock on PostgreSQL,
serialised IMMEDIATE transactions on SQLite)."""

import pytest
from django.db import transaction

from helpdesk.accounts.models import User
from helpdesk.core.tests.threads import run_in_threads
from helpdesk.tickets import services
from helpdesk.tickets.models import Activity, StatusHistory, Ticket

CHANGES_PER_THREAD = 50
STATUSES = ["Under Review", "Resolved", "New"]
PRIORITIES = ["High", "Critical", "Low", "Medium"]


def _chain_is_unbroken(kind: str, initial: str) -> list[str]:
    """Each entry's `from` is the previous entry's `to`: no change was based on stale data."""
    values = [initial]
    for entry in Activity.objects.filter(kind=kind).order_by("id"):
        assert entry.data["from"] == values[-1]
        values.append(entry.data["to"])
    return values[1:]


@pytest.mark.django_db(transaction=True)
def test_two_writers_on_one_ticket_lose_no_update(alice: User, charlie: User) -> None:
    ticket = services.ticket_create(actor=alice, title="Busy", description="D", category="Other")
    statuses = [STATUSES[i % 3] for i in range(CHANGES_PER_THREAD)]
    priorities = [PRIORITIES[i % 4] for i in range(CHANGES_PER_THREAD)]

    def change_statuses() -> None:
        for status in statuses:
            services.ticket_change_status(ticket=ticket, actor=charlie, status=status)

    def change_priorities() -> None:
        for priority in priorities:
            services.ticket_update(ticket=ticket, actor=charlie, changes={"priority": priority})

    errors = run_in_threads(change_statuses, change_priorities)

    assert errors == []
    changes = Activity.objects.filter(kind__in=["status", "priority"])
    assert changes.count() == 2 * CHANGES_PER_THREAD
    assert StatusHistory.objects.count() == 1 + CHANGES_PER_THREAD
    assert _chain_is_unbroken("status", "New") == statuses
    assert _chain_is_unbroken("priority", "Medium") == priorities
    ticket = Ticket.objects.get()
    assert (ticket.status, ticket.priority) == (statuses[-1], priorities[-1])


NEXT_STATUS = {"New": "Under Review", "Under Review": "Resolved", "Resolved": "New"}


@pytest.mark.django_db(transaction=True)
def test_two_writers_advancing_the_status_write_every_change_and_never_hit_a_lock(
    alice: User, charlie: User
) -> None:
    ticket = services.ticket_create(actor=alice, title="Busy", description="D", category="Other")

    def advance_status() -> None:
        for _ in range(100):
            # Read and write under one lock, so every call is a real change.
            with transaction.atomic():
                current = Ticket.objects.select_for_update().get(pk=ticket.pk)
                services.ticket_change_status(
                    ticket=current, actor=charlie, status=NEXT_STATUS[current.status]
                )

    errors = run_in_threads(advance_status, advance_status)

    assert errors == []  # in particular, no "database is locked"
    assert StatusHistory.objects.count() == 1 + 200
    assert _chain_is_unbroken("status", "New") == [
        h.status for h in StatusHistory.objects.order_by("id")[1:]
    ]
