"""Reads for auto-assignment: its settings (cached) and who should get the
next ticket."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.db.models import Count

from helpdesk.accounts.models import User
from helpdesk.accounts.selectors import active_staff
from helpdesk.assignment.models import AssignmentSettings
from helpdesk.tickets.models import Ticket

_CACHE_KEY = "assignment:settings:v1"
_CACHE_SECONDS = 300
_NEVER = datetime.min.replace(tzinfo=UTC)
OPEN_STATUSES = (Ticket.Status.NEW, Ticket.Status.UNDER_REVIEW)


@dataclass(frozen=True)
class Config:
    enabled: bool
    max_open: int


def assignment_settings() -> Config:
    """The settings, from the cache (shared by every process through Redis):
    at most one query, and none while the cache holds them."""
    config = cache.get(_CACHE_KEY)
    if config is None:
        row = AssignmentSettings.objects.filter(pk=1).values_list("enabled", "max_open_per_person")
        enabled, max_open = row.first() or (False, 0)
        config = Config(enabled=enabled, max_open=max_open)
        cache.set(_CACHE_KEY, config, _CACHE_SECONDS)
    return config


def forget_settings() -> None:
    cache.delete(_CACHE_KEY)


@dataclass
class Candidate:
    user: User
    open_count: int
    last_assigned_at: datetime | None

    def rank(self) -> tuple[int, datetime, int]:
        # Fewest open tickets, then whoever was given one least recently
        # (never given one first), then the older account.
        return (self.open_count, self.last_assigned_at or _NEVER, self.user.pk)


def locked_candidates() -> list[Candidate]:
    """Every active, available staff member with their open load, their rows
    locked (in id order, so two callers queue rather than deadlock) until the
    caller's transaction ends: whoever picks next counts the tickets this
    transaction gave, never a stale load (SQLite's IMMEDIATE transactions
    serialise all writers anyway)."""
    users = list(active_staff().filter(available=True).select_for_update().order_by("pk"))
    if not users:
        return []
    loads = dict(
        Ticket.objects.filter(assignee__in=users, status__in=OPEN_STATUSES)
        .order_by()
        .values_list("assignee")
        .annotate(n=Count("*"))
    )
    return [Candidate(user, loads.get(user.pk, 0), user.last_assigned_at) for user in users]


def next_assignee(candidates: list[Candidate], *, max_open: int) -> Candidate | None:
    room = [c for c in candidates if c.open_count < max_open]
    return min(room, key=Candidate.rank) if room else None
