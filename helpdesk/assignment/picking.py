"""Who gets a ticket (SPEC 4g), decided inside the caller's transaction by
the ticket services: a new ticket at creation, and the waiting queue when
someone has room again. The candidates' rows stay locked until the
transaction ends, so two tickets created at once are counted one after the
other and never both take someone's last place under the cap."""

from datetime import datetime

from django.db.models import QuerySet

from helpdesk.accounts.models import User
from helpdesk.assignment.selectors import (
    OPEN_STATUSES,
    Config,
    assignment_settings,
    locked_candidates,
    next_assignee,
)
from helpdesk.tickets.models import Ticket


def enabled() -> Config | None:
    config = assignment_settings()
    return config if config.enabled else None


def pick_assignee(config: Config, *, at: datetime) -> User | None:
    chosen = next_assignee(locked_candidates(), max_open=config.max_open)
    if chosen is None:
        return None  # everyone full or away: the ticket waits in the queue
    _given(chosen.user, at)
    return chosen.user


def plan_waiting(config: Config, *, at: datetime) -> list[tuple[int, User]]:
    """Oldest waiting tickets first, each to whoever has the most room, until
    no one has any. Returns (ticket id, assignee) pairs for the caller to
    assign; last_assigned_at is already stamped."""
    candidates = locked_candidates()
    room = sum(max(config.max_open - c.open_count, 0) for c in candidates)
    if not room:
        return []
    plan: list[tuple[int, User]] = []
    for ticket_id in waiting_tickets()[:room].values_list("pk", flat=True):
        chosen = next_assignee(candidates, max_open=config.max_open)
        if chosen is None:
            break
        chosen.open_count += 1
        chosen.last_assigned_at = at
        plan.append((ticket_id, chosen.user))
    for user in {user.pk: user for _, user in plan}.values():
        _given(user, at)
    return plan


def waiting_tickets() -> QuerySet[Ticket]:
    """The queue: open tickets with no one on them, oldest first."""
    return Ticket.objects.filter(assignee__isnull=True, status__in=OPEN_STATUSES).order_by(
        "created_at", "id"
    )


def _given(user: User, at: datetime) -> None:
    user.last_assigned_at = at
    User.objects.filter(pk=user.pk).update(last_assigned_at=at)
