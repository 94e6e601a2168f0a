"""Service levels: business calendars, a target per priority, and the
warnings sent. The ticket's own clock (due times, pauses) lives in its
columns (helpdesk/tickets/models.py) so lists filter and sort on them."""

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpdesk.sla.calendar import Block, Calendar, parse_block
from helpdesk.tickets.models import TicketPriority

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OFFICE_HOURS: dict[str, list[str]] = {
    day: (["09:00-17:00"] if day not in ("sat", "sun") else []) for day in WEEKDAYS
}

# SPEC 4g's defaults, in business minutes; a business day is the default
# calendar's 8 hours. The data migration writes these; the code falls back
# on them when the tables are empty (a test database flushed between tests).
HOUR, DAY = 60, 8 * 60
DEFAULT_TARGETS: dict[str, tuple[int, int]] = {
    TicketPriority.CRITICAL: (1 * HOUR, 4 * HOUR),
    TicketPriority.HIGH: (4 * HOUR, 1 * DAY),
    TicketPriority.MEDIUM: (8 * HOUR, 3 * DAY),
    TicketPriority.LOW: (1 * DAY, 5 * DAY),
}


def office_hours() -> dict[str, list[str]]:
    return {day: list(blocks) for day, blocks in OFFICE_HOURS.items()}


def parse_holiday(text: str) -> date | tuple[int, int]:
    """`2026-12-25` is that day; `12-25` is that day every year."""
    text = str(text).strip()
    try:
        if text.count("-") == 1:
            month, day = (int(part) for part in text.split("-"))
            date(2024, month, day)  # a leap year: 02-29 is a valid yearly date
            return (month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a holiday: use 2026-12-25 for a date, 12-25 for every year."
        ) from None


def build_calendar(*, time_zone: str, hours: Any, holidays: Any) -> Calendar:
    """A pure Calendar from the stored fields; ValueError says what is wrong."""
    try:
        zone = ZoneInfo(str(time_zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{time_zone!r} is not an IANA time zone such as Europe/Madrid.") from None
    if not isinstance(hours, dict) or set(hours) - set(WEEKDAYS):
        raise ValueError(f"Opening hours: a dictionary with keys from {', '.join(WEEKDAYS)}.")
    week: list[tuple[Block, ...]] = []
    for day in WEEKDAYS:
        texts = hours.get(day) or []
        if not isinstance(texts, list):
            raise ValueError(f"Opening hours of {day}: a list such as ['09:00-17:00'].")
        week.append(
            tuple(sorted((parse_block(str(text)) for text in texts), key=lambda b: b.start))
        )
    if not isinstance(holidays, list):
        raise ValueError("Holidays: a list such as ['2026-12-25', '01-01'].")
    dates, yearly = set(), set()
    for text in holidays:
        holiday = parse_holiday(text)
        if isinstance(holiday, date):
            dates.add(holiday)
        else:
            yearly.add(holiday)
    return Calendar(
        zone=zone, week=tuple(week), holidays=frozenset(dates), yearly=frozenset(yearly)
    )


class BusinessCalendar(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("An IANA zone, e.g. Europe/Madrid."),
    )
    hours = models.JSONField(
        _("opening hours"),
        default=office_hours,
        help_text=_(
            'Blocks per weekday, e.g. {"mon": ["09:00-12:30", "13:30-17:00"], "sat": []}. '
            "A block whose end is not after its start (22:00-06:00) runs past midnight."
        ),
    )
    holidays = models.JSONField(
        _("holidays"),
        default=list,
        blank=True,
        help_text=_('Closed days: "2026-12-26" for one date, "12-25" for every year.'),
    )
    is_default = models.BooleanField(
        _("default"),
        default=False,
        help_text=_("Used by priorities without a calendar of their own."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_calendar",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            calendar = self.as_calendar()
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if not any(calendar.week):
            raise ValidationError(_("A calendar needs at least one opening block."))

    def as_calendar(self) -> Calendar:
        return build_calendar(time_zone=self.time_zone, hours=self.hours, holidays=self.holidays)


class SlaPolicy(models.Model):
    """The targets of one priority, in business minutes on its calendar."""

    priority = models.CharField(
        _("priority"), max_length=10, choices=TicketPriority.choices, unique=True
    )
    first_response_minutes = models.PositiveIntegerField(
        _("first response target (business minutes)")
    )
    resolution_minutes = models.PositiveIntegerField(_("resolution target (business minutes)"))
    calendar = models.ForeignKey(
        BusinessCalendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        help_text=_("Empty: the default calendar."),
    )

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_response_minutes__gt=0, resolution_minutes__gt=0),
                name="sla_targets_positive",
            )
        ]

    def __str__(self) -> str:
        return str(self.priority)


class SlaTarget(models.TextChoices):
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


class SlaWarning(models.Model):
    """A ticket's target was warned about (80 % of its time used): the
    unique pair is the claim that makes each warning go out once."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=20, choices=SlaTarget.choices)
    warned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "target"], name="sla_warning_once")
        ]

    def __str__(self) -> str:
        return f"{self.target} of ticket {self.ticket_id}"


class SlaScan(models.Model):
    """One row: whoever holds its lock is the one scheduler scanning now."""

    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"SLA scan (last {self.last_run_at})"
