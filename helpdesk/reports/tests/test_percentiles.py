"""The nearest-rank percentiles behind the report's medians and p90s, on
each database's own way of computing them (reports/selectors.py)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import F, IntegerField, Value
from django.db.models.expressions import CombinedExpression

from helpdesk.reports.selectors import ALL, Seconds, _nearest_ranks
from helpdesk.tickets.models import Ticket
from helpdesk.tickets.tests.factories import TicketFactory


def _position(first: int) -> CombinedExpression:
    """1 for the first ticket, 2 for the next, ..."""
    return CombinedExpression(F("pk"), "-", Value(first - 1), output_field=IntegerField())


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 2, 3, 10, 71, 100, 130])
def test_each_percentile_is_the_value_at_rank_ceil_p_n_over_100(n: int) -> None:
    # 0.07 * 100 is 7.000000000000001 in floating point: a float rank would
    # read the 8th value of 100 for the 7th percentile.
    tickets = TicketFactory.create_batch(n)
    first = min(t.pk for t in tickets)

    ranks = _nearest_ranks(Ticket.objects.all(), _position(first), percents=(7, 50, 90))

    expected = {p: -(-n * p // 100) for p in (7, 50, 90)}
    assert ranks == {ALL: (n, expected)}


@pytest.mark.django_db
def test_the_whole_set_and_each_group_in_one_query(
    django_assert_num_queries: object,
) -> None:
    low = TicketFactory.create_batch(3, priority="Low")
    TicketFactory.create_batch(7, priority="High")
    first = min(t.pk for t in low)

    with django_assert_num_queries(1):  # type: ignore[operator]
        ranks = _nearest_ranks(
            Ticket.objects.all(), _position(first), by="priority", percents=(50, 90)
        )

    assert ranks == {
        ALL: (10, {50: 5, 90: 9}),
        "Low": (3, {50: 2, 90: 3}),
        "High": (7, {50: 7, 90: 10}),
    }


@pytest.mark.django_db
def test_no_rows_no_figures() -> None:
    ranks = _nearest_ranks(Ticket.objects.all(), _position(1), by="priority", percents=(50,))

    assert ranks == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("elapsed", "seconds"),
    [
        (timedelta(0), 0),
        (timedelta(microseconds=999_999), 0),
        (timedelta(seconds=1), 1),
        (timedelta(days=3, hours=5, microseconds=999_999), 3 * 86_400 + 5 * 3_600),
        # Two centuries: a float8 still floors the last microsecond down.
        (timedelta(days=73_000, seconds=59, microseconds=999_999), 73_000 * 86_400 + 59),
    ],
)
def test_seconds_are_whole_seconds_rounded_down(elapsed: timedelta, seconds: int) -> None:
    created = datetime(2026, 1, 1, 9, 0, 0, 500_000, tzinfo=UTC)
    TicketFactory.create(created_at=created, resolved_at=created + elapsed)

    value = Ticket.objects.annotate(s=Seconds("resolved_at", "created_at")).get().s

    assert value == seconds
