"""Reads of ratings: the summary report's `csat` block and the rating shown
on a ticket."""

from datetime import datetime
from typing import Any, TypedDict

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery

from helpdesk.csat.models import POSITIVE_MIN, Rating
from helpdesk.tickets.models import Ticket


class CsatSummary(TypedDict):
    count: int
    average: float | None
    positive_pct: float | None


def csat_summary(
    *,
    tickets: QuerySet[Ticket] | None = None,
    resolved_after: datetime | None = None,
    resolved_before: datetime | None = None,
) -> CsatSummary:
    """`{count, average, positive_pct}` over the ratings of `tickets` (all by
    default) whose resolution falls in [resolved_after, resolved_before).
    `average` (1..5, two
    decimals) and `positive_pct` (share of 4s and 5s, one decimal) are null
    when nothing was rated. One query."""
    ratings = Rating.objects.all()
    if tickets is not None:
        ratings = ratings.filter(ticket__in=tickets.order_by().values("pk"))
    if resolved_after is not None:
        ratings = ratings.filter(resolved_at__gte=resolved_after)
    if resolved_before is not None:
        ratings = ratings.filter(resolved_at__lt=resolved_before)
    row = ratings.aggregate(
        count=Count("pk"),
        average=Avg("score"),
        positive=Count("pk", filter=Q(score__gte=POSITIVE_MIN)),
    )
    count = row["count"]
    if not count:
        return {"count": 0, "average": None, "positive_pct": None}
    return {
        "count": count,
        "average": round(float(row["average"]), 2),
        "positive_pct": round(100 * row["positive"] / count, 1),
    }


def with_latest_rating(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """The ticket's latest rating as `rating_*` annotations: part of the
    ticket's own query, so the detail costs no query more."""
    latest = Rating.objects.filter(ticket=OuterRef("pk")).order_by("-resolved_at")
    fields: dict[str, Any] = {
        f"rating_{name}": Subquery(latest.values(name)[:1])
        for name in ("score", "comment", "resolved_at", "updated_at")
    }
    return tickets.annotate(**fields)


def latest_rating(ticket: Ticket) -> dict[str, Any] | None:
    """What `with_latest_rating` annotated, as the API shows it; None when
    the ticket was never rated (or was not read through it)."""
    score = getattr(ticket, "rating_score", None)
    if score is None:
        return None
    return {
        "score": score,
        "comment": ticket.rating_comment,  # type: ignore[attr-defined]
        "resolved_at": ticket.rating_resolved_at,  # type: ignore[attr-defined]
        "rated_at": ticket.rating_updated_at,  # type: ignore[attr-defined]
        "current": ticket.status == Ticket.Status.RESOLVED
        and ticket.resolved_at == ticket.rating_resolved_at,  # type: ignore[attr-defined]
    }
