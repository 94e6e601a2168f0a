"""A month of helpdesk life, written through the services at chosen instants:
replies, internal notes, resolve, reopen, resolve again, assignment, a ticket
created Resolved, a staff member deactivated. The instants sit on day edges
in UTC, Madrid (summer time ends on 25 October 2026) and Kiritimati (UTC+14)."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import time_machine

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.csat.services import rating_submit
from helpdesk.tickets import services
from helpdesk.tickets.models import Ticket


def at(text: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(text).replace(tzinfo=UTC), tick=False)


@dataclass
class Scenario:
    alice: User
    bob: User
    charlie: User
    dana: User
    eve: User
    tickets: dict[str, Ticket]


def _ticket(actor: User, when: str, **fields: object) -> Ticket:
    defaults: dict[str, object] = {
        "title": "A ticket",
        "description": "Text",
        "category": "Technical",
    }
    with at(when):
        return services.ticket_create(actor=actor, **{**defaults, **fields})  # type: ignore[arg-type]


def _reply(ticket: Ticket, actor: User, when: str, *, internal: bool = False) -> None:
    with at(when):
        services.comment_create(ticket=ticket, actor=actor, body="A reply", internal=internal)


def _status(ticket: Ticket, actor: User, when: str, status: str) -> None:
    with at(when):
        services.ticket_change_status(ticket=ticket, actor=actor, status=status)


def _rate(ticket: Ticket, actor: User, when: str, score: int) -> None:
    ticket.refresh_from_db()
    with at(when):
        rating_submit(ticket=ticket, actor=actor, score=score)


def _assign(ticket: Ticket, actor: User, when: str, assignee: User) -> None:
    with at(when):
        services.ticket_update(ticket=ticket, actor=actor, changes={"assignee": assignee})


@pytest.fixture
def scenario(alice: User, bob: User, charlie: User) -> Scenario:
    dana = UserFactory.create(username="dana", is_staff=True)
    eve = UserFactory.create(username="eve", is_staff=True)
    t: dict[str, Ticket] = {}

    # T1: an internal note, then dana's reply (2 h 30 min); resolved, reopened
    # by alice's reply, resolved again by dana at 00:30 in Madrid on the 25th.
    # Assigned to dana; alice rates each resolution (2, then 5).
    t["T1"] = _ticket(alice, "2026-10-21T09:00:00", priority="High")
    _assign(t["T1"], charlie, "2026-10-21T09:30:00", dana)
    _reply(t["T1"], charlie, "2026-10-21T10:00:00", internal=True)
    _reply(t["T1"], dana, "2026-10-21T11:30:00")
    _status(t["T1"], charlie, "2026-10-22T12:00:00", "Resolved")
    _rate(t["T1"], alice, "2026-10-22T13:00:00", 2)
    _reply(t["T1"], alice, "2026-10-23T08:00:00")
    _status(t["T1"], dana, "2026-10-24T22:30:00", "Resolved")
    _rate(t["T1"], alice, "2026-10-25T08:00:00", 5)

    # T2: half a second into a minute; assigned to dana; charlie's reply
    # 89,999.7 s later counts 89,999 whole seconds.
    t["T2"] = _ticket(bob, "2026-10-24T22:30:00.500000", category="Billing", priority="Low")
    _assign(t["T2"], charlie, "2026-10-25T09:00:00", dana)
    _reply(t["T2"], charlie, "2026-10-25T23:30:00.200000")
    _status(t["T2"], charlie, "2026-10-25T23:31:00", "Under Review")

    # T3: charlie's own ticket: his reply is no first response, dana's note neither.
    t["T3"] = _ticket(
        charlie, "2026-10-25T23:30:00", category="General", priority="Critical", assignee=charlie
    )
    _reply(t["T3"], charlie, "2026-10-26T08:00:00")
    _reply(t["T3"], dana, "2026-10-26T09:00:00", internal=True)

    # T4: 1 November 00:00 in Kiritimati; eve answers and resolves, then leaves.
    t["T4"] = _ticket(alice, "2026-10-31T10:00:00", category="Other")
    _reply(t["T4"], eve, "2026-10-31T10:05:00")
    _status(t["T4"], eve, "2026-10-31T10:10:00", "Resolved")
    _rate(t["T4"], alice, "2026-10-31T11:00:00", 4)

    # T5: one second before it, still 31 October in Kiritimati; assigned to
    # charlie; rated 1, then 3 (the second rating replaces the first).
    t["T5"] = _ticket(alice, "2026-10-31T09:59:59")
    _assign(t["T5"], dana, "2026-11-02T09:00:00", charlie)
    _reply(t["T5"], charlie, "2026-11-02T10:00:00")
    _status(t["T5"], charlie, "2026-11-09T23:59:59", "Resolved")
    _rate(t["T5"], alice, "2026-11-10T08:00:00", 1)
    _rate(t["T5"], alice, "2026-11-10T09:00:00", 3)

    # T6: 10 November in UTC, 11 November in Madrid.
    t["T6"] = _ticket(bob, "2026-11-10T23:00:00")

    # T7: created Resolved by staff (a resolution at creation, 0 s).
    t["T7"] = _ticket(dana, "2026-10-20T00:00:00", category="Billing", status="Resolved")

    # T8: created before the range, resolved and reopened in it, assigned to charlie.
    t["T8"] = _ticket(alice, "2026-09-01T12:00:00")
    _status(t["T8"], dana, "2026-10-22T08:00:00", "Resolved")
    _reply(t["T8"], alice, "2026-10-26T10:00:00")
    _assign(t["T8"], dana, "2026-10-27T10:00:00", charlie)

    # T9: still New, unassigned.
    t["T9"] = _ticket(bob, "2026-10-20T03:00:00")

    eve.is_active = False
    eve.save(update_fields=["is_active"])
    return Scenario(alice=alice, bob=bob, charlie=charlie, dana=dana, eve=eve, tickets=t)
