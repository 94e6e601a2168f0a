"""The summary block for the reports, the defaults, and who may edit them."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.sla.models import BusinessCalendar, SlaPolicy
from helpdesk.sla.selectors import sla_summary
from helpdesk.tickets import services
from helpdesk.tickets.models import Ticket

MONDAY_10 = datetime(2026, 12, 7, 10, tzinfo=UTC)


def _ticket(requester: User, priority: str = "Critical") -> Ticket:
    return services.ticket_create(
        actor=requester, title="T", description="D", category="Other", priority=priority
    )


@pytest.mark.django_db
def test_the_summary_counts_met_breached_and_breached_open_tickets(
    alice: User, charlie: User
) -> None:
    with time_machine.travel(MONDAY_10, tick=False) as clock:
        answered_in_time, answered_late, unanswered = (_ticket(alice) for _ in range(3))
        before_the_range = _ticket(alice)
        before_the_range.created_at = MONDAY_10 - timedelta(days=2)
        before_the_range.save(update_fields=["created_at"])
        services.comment_create(ticket=answered_in_time, actor=charlie, body="Hi")
        services.ticket_change_status(ticket=answered_in_time, actor=charlie, status="Resolved")
        clock.shift(timedelta(hours=2))  # first responses due at 11:00 are late now
        services.comment_create(ticket=answered_late, actor=charlie, body="Sorry")

        summary = sla_summary(since=MONDAY_10, until=MONDAY_10 + timedelta(days=1))

    assert summary == {
        # met 1 of 3 decided (one late reply, one still unanswered past due)
        "first_response_met_pct": 33.3,
        # the resolved one met; the others are still pending (due 14:00)
        "resolution_met_pct": 100.0,
        "breached_open": 2,
    }
    assert unanswered.resolved_at is None


@pytest.mark.django_db
def test_the_summary_of_a_range_without_decided_targets_has_no_percentages() -> None:
    assert sla_summary(since=MONDAY_10, until=MONDAY_10 + timedelta(days=1)) == {
        "first_response_met_pct": None,
        "resolution_met_pct": None,
        "breached_open": 0,
    }


@pytest.mark.django_db
def test_the_defaults_are_spec_4g() -> None:
    calendar = BusinessCalendar.objects.get(is_default=True)
    assert (calendar.time_zone, calendar.holidays) == ("UTC", [])
    assert calendar.hours["mon"] == ["09:00-17:00"] and calendar.hours["sat"] == []
    targets = {
        p.priority: (p.first_response_minutes, p.resolution_minutes, p.calendar_id)
        for p in SlaPolicy.objects.all()
    }
    assert targets == {
        "Critical": (60, 240, calendar.pk),
        "High": (240, 480, calendar.pk),
        "Medium": (480, 1440, calendar.pk),
        "Low": (480, 2400, calendar.pk),
    }


ADMIN = "/admin/sla/businesscalendar/"


@pytest.fixture
def admin_client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.mark.django_db
def test_a_superuser_edits_calendars_and_policies_in_the_admin(
    admin_client_for: Callable[[User], Client],
) -> None:
    boss = UserFactory.create(username="boss", is_staff=True, is_superuser=True)
    client = admin_client_for(boss)
    calendar = BusinessCalendar.objects.get(is_default=True)

    response = client.post(
        f"{ADMIN}{calendar.pk}/change/",
        {
            "name": "Madrid office",
            "time_zone": "Europe/Madrid",
            "is_default": "on",
            "hours": '{"mon": ["09:00-12:30", "13:30-17:00"], "tue": ["22:00-06:00"]}',
            "holidays": '["2026-12-08", "01-06"]',
        },
    )

    assert response.status_code == 302
    calendar.refresh_from_db()
    assert calendar.time_zone == "Europe/Madrid"
    assert client.get("/admin/sla/slapolicy/").status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Mars/Olympus"),
        ("hours", '{"mon": ["9 to 5"]}'),
        ("hours", '{"monday": ["09:00-17:00"]}'),
        ("hours", '{"mon": []}'),
        ("holidays", '["next friday"]'),
        ("holidays", '["02-30"]'),
    ],
)
@pytest.mark.django_db
def test_a_malformed_calendar_is_refused_with_a_message(
    admin_client_for: Callable[[User], Client], field: str, value: str
) -> None:
    boss = UserFactory.create(username="boss", is_staff=True, is_superuser=True)
    calendar = BusinessCalendar.objects.get(is_default=True)
    data = {
        "name": "Office",
        "time_zone": "UTC",
        "is_default": "on",
        "hours": '{"mon": ["09:00-17:00"]}',
        "holidays": "[]",
        field: value,
    }

    response = admin_client_for(boss).post(f"{ADMIN}{calendar.pk}/change/", data)

    assert response.status_code == 200  # the form again, with the error
    assert b"errornote" in response.content
    calendar.refresh_from_db()
    assert calendar.name != "Office" or calendar.time_zone == "UTC"


@pytest.mark.django_db
def test_staff_who_are_not_superusers_cannot_edit_service_levels(
    admin_client_for: Callable[[User], Client], charlie: User
) -> None:
    client = admin_client_for(charlie)

    assert client.get(ADMIN).status_code == 403
    assert client.get("/admin/sla/slapolicy/").status_code == 403
