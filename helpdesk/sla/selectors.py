"""Reads: the SQL forms of the states in clock.py (list filters, ordering,
the scheduler's search) and the summary report's `sla` block."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.db.models import Case, Count, DateTimeField, F, Q, QuerySet, Value, When

from helpdesk.sla.models import SlaTarget
from helpdesk.tickets.models import Ticket

_LAST = Value(datetime(9999, 12, 31, tzinfo=UTC), output_field=DateTimeField())
_FIRST = Value(datetime(1, 1, 1, tzinfo=UTC), output_field=DateTimeField())


def _first_response_open() -> Q:
    return Q(
        first_response_at__isnull=True,
        resolved_at__isnull=True,
        first_response_due_at__isnull=False,
    )


def _resolution_open() -> Q:
    return Q(resolved_at__isnull=True, resolution_due_at__isnull=False)


def pending(target: str, now: datetime) -> Q:
    """Not met and not yet breached (the resolution clock stands at the
    pause while the ticket waits on its requester)."""
    if target == SlaTarget.FIRST_RESPONSE:
        return _first_response_open() & Q(first_response_due_at__gte=now)
    running = Q(waiting_since__isnull=True, resolution_due_at__gte=now)
    paused = Q(waiting_since__isnull=False, resolution_due_at__gte=F("waiting_since"))
    return _resolution_open() & (running | paused)


def at_risk(target: str, now: datetime, *, running_only: bool = False) -> Q:
    """Pending with 80 % or more of its business time used."""
    if target == SlaTarget.FIRST_RESPONSE:
        return pending(target, now) & Q(first_response_risk_at__lte=now)
    running = Q(waiting_since__isnull=True, resolution_risk_at__lte=now)
    if running_only:
        return pending(target, now) & running
    paused = Q(waiting_since__isnull=False, resolution_risk_at__lte=F("waiting_since"))
    return pending(target, now) & (running | paused)


def breached(target: str, now: datetime) -> Q:
    if target == SlaTarget.FIRST_RESPONSE:
        due = F("first_response_due_at")
        return (
            Q(first_response_at__gt=due)
            | Q(first_response_at__isnull=True, resolved_at__gt=due)
            | (_first_response_open() & Q(first_response_due_at__lt=now))
        )
    due = F("resolution_due_at")
    late = Q(waiting_since__isnull=True, resolution_due_at__lt=now) | Q(
        waiting_since__isnull=False, resolution_due_at__lt=F("waiting_since")
    )
    return Q(resolved_at__gt=due) | (_resolution_open() & late)


def met(target: str) -> Q:
    if target == SlaTarget.FIRST_RESPONSE:
        due = F("first_response_due_at")
        return Q(first_response_at__lte=due) | Q(
            first_response_at__isnull=True, resolved_at__lte=due
        )
    return Q(resolved_at__lte=F("resolution_due_at"))


def filter_sla(tickets: QuerySet[Ticket], value: str, now: datetime) -> QuerySet[Ticket]:
    """`sla=breached`: a target is breached; `sla=at_risk`: one is pending
    with 80 % or more of its business time used."""
    check = breached if value == "breached" else at_risk
    return tickets.filter(check(SlaTarget.FIRST_RESPONSE, now) | check(SlaTarget.RESOLUTION, now))


def with_sla_due(tickets: QuerySet[Ticket], *, descending: bool = False) -> QuerySet[Ticket]:
    """`sla_due_at`: the earliest due time of a target not yet met (overdue
    ones first); tickets with none sort last either way."""
    first, resolution = F("first_response_due_at"), F("resolution_due_at")
    both = _first_response_open() & _resolution_open()
    earliest = Case(
        When(both & Q(first_response_due_at__lte=resolution), then=first),
        When(both, then=resolution),
        When(_first_response_open(), then=first),
        When(_resolution_open(), then=resolution),
        default=_FIRST if descending else _LAST,
        output_field=DateTimeField(),
    )
    return tickets.annotate(sla_due_at=earliest)


def sla_counts(now: datetime) -> dict[str, Count]:
    """The aggregates behind the `sla` figures, to add to any grouped read of
    tickets (the summary report reads them with its other counts)."""
    fr, res = SlaTarget.FIRST_RESPONSE, SlaTarget.RESOLUTION
    return {
        "fr_met": Count("pk", filter=met(fr)),
        "fr_breached": Count("pk", filter=breached(fr, now)),
        "res_met": Count("pk", filter=met(res)),
        "res_breached": Count("pk", filter=breached(res, now)),
        "breached_open": Count(
            "pk", filter=Q(resolved_at__isnull=True) & (breached(fr, now) | breached(res, now))
        ),
    }


def sla_figures(counts: Mapping[str, int]) -> dict[str, Any]:
    """The share of decided first-response and resolution targets that were
    met (percent with one decimal; null when none is decided yet), and how
    many tickets are open with a target breached, from `sla_counts`."""
    return {
        "first_response_met_pct": _pct(counts["fr_met"], counts["fr_breached"]),
        "resolution_met_pct": _pct(counts["res_met"], counts["res_breached"]),
        "breached_open": counts["breached_open"],
    }


def sla_summary(*, since: datetime, until: datetime, now: datetime | None = None) -> dict[str, Any]:
    """`sla_figures` over the tickets created in [since, until). One query."""
    now = now or datetime.now(UTC)
    tickets = Ticket.objects.filter(created_at__gte=since, created_at__lt=until)
    return sla_figures(tickets.aggregate(**sla_counts(now)))


def _pct(met_count: int, breached_count: int) -> float | None:
    decided = met_count + breached_count
    return None if decided == 0 else round(100 * met_count / decided, 1)
