"""SPEC 4g's defaults: a Monday-Friday 09:00-17:00 UTC calendar, and the
targets of each priority on it; and the scheduler's single row."""

from typing import Any

from django.db import migrations

HOUR, DAY = 60, 8 * 60
TARGETS = {
    "Critical": (1 * HOUR, 4 * HOUR),
    "High": (4 * HOUR, 1 * DAY),
    "Medium": (8 * HOUR, 3 * DAY),
    "Low": (1 * DAY, 5 * DAY),
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def create(apps: Any, schema_editor: Any) -> None:
    BusinessCalendar = apps.get_model("sla", "BusinessCalendar")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    SlaScan = apps.get_model("sla", "SlaScan")
    calendar, _ = BusinessCalendar.objects.get_or_create(
        is_default=True,
        defaults={
            "name": "Office hours",
            "time_zone": "UTC",
            "hours": {d: ["09:00-17:00"] if d not in ("sat", "sun") else [] for d in WEEKDAYS},
            "holidays": [],
        },
    )
    for priority, (first, resolution) in TARGETS.items():
        SlaPolicy.objects.get_or_create(
            priority=priority,
            defaults={
                "first_response_minutes": first,
                "resolution_minutes": resolution,
                "calendar": calendar,
            },
        )
    SlaScan.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
