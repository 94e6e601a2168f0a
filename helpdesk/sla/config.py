"""The service-level settings as the code uses them: each priority's
targets on its business calendar.

Writes (a new ticket, a priority change, the end of a pause) read them
fresh, in one query, so a change in the admin applies to the next ticket.
Reads (the business time left shown in lists) use a copy kept per process
for CACHE_SECONDS, refreshed by those writes and cleared in this process
whenever a calendar or policy is saved: a list costs no query for them but
one, for every priority at once, every CACHE_SECONDS."""

import logging
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models.signals import post_delete, post_save

from helpdesk.sla.calendar import Calendar
from helpdesk.sla.models import (
    DEFAULT_TARGETS,
    BusinessCalendar,
    SlaPolicy,
    build_calendar,
    office_hours,
)

logger = logging.getLogger(__name__)

CACHE_SECONDS = 30.0

OFFICE = build_calendar(time_zone="UTC", hours=office_hours(), holidays=[])


@dataclass(frozen=True)
class Targets:
    calendar: Calendar
    first_response: timedelta
    resolution: timedelta


def _calendar(stored: BusinessCalendar | None) -> Calendar:
    if stored is None:
        return OFFICE
    try:
        return stored.as_calendar()
    except ValueError:
        # The admin validates; a bad row written some other way must not
        # stop tickets from being created.
        logger.exception("Business calendar %s is invalid; using office hours", stored.pk)
        return OFFICE


def _targets(priority: str, policy: SlaPolicy | None, default: BusinessCalendar | None) -> Targets:
    if policy is None:
        first, resolution = DEFAULT_TARGETS.get(priority, DEFAULT_TARGETS["Medium"])
        return Targets(_calendar(default), timedelta(minutes=first), timedelta(minutes=resolution))
    return Targets(
        _calendar(policy.calendar or default),
        timedelta(minutes=policy.first_response_minutes),
        timedelta(minutes=policy.resolution_minutes),
    )


def targets_for(priority: str) -> Targets:
    """Fresh from the database: one query (two for a policy without a
    calendar). Refreshes this process's copy of that priority's targets, so
    the response to the change that read them costs no further query."""
    policy = SlaPolicy.objects.select_related("calendar").filter(priority=priority).first()
    default = None
    if policy is None or policy.calendar is None:
        default = BusinessCalendar.objects.filter(is_default=True).first()
    targets = _targets(priority, policy, default)
    with _lock:
        _cached[priority] = (time.monotonic(), targets)
    return targets


_lock = threading.Lock()
# Each priority's targets, and when they were read.
_cached: dict[str, tuple[float, Targets]] = {}


def cached_targets(priority: str) -> Targets:
    """From this process's copy (at most CACHE_SECONDS old); a miss reads
    every priority's at once, in one query."""
    with _lock:
        hit = _cached.get(priority)
        if hit is not None and time.monotonic() - hit[0] <= CACHE_SECONDS:
            return hit[1]
        policies = {p.priority: p for p in SlaPolicy.objects.select_related("calendar")}
        default = None
        if len(policies) < len(DEFAULT_TARGETS) or any(
            p.calendar is None for p in policies.values()
        ):
            default = BusinessCalendar.objects.filter(is_default=True).first()
        now = time.monotonic()
        for name in DEFAULT_TARGETS:
            _cached[name] = (now, _targets(name, policies.get(name), default))
        return _cached[priority if priority in _cached else "Medium"][1]


def clear_cache(**kwargs: Any) -> None:
    with _lock:
        _cached.clear()


def connect_invalidation() -> None:
    for model in (BusinessCalendar, SlaPolicy):
        post_save.connect(clear_cache, sender=model, dispatch_uid=f"sla-cache-{model.__name__}")
        post_delete.connect(clear_cache, sender=model, dispatch_uid=f"sla-del-{model.__name__}")
