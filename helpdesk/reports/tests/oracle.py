"""SPEC 4f's definitions, computed again in plain Python from the raw rows.

Shares nothing with the selectors: no stored `previous`, `first_response_at`,
`first_response_by` or `resolved_at` (they are derived here from the
conversation and the status history), no range bounds in UTC (an instant is
in the range when its date in the zone is), no SQL beyond reading the tables.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from helpdesk.accounts.models import User
from helpdesk.csat.models import Rating
from helpdesk.tickets.models import Comment, StatusHistory, Ticket

STATUSES = ["New", "Under Review", "Resolved"]
CATEGORIES = ["Technical", "Billing", "General", "Other"]
PRIORITIES = ["Low", "Medium", "High", "Critical"]

Row = dict[str, Any]


def count(items: Iterable[object]) -> int:
    return len(list(items))


def nearest_rank(values: list[int], p: int) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = -(-p * len(ordered) // 100)  # ceil(p * n / 100), in integers
    return ordered[rank - 1]


def whole_seconds(later: datetime, earlier: datetime) -> int:
    return (later - earlier) // timedelta(seconds=1)


def instant(moment: datetime) -> str:
    """As the API writes instants: ISO 8601 in UTC with a Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def interval_start(day: date, interval: str) -> date:
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


def sla_state(done: datetime | None, due: datetime | None, clock: datetime) -> str | None:
    """met, breached, pending, or None: no target (a ticket from before
    service levels)."""
    if due is None:
        return None
    if done is not None:
        return "met" if done <= due else "breached"
    return "breached" if clock > due else "pending"


def summary(
    *, since: date, until: date, tz: str, interval: str, now: datetime | None = None
) -> dict[str, Any]:
    zone = ZoneInfo(tz)
    now = now or datetime.now(UTC)

    def local_day(instant: datetime) -> date:
        return instant.astimezone(zone).date()

    def in_range(instant: datetime) -> bool:
        return since <= local_day(instant) <= until

    users: dict[int, Row] = {
        u["id"]: dict(u) for u in User.objects.values("id", "username", "is_staff", "is_active")
    }
    tickets: list[Row] = [dict(t) for t in Ticket.objects.values()]
    history: list[Row] = sorted(
        (dict(h) for h in StatusHistory.objects.values()), key=lambda h: (h["changed_at"], h["id"])
    )
    comments: list[Row] = sorted(
        (dict(c) for c in Comment.objects.values()), key=lambda c: (c["created_at"], c["id"])
    )

    # Changes: each history entry, with the one before it on the same ticket.
    last_status: dict[int, str] = {}
    changes = []
    for entry in history:
        changes.append({**entry, "from": last_status.get(entry["ticket_id"])})
        last_status[entry["ticket_id"]] = entry["status"]
    resolutions = [c for c in changes if c["status"] == "Resolved"]

    # First response: the earliest public comment by staff other than the creator.
    creator = {t["id"]: t["created_by_id"] for t in tickets}
    first_reply: dict[int, Row] = {}
    for comment in comments:
        ticket = comment["ticket_id"]
        author = users[comment["author_id"]]
        if (
            ticket not in first_reply
            and not comment["internal"]
            and author["is_staff"]
            and author["id"] != creator[ticket]
        ):
            first_reply[ticket] = comment
    last_resolved = {c["ticket_id"]: c["changed_at"] for c in resolutions}

    created = [t for t in tickets if in_range(t["created_at"])]
    responded = [(t, first_reply[t["id"]]) for t in created if t["id"] in first_reply]
    response_seconds = [whole_seconds(c["created_at"], t["created_at"]) for t, c in responded]
    resolved_now = [t for t in created if t["status"] == "Resolved"]
    resolution_seconds = [
        whole_seconds(last_resolved[t["id"]], t["created_at"]) for t in resolved_now
    ]

    # Service levels from the stored due times, with the response and the
    # resolution derived here; the resolution clock stops while waiting.
    def states(ticket: Row) -> tuple[str | None, str | None]:
        resolved_at = last_resolved[ticket["id"]] if ticket["status"] == "Resolved" else None
        reply = first_reply.get(ticket["id"])
        responded = reply["created_at"] if reply else resolved_at
        return (
            sla_state(responded, ticket["first_response_due_at"], now),
            sla_state(resolved_at, ticket["resolution_due_at"], ticket["waiting_since"] or now),
        )

    created_states = [(t, *states(t)) for t in created]

    def met_pct(states: list[str | None]) -> float | None:
        return pct(states.count("met"), states.count("met") + states.count("breached"))

    ratings = [r for r in Rating.objects.values() if in_range(r["resolved_at"])]
    assignee = {t["id"]: t["assignee_id"] for t in tickets}

    starts = []
    day = since
    while day <= until:
        if interval_start(day, interval) == day:
            starts.append(day)
        day += timedelta(days=1)

    def bucket(instant: datetime) -> date:
        return interval_start(local_day(instant), interval)

    staff = sorted(
        (u for u in users.values() if u["is_staff"] and u["is_active"]),
        key=lambda u: (u["username"], u["id"]),
    )

    def agent(user: Row) -> Row:
        theirs = [r["score"] for r in ratings if assignee[r["ticket_id"]] == user["id"]]
        mine = [
            whole_seconds(c["created_at"], t["created_at"])
            for t, c in responded
            if c["author_id"] == user["id"]
        ]
        return {
            "id": user["id"],
            "username": user["username"],
            "assigned_open": count(
                1 for t in tickets if t["assignee_id"] == user["id"] and t["status"] != "Resolved"
            ),
            "resolved": count(
                1
                for c in resolutions
                if c["changed_by_id"] == user["id"] and in_range(c["changed_at"])
            ),
            "first_response_median_seconds": nearest_rank(mine, 50),
            "sla_met_pct": met_pct(
                [
                    state
                    for t, first, resolution in created_states
                    if t["assignee_id"] == user["id"]
                    for state in (first, resolution)
                ]
            ),
            "csat_count": len(theirs),
            "csat_average": round(sum(theirs) / len(theirs), 2) if theirs else None,
        }

    def first_instant(day: date) -> str:
        return instant(datetime(day.year, day.month, day.day, tzinfo=zone))

    def next_start(day: date) -> date:
        later = day + timedelta(days=1)
        while interval_start(later, interval) != later:
            later += timedelta(days=1)
        return later

    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "tz": tz,
        "interval": interval,
        "starts_at": first_instant(since),
        "ends_at": first_instant(until + timedelta(days=1)),
        "created": len(created),
        "resolved": count(1 for c in resolutions if in_range(c["changed_at"])),
        "reopened": count(
            1
            for c in changes
            if c["from"] == "Resolved" and c["status"] != "Resolved" and in_range(c["changed_at"])
        ),
        "backlog": count(1 for t in tickets if t["status"] != "Resolved"),
        "by_status": {s: count(1 for t in created if t["status"] == s) for s in STATUSES},
        "by_category": {s: count(1 for t in created if t["category"] == s) for s in CATEGORIES},
        "by_priority": {s: count(1 for t in created if t["priority"] == s) for s in PRIORITIES},
        "first_response": {
            "count": len(response_seconds),
            "median_seconds": nearest_rank(response_seconds, 50),
            "p90_seconds": nearest_rank(response_seconds, 90),
        },
        "resolution": {
            "count": len(resolution_seconds),
            "median_seconds": nearest_rank(resolution_seconds, 50),
            "p90_seconds": nearest_rank(resolution_seconds, 90),
        },
        "series": [
            {
                "start": start.isoformat(),
                "starts_at": first_instant(start),
                "ends_at": first_instant(next_start(start)),
                "created": count(1 for t in tickets if bucket(t["created_at"]) == start),
                "resolved": count(1 for c in resolutions if bucket(c["changed_at"]) == start),
            }
            for start in starts
        ],
        "sla": {
            "first_response_met_pct": met_pct([first for _t, first, _r in created_states]),
            "resolution_met_pct": met_pct([resolution for _t, _f, resolution in created_states]),
            "breached_open": count(
                1
                for t, first, resolution in created_states
                if t["status"] != "Resolved" and "breached" in (first, resolution)
            ),
        },
        "csat": {
            "count": len(ratings),
            "average": (
                round(sum(r["score"] for r in ratings) / len(ratings), 2) if ratings else None
            ),
            "positive_pct": pct(count(1 for r in ratings if r["score"] >= 4), len(ratings)),
        },
        "agents": [agent(u) for u in staff],
    }
