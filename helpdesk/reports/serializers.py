from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from helpdesk.reports.selectors import DAY, INTERVALS, WEEK, Period
from helpdesk.tickets.models import Ticket

DEFAULT_DAYS = 30
# Longest range that is still cut into days by default.
DAILY_UP_TO_DAYS = 92
MAX_YEARS = 5
# Far enough apart for any report, near enough that every bound and zone
# conversion stays inside what datetime can hold.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28) + timedelta(days=1)


class SummaryParamsSerializer(serializers.Serializer[Any]):
    """The summary's query parameters, each refused with a reason."""

    since = serializers.DateField(
        required=False,
        input_formats=["iso-8601"],
        help_text="First day, inclusive (default: 29 days before `until`).",
    )
    until = serializers.DateField(
        required=False,
        input_formats=["iso-8601"],
        help_text="Last day, inclusive (default: today in `tz`).",
    )
    tz = serializers.CharField(
        required=False,
        default="UTC",
        max_length=64,
        help_text="An IANA time zone; days are that zone's days.",
    )
    interval = serializers.ChoiceField(
        choices=INTERVALS,
        required=False,
        help_text="`day`, `week` (from Monday) or `month`; default `day` up to 92 days, "
        "else `week`.",
    )

    default_error_messages = {
        "out_of_range": gettext_lazy("Use a date between 1900-01-01 and 2999-12-31."),
    }

    def to_internal_value(self, data: Any) -> Any:
        # A form's blank value would read as "left out" (the default range);
        # in a URL it is a mistake, said as such.
        blank: dict[str, Any] = {
            str(name): [_("Give a value, or leave the parameter out.")]
            for name in self.fields
            if data.get(name) == ""
        }
        if blank:
            raise serializers.ValidationError(blank)
        return super().to_internal_value(data)

    def validate_tz(self, value: str) -> str:
        if value not in _zones():
            raise serializers.ValidationError(
                _("Unknown time zone. Use an IANA name such as Europe/Madrid or UTC.")
            )
        return value

    def _check_day(self, value: date) -> date:
        if not EARLIEST <= value <= LATEST:
            raise serializers.ValidationError(self.error_messages["out_of_range"])
        return value

    def validate_since(self, value: date) -> date:
        return self._check_day(value)

    def validate_until(self, value: date) -> date:
        return self._check_day(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        tz = ZoneInfo(attrs["tz"])
        until = attrs.get("until")
        since = attrs.get("since")
        if until is None:
            today = timezone.now().astimezone(tz).date()
            until = max(today, since) if since else today
        if since is None:
            since = until - timedelta(days=DEFAULT_DAYS - 1)
        if since > until:
            raise serializers.ValidationError({"since": [_("`since` must not be after `until`.")]})
        if until >= _years_later(since, MAX_YEARS):
            raise serializers.ValidationError(
                {"until": [_("The range may span at most %(years)d years.") % {"years": MAX_YEARS}]}
            )
        days = (until - since).days + 1
        interval = attrs.get("interval") or (DAY if days <= DAILY_UP_TO_DAYS else WEEK)
        return {"period": Period(since=since, until=until, tz=tz, interval=interval)}


_ZONES: set[str] = set()


def _zones() -> set[str]:
    # Read from the system's zone database once per process.
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


class SummaryDistributionSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    median_seconds = serializers.IntegerField(allow_null=True)
    p90_seconds = serializers.IntegerField(allow_null=True)


class SummarySeriesEntrySerializer(serializers.Serializer[Any]):
    start = serializers.DateField(help_text="The interval's first day in `tz`.")
    starts_at = serializers.DateTimeField(help_text="Its first instant.")
    ends_at = serializers.DateTimeField(help_text="The first instant after it.")
    created = serializers.IntegerField()
    resolved = serializers.IntegerField()


class SummaryAgentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    assigned_open = serializers.IntegerField()
    resolved = serializers.IntegerField()
    first_response_median_seconds = serializers.IntegerField(allow_null=True)
    sla_met_pct = serializers.FloatField(
        allow_null=True,
        help_text="Targets met of those decided, over the tickets created in the range "
        "assigned to them now (one decimal; null when none is decided).",
    )
    csat_count = serializers.IntegerField(
        help_text="Ratings of resolutions in the range of tickets assigned to them now."
    )
    csat_average = serializers.FloatField(
        allow_null=True, help_text="Their average score (two decimals; null when none)."
    )


class SummarySlaSerializer(serializers.Serializer[Any]):
    first_response_met_pct = serializers.FloatField(allow_null=True)
    resolution_met_pct = serializers.FloatField(allow_null=True)
    breached_open = serializers.IntegerField()


class SummaryCsatSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    positive_pct = serializers.FloatField(allow_null=True)


def _counts(choices: list[str], help_text: str) -> serializers.Serializer[Any]:
    fields = {name: serializers.IntegerField() for name in choices}
    name = "SummaryCounts" + help_text.split()[-1].title()
    return type(name, (serializers.Serializer,), fields)(help_text=help_text)


class SummarySerializer(serializers.Serializer[Any]):
    """SPEC 4f; docs/api.md defines every number."""

    since = serializers.DateField()
    until = serializers.DateField()
    tz = serializers.CharField()
    interval = serializers.ChoiceField(choices=INTERVALS)
    starts_at = serializers.DateTimeField(help_text="`since` 00:00 in `tz`.")
    ends_at = serializers.DateTimeField(help_text="`until` + 1 day 00:00 in `tz`.")
    created = serializers.IntegerField()
    resolved = serializers.IntegerField()
    reopened = serializers.IntegerField()
    backlog = serializers.IntegerField()
    by_status = _counts(Ticket.Status.values, "Tickets created in the range by status")
    by_category = _counts(Ticket.Category.values, "Tickets created in the range by category")
    by_priority = _counts(Ticket.Priority.values, "Tickets created in the range by priority")
    first_response = SummaryDistributionSerializer()
    resolution = SummaryDistributionSerializer()
    series = SummarySeriesEntrySerializer(many=True)
    sla = SummarySlaSerializer(help_text="Service levels of the tickets created in the range.")
    csat = SummaryCsatSerializer(help_text="Ratings of the resolutions made in the range.")
    agents = SummaryAgentSerializer(many=True)
