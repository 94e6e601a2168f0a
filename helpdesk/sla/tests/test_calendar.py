"""Business time: the rules in examples, then the properties that must hold
for any calendar and any instants (Hypothesis)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpdesk.sla.calendar import Block, Calendar, parse_block

H = timedelta(hours=1)
NINE_TO_FIVE = (Block(time(9), time(17)),)
CLOSED: tuple[Block, ...] = ()


def weekdays(*blocks: Block) -> tuple[tuple[Block, ...], ...]:
    return (blocks,) * 5 + (CLOSED, CLOSED)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


OFFICE = Calendar(zone=ZoneInfo("UTC"), week=weekdays(*NINE_TO_FIVE))


def test_an_hour_inside_opening_hours_is_an_hour() -> None:
    assert OFFICE.add(utc(2026, 12, 7, 10), H) == utc(2026, 12, 7, 11)


def test_a_ticket_created_outside_hours_starts_counting_at_the_next_opening() -> None:
    # Saturday evening: nothing counts until Monday 09:00.
    assert OFFICE.add(utc(2026, 12, 5, 20), H) == utc(2026, 12, 7, 10)
    assert OFFICE.measure(utc(2026, 12, 5, 20), utc(2026, 12, 7, 9)) == timedelta(0)


def test_time_left_at_closing_carries_over_to_the_next_day() -> None:
    # Friday 16:00 + 4 h: 1 h on Friday, 3 h on Monday.
    assert OFFICE.add(utc(2026, 12, 4, 16), 4 * H) == utc(2026, 12, 7, 12)


def test_a_holiday_on_a_monday_is_skipped() -> None:
    calendar = Calendar(
        zone=ZoneInfo("UTC"), week=OFFICE.week, holidays=frozenset({date(2026, 12, 7)})
    )
    assert calendar.add(utc(2026, 12, 4, 16), 4 * H) == utc(2026, 12, 8, 12)
    assert calendar.measure(utc(2026, 12, 7, 0), utc(2026, 12, 8, 0)) == timedelta(0)


def test_a_yearly_holiday_closes_that_date_every_year() -> None:
    calendar = Calendar(zone=ZoneInfo("UTC"), week=OFFICE.week, yearly=frozenset({(12, 25)}))
    # Christmas 2026 is a Friday, 2028 a Monday.
    assert calendar.measure(utc(2026, 12, 25), utc(2026, 12, 26)) == timedelta(0)
    assert calendar.measure(utc(2028, 12, 25), utc(2028, 12, 26)) == timedelta(0)
    assert calendar.measure(utc(2027, 12, 24), utc(2027, 12, 25)) == 8 * H


def test_several_blocks_a_day_skip_the_lunch_break() -> None:
    calendar = Calendar(
        zone=ZoneInfo("UTC"),
        week=weekdays(Block(time(9), time(12, 30)), Block(time(13, 30), time(17))),
    )
    assert calendar.add(utc(2026, 12, 7, 12), H) == utc(2026, 12, 7, 14)
    assert calendar.measure(utc(2026, 12, 7), utc(2026, 12, 8)) == 7 * H


def test_a_night_block_crosses_midnight_into_the_next_day() -> None:
    night = Calendar(zone=ZoneInfo("UTC"), week=weekdays(Block(time(22), time(6))))
    # Monday 23:00 + 3 h → Tuesday 02:00, still Monday's block.
    assert night.add(utc(2026, 12, 7, 23), 3 * H) == utc(2026, 12, 8, 2)
    # Friday's block runs into Saturday morning; Saturday's does not exist.
    assert night.measure(utc(2026, 12, 11, 22), utc(2026, 12, 13)) == 8 * H


def test_a_night_block_overlapping_the_next_mornings_block_counts_once() -> None:
    calendar = Calendar(
        zone=ZoneInfo("UTC"), week=weekdays(Block(time(20), time(10)), Block(time(8), time(12)))
    )
    # Monday 08:00 → Tuesday 12:00: 08-12, 20-12 (the overlap 08-10 once).
    assert calendar.measure(utc(2026, 12, 7, 8), utc(2026, 12, 8, 12)) == 20 * H


def test_midnight_as_an_end_means_the_end_of_the_day() -> None:
    calendar = Calendar(zone=ZoneInfo("UTC"), week=weekdays(Block(time(18), time(0))))
    assert calendar.measure(utc(2026, 12, 7), utc(2026, 12, 8)) == 6 * H


def test_a_calendar_open_round_the_clock_counts_every_hour() -> None:
    always = Calendar(zone=ZoneInfo("UTC"), week=((Block(time(0), time(0)),),) * 7)
    assert always.measure(utc(2026, 12, 7), utc(2027, 1, 7)) == 31 * 24 * H
    assert always.add(utc(2026, 12, 7), 100 * 24 * H) == utc(2026, 12, 7) + 100 * 24 * H


def test_an_opening_hour_is_a_real_hour_across_a_dst_change() -> None:
    madrid = Calendar(zone=ZoneInfo("Europe/Madrid"), week=(NINE_TO_FIVE,) * 7)
    # Clocks go back on 2026-10-25: 09:00 is 08:00 UTC on the 24th, 08:00 UTC+1 after.
    assert madrid.add(datetime(2026, 10, 24, 14, tzinfo=UTC), 2 * H) == datetime(
        2026, 10, 25, 9, tzinfo=UTC
    )
    # A night block over the change lasts one real hour longer.
    night = Calendar(zone=ZoneInfo("Europe/Madrid"), week=(((Block(time(22), time(6))),),) * 7)
    assert (
        night.measure(
            datetime(2026, 10, 24, 12, tzinfo=UTC), datetime(2026, 10, 25, 12, tzinfo=UTC)
        )
        == 9 * H
    )
    # ... and over the spring change one hour shorter.
    assert (
        night.measure(datetime(2026, 3, 28, 12, tzinfo=UTC), datetime(2026, 3, 29, 12, tzinfo=UTC))
        == 7 * H
    )


def test_a_calendar_in_another_zone_opens_at_its_own_nine() -> None:
    tokyo = Calendar(zone=ZoneInfo("Asia/Tokyo"), week=weekdays(*NINE_TO_FIVE))
    # Monday 09:00 in Tokyo is Monday 00:00 UTC.
    assert tokyo.add(utc(2026, 12, 6, 12), H) == utc(2026, 12, 7, 1)


def test_a_calendar_that_never_opens_cannot_add_time() -> None:
    never = Calendar(zone=ZoneInfo("UTC"), week=(CLOSED,) * 7)
    with pytest.raises(ValueError):
        never.add(utc(2026, 12, 7), H)
    assert never.measure(utc(2026, 12, 7), utc(2027, 12, 7)) == timedelta(0)


def test_adding_nothing_is_the_same_instant_and_negative_is_refused() -> None:
    assert OFFICE.add(utc(2026, 12, 5, 20), timedelta(0)) == utc(2026, 12, 5, 20)
    with pytest.raises(ValueError):
        OFFICE.add(utc(2026, 12, 7), -H)


def test_measuring_backwards_is_zero() -> None:
    assert OFFICE.measure(utc(2026, 12, 8), utc(2026, 12, 7)) == timedelta(0)


@pytest.mark.parametrize(
    ("text", "block"),
    [("09:00-17:00", Block(time(9), time(17))), ("22:00 - 06:00", Block(time(22), time(6)))],
)
def test_blocks_are_read_from_text(text: str, block: Block) -> None:
    assert parse_block(text) == block


@pytest.mark.parametrize("text", ["9-5", "09:00", "10:00-10:00", "09:00:30-17:00", "25:00-26:00"])
def test_malformed_blocks_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_block(text)


# Properties, over random calendars, zones (with and without DST) and instants.

ZONES = st.sampled_from(["UTC", "Europe/Madrid", "America/New_York", "Australia/Lord_Howe"])
MINUTES = st.integers(min_value=0, max_value=24 * 60 - 1)


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    start = draw(MINUTES)
    end = draw(MINUTES.filter(lambda m: m != start))
    return Block(time(start // 60, start % 60), time(end // 60, end % 60))


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    week = tuple(tuple(draw(st.lists(blocks(), max_size=3))) for _ in range(7))
    if not any(week):
        week = (NINE_TO_FIVE, *week[1:])
    holidays = draw(st.frozensets(st.dates(date(2026, 1, 1), date(2027, 12, 31)), max_size=20))
    return Calendar(zone=ZoneInfo(draw(ZONES)), week=week, holidays=holidays)


INSTANTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
DURATIONS = st.integers(min_value=0, max_value=60 * 24 * 30).map(lambda m: timedelta(minutes=m))
FAST = settings(max_examples=150, deadline=None)


@FAST
@given(calendars(), INSTANTS, DURATIONS)
def test_adding_then_measuring_gives_back_the_duration(
    calendar: Calendar, instant: datetime, duration: timedelta
) -> None:
    assert calendar.measure(instant, calendar.add(instant, duration)) == duration


@FAST
@given(calendars(), INSTANTS, INSTANTS, INSTANTS)
def test_measuring_is_additive_over_a_split_point(
    calendar: Calendar, a: datetime, b: datetime, c: datetime
) -> None:
    a, b, c = sorted([a, b, c])
    assert calendar.measure(a, c) == calendar.measure(a, b) + calendar.measure(b, c)


@FAST
@given(calendars(), INSTANTS, DURATIONS, DURATIONS)
def test_adding_more_never_ends_earlier(
    calendar: Calendar, instant: datetime, one: timedelta, other: timedelta
) -> None:
    shorter, longer = sorted([one, other])
    assert calendar.add(instant, shorter) <= calendar.add(instant, longer)
    # Adding in two steps is adding once.
    assert calendar.add(calendar.add(instant, shorter), longer - shorter) == calendar.add(
        instant, longer
    )


@FAST
@given(calendars(), INSTANTS, INSTANTS, INSTANTS)
def test_measuring_to_a_later_instant_never_gives_less(
    calendar: Calendar, since: datetime, one: datetime, other: datetime
) -> None:
    earlier, later = sorted([one, other])
    assert calendar.measure(since, earlier) <= calendar.measure(since, later)
    assert calendar.measure(since, later) <= later - min(since, later) + timedelta(0)
