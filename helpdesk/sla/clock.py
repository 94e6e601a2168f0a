"""A ticket's service-level clock: due times, pauses, and the state of each
target. Called by the ticket services (helpdesk/tickets/services.py), which
save what these set; nothing here writes to the database."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import TextChoices

from helpdesk.sla import config
from helpdesk.sla.config import Targets
from helpdesk.sla.models import SlaTarget
from helpdesk.tickets.models import Ticket


class SlaState(TextChoices):
    PENDING = "pending"
    MET = "met"
    BREACHED = "breached"


PENDING, MET, BREACHED = SlaState.PENDING.value, SlaState.MET.value, SlaState.BREACHED.value
# At-risk warnings go out when this share of a target's business time is used.
AT_RISK = 0.8

SCHEDULE_FIELDS = [
    "first_response_due_at",
    "first_response_risk_at",
    "resolution_due_at",
    "resolution_risk_at",
]
PAUSE_FIELDS = ["waiting_since", "sla_paused_seconds", *SCHEDULE_FIELDS]


def schedule(ticket: Ticket, targets: Targets) -> None:
    """Set the due times from the creation time, the targets, and the
    business time paused so far (which pushes only the resolution back)."""
    start, calendar = ticket.created_at, targets.calendar
    paused = timedelta(seconds=ticket.sla_paused_seconds or 0)
    ticket.first_response_due_at = calendar.add(start, targets.first_response)
    ticket.first_response_risk_at = calendar.add(start, targets.first_response * AT_RISK)
    ticket.resolution_due_at = calendar.add(start, targets.resolution + paused)
    ticket.resolution_risk_at = calendar.add(start, targets.resolution * AT_RISK + paused)


def _risk_points(ticket: Ticket) -> dict[str, datetime | None]:
    return {
        SlaTarget.FIRST_RESPONSE: ticket.first_response_risk_at,
        SlaTarget.RESOLUTION: ticket.resolution_risk_at,
    }


def warned_targets(ticket: Ticket, now: datetime) -> dict[str, datetime]:
    """The targets whose warning point has passed by `now` (so may have been
    warned about), with that point: read before a change reschedules them."""
    return {
        target: at for target, at in _risk_points(ticket).items() if at is not None and at <= now
    }


def moved_targets(ticket: Ticket, warned: dict[str, datetime]) -> list[str]:
    """Of `warned`, the targets a reschedule moved: their due time is a new
    one, to be warned about again when it nears."""
    points = _risk_points(ticket)
    return [target for target, at in warned.items() if points[target] != at]


def pause(ticket: Ticket, now: datetime) -> None:
    ticket.waiting_since = now


def resume(ticket: Ticket, now: datetime, targets: Targets) -> int:
    """End the pause; returns its length in business seconds."""
    if ticket.waiting_since is None:
        return 0
    paused = int(targets.calendar.measure(ticket.waiting_since, now).total_seconds())
    ticket.waiting_since = None
    ticket.sla_paused_seconds = (ticket.sla_paused_seconds or 0) + paused
    schedule(ticket, targets)
    return paused


def _state(done_at: datetime | None, due: datetime | None, clock: datetime) -> str:
    if due is None:  # a ticket from before service levels
        return PENDING if done_at is None else MET
    if done_at is not None:
        return MET if done_at <= due else BREACHED
    return BREACHED if clock > due else PENDING


def states(ticket: Ticket, now: datetime) -> tuple[str, str]:
    """The first-response and resolution states. A ticket resolved without a
    reply counts its resolution as the response; the resolution clock
    stands still while the ticket waits on its requester."""
    first = _state(
        ticket.first_response_at or ticket.resolved_at, ticket.first_response_due_at, now
    )
    resolution = _state(ticket.resolved_at, ticket.resolution_due_at, ticket.waiting_since or now)
    return first, resolution


def sla_block(ticket: Ticket, now: datetime) -> dict[str, Any]:
    """The `sla` object of the API, without its timestamps' formatting."""
    first, resolution = states(ticket, now)
    return {
        "first_response_due_at": ticket.first_response_due_at,
        "resolution_due_at": ticket.resolution_due_at,
        "first_response": first,
        "resolution": resolution,
        "first_response_seconds_left": _left(ticket, first, ticket.first_response_due_at, now),
        "resolution_seconds_left": _left(
            ticket, resolution, ticket.resolution_due_at, ticket.waiting_since or now
        ),
        "first_response_at_risk": first == PENDING and _reached(ticket.first_response_risk_at, now),
        "resolution_at_risk": resolution == PENDING
        and _reached(ticket.resolution_risk_at, ticket.waiting_since or now),
    }


def _reached(instant: datetime | None, now: datetime) -> bool:
    return instant is not None and instant <= now


def _left(ticket: Ticket, state: str, due: datetime | None, clock: datetime) -> int | None:
    if state != PENDING or due is None:
        return None
    calendar = config.cached_targets(ticket.priority).calendar
    return int(calendar.measure(clock, due).total_seconds())
