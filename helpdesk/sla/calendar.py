"""Business time: a pure module (no database, no Django), so every rule of
it can be tested on its own and property-tested with Hypothesis.

A calendar is a time zone, opening blocks per weekday and holidays. Business
time is the real time elapsed (UTC seconds) while the calendar is open, so
an hour of opening is an hour whatever the clocks do on a DST night.

- A block belongs to the day it starts on. One whose end is not after its
  start (22:00-06:00) runs past midnight into the next day; 00:00 as an end
  means midnight.
- A holiday closes the blocks that start on it (a night block that starts
  the evening before still runs into the holiday's morning).
- Wall times are read in the calendar's zone; one that does not exist (the
  hour skipped in spring) counts from the same wall time at the old offset,
  and one that happens twice (autumn) from its first occurrence.
- Blocks that overlap (a night block running into the next morning's) count
  once.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Longest stretch searched for opening hours before giving up: a calendar
# open less than once in ten years is a mistake, not a schedule.
_SEARCH_DAYS = 3660
_CHUNK_DAYS = 14
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Block:
    start: time
    end: time  # not after `start`: the block runs past midnight

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start


@dataclass(frozen=True)
class Calendar:
    zone: ZoneInfo
    # Monday first, as date.weekday() counts.
    week: tuple[tuple[Block, ...], ...]
    holidays: frozenset[date] = frozenset()
    # (month, day) closed every year.
    yearly: frozenset[tuple[int, int]] = frozenset()
    _opens: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise ValueError("A calendar has blocks for each of the 7 weekdays.")
        object.__setattr__(self, "_opens", any(self.week))

    def is_holiday(self, day: date) -> bool:
        return day in self.holidays or (day.month, day.day) in self.yearly

    def add(self, instant: datetime, duration: timedelta) -> datetime:
        """The instant at which `duration` of business time has passed since
        `instant` (which may be outside opening hours)."""
        if duration < timedelta(0):
            raise ValueError("Business time to add cannot be negative.")
        if duration == timedelta(0):
            return instant
        left = duration
        for start, end in self._open_from(instant):
            start = max(start, instant)
            if end - start >= left:
                return start + left
            left -= end - start
        raise ValueError("The calendar is not open within ten years.")

    def measure(self, since: datetime, until: datetime) -> timedelta:
        """Business time between two instants (zero when `until` is not later)."""
        total = timedelta(0)
        if until <= since:
            return total
        for start, end in self._open_from(since):
            if start >= until:
                break
            total += min(end, until) - max(start, since)
        return total

    def _open_from(self, instant: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Opening intervals in UTC, in order, merged, from the one that holds
        (or follows) `instant`; ends when ten years hold none."""
        if not self._opens:
            return
        instant = instant.astimezone(UTC)
        # The day before too: its night block may still be open.
        day = instant.astimezone(self.zone).date() - _DAY
        current: tuple[datetime, datetime] | None = None
        # The end of the last interval given: a calendar open round the clock
        # merges into one endless interval, so each chunk's is given as it
        # ends, and what a later chunk repeats of it is cut off.
        given_to: datetime | None = None
        empty_days = 0
        # Most questions end within a day or two (the time left on a due
        # date): chunks start small and double, so a queue page of them does
        # not build two weeks of intervals per ticket.
        chunk = 2
        while empty_days < _SEARCH_DAYS:
            found = sorted(self._intervals(day, chunk))
            day += _DAY * chunk
            empty_days = empty_days + chunk if not found else 0
            chunk = min(chunk * 2, _CHUNK_DAYS)
            for start, end in found:
                if given_to is not None:
                    if end <= given_to:
                        continue
                    start = max(start, given_to)
                if current is not None and start <= current[1]:
                    current = (current[0], max(current[1], end))
                    continue
                if current is not None and current[1] > instant:
                    yield current
                current = (start, end)
            if current is not None and current[1] > instant:
                yield current
                given_to, current = current[1], None
        # Only reached when nothing opened for ten years after the last interval.
        if current is not None and current[1] > instant:
            yield current

    def _intervals(self, first: date, days: int) -> Iterator[tuple[datetime, datetime]]:
        for offset in range(days):
            day = first + _DAY * offset
            if self.is_holiday(day):
                continue
            for block in self.week[day.weekday()]:
                start = self._instant(day, block.start)
                end_day = day + _DAY if block.crosses_midnight else day
                end = self._instant(end_day, block.end)
                if end > start:  # a block swallowed by a DST change is closed
                    yield start, end

    def _instant(self, day: date, wall: time) -> datetime:
        return datetime.combine(day, wall, tzinfo=self.zone).astimezone(UTC)


def parse_block(text: str) -> Block:
    """`"09:00-17:00"` → a Block; `"22:00-06:00"` crosses midnight."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise ValueError(f"{text!r} is not a block such as 09:00-17:00.") from None
    if start.second or end.second or start.microsecond or end.microsecond:
        raise ValueError(f"{text!r}: give hours and minutes only.")
    if start == end and start != time(0):
        raise ValueError(f"{text!r} is empty; 00:00-00:00 means the whole day.")
    return Block(start, end)
