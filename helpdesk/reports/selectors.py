"""Reads for the summary report (SPEC 4f). Each number is one grouped query
over an index, never a loop over the tickets in Python: the database counts,
ranks and buckets, Python only fills in the zeros.

The report is a list of blocks (`SUMMARY_BLOCKS`), each a function of the
period that returns its own keys; a new block (service levels, satisfaction)
is one more function in that list.
"""

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property, partial
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    Expression,
    F,
    Func,
    IntegerField,
    QuerySet,
    Sum,
    Value,
)
from django.utils import timezone

from helpdesk.accounts.selectors import active_staff
from helpdesk.core.snapshot import one_snapshot
from helpdesk.csat.models import Rating
from helpdesk.csat.selectors import csat_summary
from helpdesk.sla import selectors as sla
from helpdesk.tickets.models import StatusHistory, Ticket

DAY, WEEK, MONTH = "day", "week", "month"
INTERVALS = (DAY, WEEK, MONTH)
PERCENTS = (50, 90)

Report = dict[str, Any]


@dataclass(frozen=True)
class Period:
    """[since 00:00, until + 1 day 00:00) in `tz`, cut into `interval`s."""

    since: date
    until: date
    tz: ZoneInfo
    interval: str

    @cached_property
    def start(self) -> datetime:
        return midnight(self.since, self.tz)

    @cached_property
    def end(self) -> datetime:
        return midnight(self.until + timedelta(days=1), self.tz)

    @cached_property
    def interval_starts(self) -> list[date]:
        """The first day of each interval that starts in the range, and the
        first day after the last of them (so n intervals have n + 1 bounds)."""
        first = _interval_start(self.since, self.interval)
        if first < self.since:
            first = _next_interval(first, self.interval)
        days = []
        day = first
        while day <= self.until:
            days.append(day)
            day = _next_interval(day, self.interval)
        return [*days, day] if days else []

    @cached_property
    def bounds(self) -> list[datetime]:
        return [midnight(day, self.tz) for day in self.interval_starts]


def midnight(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of `day` in `tz`, in UTC. fold=0 is right both where
    midnight is skipped (the day starts when the clocks jump: the earlier
    offset lands there) and where it happens twice (the first one)."""
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)


def _interval_start(day: date, interval: str) -> date:
    if interval == WEEK:
        return day - timedelta(days=day.weekday())  # Monday
    if interval == MONTH:
        return day.replace(day=1)
    return day


def _next_interval(day: date, interval: str) -> date:
    if interval == WEEK:
        return day + timedelta(days=7)
    if interval == MONTH:
        return day + timedelta(days=calendar.monthrange(day.year, day.month)[1] - day.day + 1)
    return day + timedelta(days=1)


class Seconds(Func):
    """Whole seconds from `start` to `end` (rounded down), computed exactly
    in the database with its own functions (no Python function per row)."""

    output_field = BigIntegerField()

    def __init__(self, end: str, start: str) -> None:
        super().__init__(F(end), F(start))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Django stores 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC: whole seconds
        # from strftime, microseconds from the digits after the dot (none: 0).
        parts = []
        params: list[Any] = []
        for expression in self.source_expressions:
            sql, sql_params = compiler.compile(expression)
            parts.append(
                f"(CAST(strftime('%%s', {sql}) AS INTEGER) * 1000000"
                f" + CAST(substr({sql}, 21) AS INTEGER))"
            )
            params += [*sql_params, *sql_params]
        return f"(({parts[0]} - {parts[1]}) / 1000000)", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        # date_part's float8, not EXTRACT's numeric (slower per row:
        # docs/benchmarks.md). A float8 resolves a microsecond below 2^33
        # seconds (272 years), so FLOOR never rounds up to the next second.
        sql = f"FLOOR(date_part('epoch', {end} - {start}))::bigint"
        return sql, (*end_params, *start_params)


class Constant(Value):
    """A constant written into the SQL text, not bound as a parameter:
    SQLite uses a partial index only when the query states the index's
    condition literally (with `status = ?` it read every ticket: 96 ms
    instead of 5 on 100,000)."""

    def __init__(self, value: str) -> None:
        if "'" in value:
            raise ValueError(value)
        super().__init__(value, output_field=CharField())

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        return f"'{self.value}'", []


RESOLVED = Constant(Ticket.Status.RESOLVED)


class Bucket(Func):
    """Which interval [bounds[i], bounds[i + 1]) holds `field`, with no time
    zone arithmetic per row (the bounds already carry it)."""

    output_field = IntegerField()

    def __init__(self, field: str, bounds: Sequence[datetime]) -> None:
        super().__init__(F(field))
        self.bounds = list(bounds)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # A balanced tree of comparisons, log2(n) of them per row, written
        # as text: as a tree of Django's Case and When it took 7 ms a report
        # to compile for 5 of reading (30 days at 100,000 tickets).
        sql, params = compiler.compile(self.source_expressions[0])
        bounds = [connection.ops.adapt_datetimefield_value(bound) for bound in self.bounds]

        def tree(low: int, high: int) -> tuple[str, list[Any]]:
            if high - low == 1:
                return str(low), []
            middle = (low + high) // 2
            below, below_params = tree(low, middle)
            above, above_params = tree(middle, high)
            return (
                f"CASE WHEN {sql} < %s THEN {below} ELSE {above} END",
                [*params, bounds[middle], *below_params, *above_params],
            )

        return tree(0, len(bounds) - 1)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # width_bucket: a binary search in C. Its result counts from 1.
        sql, params = compiler.compile(self.source_expressions[0])
        array = ", ".join(["%s"] * len(self.bounds))
        return f"(width_bucket({sql}, ARRAY[{array}]::timestamptz[]) - 1)", (
            *params,
            *self.bounds,
        )


# The key of the whole set's figures in `_nearest_ranks`' result.
ALL = "all"

Ranks = dict[Any, tuple[int, dict[int, int]]]


def _nearest_ranks(
    rows: QuerySet[Any], value: Expression, *, by: str | None = None, percents: Iterable[int]
) -> Ranks:
    """Nearest-rank percentiles of `value` over `rows` (key ALL) and, with
    `by`, per value of that field too: {key: (n, {p: the value at rank
    ceil(p * n / 100)})}. One query; groups with no rows are absent."""
    annotated = rows.order_by().annotate(
        g=F(by) if by else Value(None, output_field=IntegerField()), v=value
    )
    if connection.vendor == "postgresql":
        return _percentiles_postgresql(annotated, by=by is not None, percents=tuple(percents))
    return _percentiles_by_rank(annotated, by=by is not None, percents=tuple(percents))


def _rank(n: int, p: int) -> int:
    return -(-n * p // 100)


def _percentiles_postgresql(rows: QuerySet[Any], *, by: bool, percents: tuple[int, ...]) -> Ranks:
    """PostgreSQL's `percentile_disc`, an aggregate: one sort per group and
    no window to number and filter every row (0.8 s of a year's report at a
    million tickets, against 0.3 with the two sets in one pass). It takes
    the row at ceil(fraction * n) in floating point, where 0.07 * 100 is
    7.000000000000001: each fraction is taken 1e-12 below p / 100, which
    keeps every rank exact up to 10^10 rows (a non-integer p * n / 100 is at
    least 0.01 above the integer below it)."""
    inner, params = rows.values_list("g", "v").query.sql_with_params()
    fractions = ", ".join(repr(p / 100 - 1e-12) for p in percents)
    g, v = f"r.{_q('g')}", f"r.{_q('v')}"
    whole, grouping = (f"GROUPING({g})", f"GROUP BY GROUPING SETS ((), ({g}))") if by else ("1", "")
    sql = (
        f"SELECT {whole}, {g if by else 'NULL'}, COUNT(*), "  # noqa: S608 -- names only
        f"percentile_disc(ARRAY[{fractions}]::float8[]) WITHIN GROUP (ORDER BY {v}) "
        f"FROM ({inner}) r {grouping}"
    )
    result: Ranks = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for is_whole, group, n, values in cursor.fetchall():
            if n:
                result[ALL if is_whole else group] = (n, dict(zip(percents, values, strict=True)))
    return result


def _percentiles_by_rank(rows: QuerySet[Any], *, by: bool, percents: tuple[int, ...]) -> Ranks:
    """Elsewhere (SQLite): each row numbered in the order of its value, over
    the whole set and within its group, and only the rows at the wanted ranks
    read back. The ranks are integer arithmetic, so no float rounding moves
    one. The windows number the rows of the query around them: written as
    Django windows, each would compute the value again in its own ORDER BY
    (42 against 14 ms for 30 days' first responses at 100,000 tickets)."""
    inner, params = rows.annotate(k=F("pk")).values_list("g", "v", "k").query.sql_with_params()
    g, v, k = (f"x.{_q(name)}" for name in ("g", "v", "k"))
    windows = {
        "rank": f"ROW_NUMBER() OVER (ORDER BY {v}, {k})",
        "n": "COUNT(*) OVER ()",
    }
    if by:
        windows["group_rank"] = f"ROW_NUMBER() OVER (PARTITION BY {g} ORDER BY {v}, {k})"
        windows["group_n"] = f"COUNT(*) OVER (PARTITION BY {g})"
    numbered = ", ".join(f"{window} AS {_q(name)}" for name, window in windows.items())
    # The ranks wanted, filtered around the query that numbers them (a
    # window cannot be filtered in its own query).
    picks = [
        f"r.{_q(rank)} = (r.{_q(n)} * {int(p)} + 99) / 100"
        for rank, n in (("rank", "n"), ("group_rank", "group_n"))[: 2 if by else 1]
        for p in percents
    ]
    sql = (
        f"SELECT * FROM (SELECT {g}, {v}, {numbered} FROM ({inner}) x) r "  # noqa: S608 -- names only
        f"WHERE {' OR '.join(picks)}"
    )
    result: Ranks = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for group, value, rank, n, *in_group in cursor.fetchall():
            for p in percents:
                if rank == _rank(n, p):
                    result.setdefault(ALL, (n, {}))[1][p] = value
                if in_group and in_group[0] == _rank(in_group[1], p):
                    result.setdefault(group, (in_group[1], {}))[1][p] = value
    return result


def _q(name: str) -> str:
    return str(connection.ops.quote_name(name))


def _created(period: Period) -> QuerySet[Ticket]:
    return Ticket.objects.filter(created_at__gte=period.start, created_at__lt=period.end)


def _resolutions() -> QuerySet[StatusHistory]:
    return StatusHistory.objects.filter(status=RESOLVED)


def _in_range(history: QuerySet[StatusHistory], period: Period) -> QuerySet[StatusHistory]:
    return history.filter(changed_at__gte=period.start, changed_at__lt=period.end)


def _dicts(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    """The rows of a `.values()` query, read straight from the cursor: the
    values are already what they should be, and Django's converters (an
    int() of each count, six per row) cost 4 ms of a 30-day report's 1,100
    groups at 100,000 tickets."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _grouped_counts(rows: QuerySet[Any], *fields: str) -> list[tuple[Any, ...]]:
    return list(rows.order_by().values_list(*fields).annotate(count=Count("*")))


def created_block(facts: "Facts") -> Report:
    """created; by_status, by_category, by_priority (every value, zeros too)."""
    by: dict[str, dict[str, int]] = {
        "status": dict.fromkeys(Ticket.Status.values, 0),
        "category": dict.fromkeys(Ticket.Category.values, 0),
        "priority": dict.fromkeys(Ticket.Priority.values, 0),
    }
    for group in facts.created_groups:
        for field, counts in by.items():
            counts[group[field]] += group["count"]
    return {
        "created": sum(group["count"] for group in facts.created_groups),
        "by_status": by["status"],
        "by_category": by["category"],
        "by_priority": by["priority"],
    }


def changes_block(facts: "Facts") -> Report:
    """resolved and reopened: status changes in the range; backlog: open now."""
    reopened = _in_range(StatusHistory.objects.filter(previous=RESOLVED), facts.period)
    return {
        "resolved": sum(facts.resolved_by_actor.values()),
        "reopened": reopened.exclude(status=RESOLVED).count(),
        "backlog": sum(facts.open_by_assignee.values()),
    }


def times_block(facts: "Facts") -> Report:
    """first_response and resolution over the tickets created in the range."""
    return {
        "first_response": _distribution(facts.first_responses),
        "resolution": _distribution(facts.resolutions),
    }


def _distribution(ranks: Ranks) -> Report:
    n, values = ranks.get(ALL, (0, {}))
    return {"count": n, "median_seconds": values.get(50), "p90_seconds": values.get(90)}


def series_block(facts: "Facts") -> Report:
    """One entry per interval that starts in the range: tickets created and
    changes to Resolved in it."""
    period = facts.period
    bounds = period.bounds
    created = facts.created_per_interval
    resolved = facts.resolved_per_interval
    return {
        "series": [
            {
                "start": day.isoformat(),
                "starts_at": bounds[i],
                "ends_at": bounds[i + 1],
                "created": created.get(i, 0),
                "resolved": resolved.get(i, 0),
            }
            for i, day in enumerate(period.interval_starts[:-1])
        ]
    }


def sla_block(facts: "Facts") -> Report:
    """Service levels of the tickets created in the range, as they stand now
    (helpdesk/sla/selectors.py defines met and breached)."""
    names = sla.sla_counts(facts.now)
    totals = {name: sum(group[name] for group in facts.created_groups) for name in names}
    return {"sla": sla.sla_figures(totals)}


def csat_block(facts: "Facts") -> Report:
    """The ratings of resolutions made in the range (a rating belongs to the
    resolution it rates, not to the day it was given)."""
    period = facts.period
    return {"csat": csat_summary(resolved_after=period.start, resolved_before=period.end)}


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


def agents_block(facts: "Facts") -> Report:
    """Every active staff user: open tickets assigned now, changes to
    Resolved they made in the range, the median first response over the
    tickets created in the range whose first response they wrote, the share
    of targets met over the tickets created in the range assigned to them
    now, and the ratings of resolutions in the range of tickets assigned to
    them now."""
    staff = list(active_staff().order_by("username", "pk").values_list("pk", "username"))
    open_assigned = facts.open_by_assignee
    resolved = facts.resolved_by_actor
    medians = facts.first_responses
    return {
        "agents": [
            {
                "id": pk,
                "username": username,
                "assigned_open": open_assigned.get(pk, 0),
                "resolved": resolved.get(pk, 0),
                "first_response_median_seconds": medians.get(pk, (0, {}))[1].get(50),
                "sla_met_pct": _pct(*facts.sla_by_assignee.get(pk, (0, 0))),
                **_agent_csat(*facts.csat_by_assignee.get(pk, (0, 0))),
            }
            for pk, username in staff
        ]
    }


def _agent_csat(count: int, total: int) -> Report:
    return {"csat_count": count, "csat_average": round(total / count, 2) if count else None}


class Facts:
    """The period, the instant the report is made (service levels are as
    they stand then), and the grouped reads a block needs, each made once
    per report."""

    # The reads that pass over the range, costliest first (at a million
    # tickets: docs/benchmarks.md), which `summary` runs side by side.
    PASSES = (
        "first_responses",
        "created_groups",
        "resolutions",
        "created_per_interval",
        "open_by_assignee",
        "resolved_per_interval",
        "resolved_by_actor",
        "csat_by_assignee",
    )

    def __init__(self, period: Period, now: datetime | None = None) -> None:
        self.period = period
        self.now = now or timezone.now()

    def passes(self) -> list[Callable[[], Any]]:
        return [partial(getattr, self, name) for name in self.PASSES]

    @cached_property
    def first_responses(self) -> Ranks:
        """Seconds to the first response of the tickets created in the range:
        over them all (ALL), and per staff member who wrote it."""
        responded = _created(self.period).filter(first_response_at__isnull=False)
        return _nearest_ranks(
            responded,
            Seconds("first_response_at", "created_at"),
            by="first_response_by",
            percents=PERCENTS,
        )

    @cached_property
    def resolutions(self) -> Ranks:
        """Seconds to the resolution of the tickets created in the range that
        are Resolved now."""
        resolved = _created(self.period).filter(
            status=Ticket.Status.RESOLVED, resolved_at__isnull=False
        )
        return _nearest_ranks(resolved, Seconds("resolved_at", "created_at"), percents=PERCENTS)

    @cached_property
    def created_per_interval(self) -> dict[int, int]:
        """Tickets created in each interval, by the interval's index."""
        bounds = self.period.bounds
        if not bounds:
            return {}
        created = Ticket.objects.filter(created_at__gte=bounds[0], created_at__lt=bounds[-1])
        return dict(
            _grouped_counts(created.annotate(bucket=Bucket("created_at", bounds)), "bucket")
        )

    @cached_property
    def resolved_per_interval(self) -> dict[int, int]:
        """Changes to Resolved in each interval, by the interval's index."""
        bounds = self.period.bounds
        if not bounds:
            return {}
        changes = _resolutions().filter(changed_at__gte=bounds[0], changed_at__lt=bounds[-1])
        return dict(
            _grouped_counts(changes.annotate(bucket=Bucket("changed_at", bounds)), "bucket")
        )

    @cached_property
    def created_groups(self) -> list[dict[str, Any]]:
        """The tickets created in the range, counted per status, category,
        priority and assignee now, with their service-level counts: one read
        for the created, by_*, sla and per-agent figures (each was a pass over
        the range of its own: docs/benchmarks.md)."""
        groups = (
            _created(self.period)
            .order_by()
            .values("status", "category", "priority", "assignee")
            .annotate(count=Count("*"), **sla.sla_counts(self.now))
        )
        return _dicts(groups)

    @cached_property
    def sla_by_assignee(self) -> dict[int, tuple[int, int]]:
        """Over the tickets created in the range, per assignee now: (targets
        met, targets decided), first response and resolution together."""
        result: dict[int, tuple[int, int]] = {}
        for group in self.created_groups:
            if group["assignee"] is None:
                continue
            met = group["fr_met"] + group["res_met"]
            decided = met + group["fr_breached"] + group["res_breached"]
            before = result.get(group["assignee"], (0, 0))
            result[group["assignee"]] = (before[0] + met, before[1] + decided)
        return result

    @cached_property
    def csat_by_assignee(self) -> dict[int, tuple[int, int]]:
        """Ratings of resolutions in the range, per the rated ticket's
        assignee now: (ratings, sum of their scores)."""
        period = self.period
        rows = (
            Rating.objects.filter(
                resolved_at__gte=period.start,
                resolved_at__lt=period.end,
                ticket__assignee__isnull=False,
            )
            .order_by()
            .values_list("ticket__assignee")
            .annotate(count=Count("pk"), total=Sum("score"))
        )
        return {assignee: (count, total) for assignee, count, total in rows}

    @cached_property
    def open_by_assignee(self) -> dict[int | None, int]:
        """Tickets not Resolved now, per assignee (None: unassigned)."""
        return dict(_grouped_counts(_open_tickets(), "assignee"))

    @cached_property
    def resolved_by_actor(self) -> dict[int, int]:
        """Changes to Resolved in the range, per user who made them."""
        return dict(_grouped_counts(_in_range(_resolutions(), self.period), "changed_by"))


def _open_tickets() -> QuerySet[Ticket]:
    return Ticket.objects.exclude(status=RESOLVED)


# The report, block by block. Each returns its own keys (and has its fields
# in SummarySerializer).
SUMMARY_BLOCKS: list[Callable[[Facts], Report]] = [
    created_block,
    changes_block,
    times_block,
    series_block,
    sla_block,
    csat_block,
    agents_block,
]


def summary(*, period: Period, now: datetime | None = None) -> Report:
    report: Report = {
        "since": period.since.isoformat(),
        "until": period.until.isoformat(),
        "tz": period.tz.key,
        "interval": period.interval,
        # The range's instants, so a client opens "tickets created in it" as
        # exact created_after/created_before filters without zone arithmetic.
        "starts_at": period.start,
        "ends_at": period.end,
    }
    facts = Facts(period, now)
    # Every figure of one instant; the passes side by side where they can be
    # (helpdesk/core/snapshot.py), then each block from what they read.
    with one_snapshot() as reader:
        reader.run(facts.passes())
        for block in SUMMARY_BLOCKS:
            report.update(block(facts))
    return report
