"""Service levels through the API: due times, states, the waiting pause,
list filter and ordering (SPEC 4g)."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.sla import config
from helpdesk.sla.models import BusinessCalendar, SlaPolicy
from helpdesk.tickets.models import Activity, Ticket

ClientFor = Callable[[User | None], APIClient]
TICKETS = "/api/tickets/"
# A Monday.
MONDAY_10 = datetime(2026, 12, 7, 10, tzinfo=UTC)


def iso(instant: datetime) -> str:
    return instant.isoformat().replace("+00:00", "Z")


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(MONDAY_10, tick=False) as traveller:
        yield traveller


def create(client: APIClient, **fields: Any) -> dict[str, Any]:
    body = {"title": "Printer", "description": "It jams.", "category": "General", **fields}
    response = client.post(TICKETS, body, format="json")
    assert response.status_code == 201, response.json()
    return dict(response.json())


def test_a_new_ticket_is_due_by_its_prioritys_targets_in_business_time(
    client_for: ClientFor, alice: User, clock: Any
) -> None:
    critical = create(client_for(alice), priority="Critical")
    medium = create(client_for(alice))

    assert critical["sla"] == {
        "first_response_due_at": "2026-12-07T11:00:00Z",
        "resolution_due_at": "2026-12-07T14:00:00Z",
        "first_response": "pending",
        "resolution": "pending",
        "first_response_seconds_left": 3600,
        "resolution_seconds_left": 4 * 3600,
        "first_response_at_risk": False,
        "resolution_at_risk": False,
    }
    assert critical["waiting_on_requester"] is False
    # 8 h: 7 on Monday, 1 on Tuesday; 3 business days of 8 h end on Thursday.
    assert medium["sla"]["first_response_due_at"] == "2026-12-08T10:00:00Z"
    assert medium["sla"]["resolution_due_at"] == "2026-12-10T10:00:00Z"


def test_a_ticket_created_at_the_weekend_counts_from_monday_nine(
    client_for: ClientFor, alice: User
) -> None:
    with time_machine.travel(datetime(2026, 12, 5, 22, tzinfo=UTC), tick=False):
        ticket = create(client_for(alice), priority="Critical")

    assert ticket["sla"]["first_response_due_at"] == "2026-12-07T10:00:00Z"


def test_a_holiday_in_the_default_calendar_moves_the_due_time(
    client_for: ClientFor, alice: User
) -> None:
    BusinessCalendar.objects.filter(is_default=True).update(holidays=["2026-12-07"])
    with time_machine.travel(datetime(2026, 12, 4, 16, 30, tzinfo=UTC), tick=False):
        ticket = create(client_for(alice), priority="Critical")

    # Friday 16:30 + 1 h: 30 min on Friday, Monday is a holiday, 30 min on Tuesday.
    assert ticket["sla"]["first_response_due_at"] == "2026-12-08T09:30:00Z"


def test_an_edited_policy_applies_to_the_next_ticket(
    client_for: ClientFor, alice: User, clock: Any
) -> None:
    SlaPolicy.objects.filter(priority="Critical").update(first_response_minutes=30)

    ticket = create(client_for(alice), priority="Critical")

    assert ticket["sla"]["first_response_due_at"] == "2026-12-07T10:30:00Z"


def test_changing_the_priority_recomputes_the_due_times_from_creation(
    client_for: ClientFor, alice: User, charlie: User, clock: Any
) -> None:
    ticket = create(client_for(alice), priority="Low")
    clock.shift(timedelta(hours=1))

    response = client_for(charlie).patch(
        f"{TICKETS}{ticket['id']}/", {"priority": "Critical"}, format="json"
    )

    assert response.json()["sla"]["first_response_due_at"] == "2026-12-07T11:00:00Z"
    assert response.json()["sla"]["resolution_due_at"] == "2026-12-07T14:00:00Z"


def test_the_bulk_change_recomputes_due_times_too(
    client_for: ClientFor, alice: User, charlie: User, clock: Any
) -> None:
    ids = [create(client_for(alice), priority="Low")["id"] for _ in range(2)]

    response = client_for(charlie).post(
        f"{TICKETS}bulk/", {"ids": ids, "priority": "Critical"}, format="json"
    )

    due = [item["sla"]["first_response_due_at"] for item in response.json()["updated"]]
    assert due == ["2026-12-07T11:00:00Z"] * 2


def test_a_reply_in_time_is_met_and_a_late_one_breached(
    client_for: ClientFor, alice: User, charlie: User, clock: Any
) -> None:
    early = create(client_for(alice), priority="Critical")
    late = create(client_for(alice), priority="Critical")
    client_for(charlie).post(f"{TICKETS}{early['id']}/comments/", {"body": "On it"})
    clock.shift(timedelta(hours=2))
    staff = client_for(charlie)  # a fresh token: the first expired meanwhile
    staff.post(f"{TICKETS}{late['id']}/comments/", {"body": "Sorry"}, format="json")

    assert staff.get(f"{TICKETS}{early['id']}/").json()["sla"]["first_response"] == "met"
    late_sla = staff.get(f"{TICKETS}{late['id']}/").json()["sla"]
    assert (late_sla["first_response"], late_sla["first_response_seconds_left"]) == (
        "breached",
        None,
    )


def test_an_internal_note_is_no_response(
    client_for: ClientFor, alice: User, charlie: User, clock: Any
) -> None:
    ticket = create(client_for(alice), priority="Critical")
    client_for(charlie).post(f"{TICKETS}{ticket['id']}/comments/", {"body": "hm", "internal": True})
    clock.shift(timedelta(hours=2))

    assert (
        client_for(charlie).get(f"{TICKETS}{ticket['id']}/").json()["sla"]["first_response"]
        == "breached"
    )


def test_resolving_in_time_meets_the_resolution_target(
    client_for: ClientFor, alice: User, charlie: User, clock: Any
) -> None:
    ticket = create(client_for(alice), priority="Critical")
    clock.shift(timedelta(hours=3))

    response = client_for(charlie).patch(
        f"{TICKETS}{ticket['id']}/status/", {"status": "Resolved"}, format="json"
    )

    # Resolved without a reply: the resolution answered the requester too.
    sla = response.json()["sla"]
    assert (sla["first_response"], sla["resolution"]) == ("breached", "met")


def test_at_80_percent_a_target_is_at_risk(
    client_for: ClientFor, alice: User, charlie: User, clock: Any
) -> None:
    ticket = create(client_for(alice), priority="Critical")
    url = f"{TICKETS}{ticket['id']}/"
    clock.shift(timedelta(minutes=47))
    assert client_for(charlie).get(url).json()["sla"]["first_response_at_risk"] is False
    clock.shift(timedelta(minutes=1))
    assert client_for(charlie).get(url).json()["sla"]["first_response_at_risk"] is True


# Waiting on the requester.


def _waiting(client: APIClient, ticket_id: int, value: Any) -> Any:
    return client.patch(f"{TICKETS}{ticket_id}/", {"waiting_on_requester": value}, format="json")


def test_waiting_pauses_the_resolution_clock_until_the_requester_replies(
    client_for: ClientFor, alice: User, charlie: User, clock: Any
) -> None:
    ticket = create(client_for(alice), priority="Critical")  # resolution due 14:00
    clock.shift(timedelta(hours=1))  # 11:00
    paused = _waiting(client_for(charlie), ticket["id"], True).json()
    assert paused["waiting_on_requester"] is True
    clock.shift(timedelta(hours=5))  # 16:00: past the due time, but paused
    staff = client_for(charlie)
    assert staff.get(f"{TICKETS}{ticket['id']}/").json()["sla"]["resolution"] == "pending"
    assert staff.get(f"{TICKETS}{ticket['id']}/").json()["sla"]["resolution_seconds_left"] == (
        3 * 3600
    )

    client_for(alice).post(f"{TICKETS}{ticket['id']}/comments/", {"body": "Here you are"})

    after = staff.get(f"{TICKETS}{ticket['id']}/").json()
    assert after["waiting_on_requester"] is False
    # Paused 11:00-16:00 = 5 business hours: due 19:00 business time, i.e.
    # Monday 16:00 + 3 h = 1 h Monday + 2 h Tuesday.
    assert after["sla"]["resolution_due_at"] == "2026-12-08T11:00:00Z"
    assert after["sla"]["first_response_due_at"] == ticket["sla"]["first_response_due_at"]
    entries = Activity.objects.filter(kind__startswith="sla_").order_by("id")
    assert [(e.kind, e.actor, e.data) for e in entries] == [
        ("sla_paused", charlie, {}),
        ("sla_resumed", alice, {"reason": "reply", "paused_seconds": 5 * 3600}),
    ]


def test_pause_outside_opening_hours_costs_no_business_time(
    client_for: ClientFor, alice: User, charlie: User, clock: Any
) -> None:
    ticket = create(client_for(alice), priority="Critical")
    clock.move_to(datetime(2026, 12, 7, 18, tzinfo=UTC))
    _waiting(client_for(charlie), ticket["id"], True)
    clock.move_to(datetime(2026, 12, 8, 8, tzinfo=UTC))

    resumed = _waiting(client_for(charlie), ticket["id"], False).json()

    assert resumed["sla"]["resolution_due_at"] == ticket["sla"]["resolution_due_at"]
    assert Activity.objects.get(kind="sla_resumed").data == {"reason": "staff", "paused_seconds": 0}


def test_staff_replies_and_internal_notes_do_not_end_the_wait(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = create(client_for(alice))
    staff = client_for(charlie)
    _waiting(staff, ticket["id"], True)
    staff.post(f"{TICKETS}{ticket['id']}/comments/", {"body": "Any news?"})
    staff.post(f"{TICKETS}{ticket['id']}/comments/", {"body": "hm", "internal": True})

    assert Ticket.objects.get().waiting_on_requester


def test_resolving_a_waiting_ticket_ends_the_pause(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = create(client_for(alice))
    staff = client_for(charlie)
    _waiting(staff, ticket["id"], True)

    resolved = staff.patch(f"{TICKETS}{ticket['id']}/status/", {"status": "Resolved"}).json()

    assert resolved["waiting_on_requester"] is False
    assert Activity.objects.get(kind="sla_resumed").data["reason"] == "resolved"


def test_a_resolved_ticket_cannot_wait(client_for: ClientFor, alice: User, charlie: User) -> None:
    ticket = create(client_for(alice))
    staff = client_for(charlie)
    staff.patch(f"{TICKETS}{ticket['id']}/status/", {"status": "Resolved"})

    response = _waiting(staff, ticket["id"], True)

    assert response.status_code == 400
    assert "waiting_on_requester" in response.json()


def test_setting_the_flag_it_already_has_records_nothing(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = create(client_for(alice))
    staff = client_for(charlie)
    _waiting(staff, ticket["id"], True)
    _waiting(staff, ticket["id"], True)
    _waiting(staff, ticket["id"], False)
    _waiting(staff, ticket["id"], False)

    assert Activity.objects.filter(kind__startswith="sla_").count() == 2


def test_a_requester_cannot_set_waiting_on_their_ticket_nor_see_others(
    client_for: ClientFor, alice: User, bob: User
) -> None:
    ticket = create(client_for(alice))

    assert _waiting(client_for(alice), ticket["id"], True).status_code == 403
    assert _waiting(client_for(bob), ticket["id"], True).status_code == 404
    assert not Ticket.objects.get().waiting_on_requester


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_waiting_must_be_a_boolean(
    client_for: ClientFor, alice: User, charlie: User, value: Any
) -> None:
    ticket = create(client_for(alice))

    response = _waiting(client_for(charlie), ticket["id"], value)

    assert response.status_code == 400
    assert "waiting_on_requester" in response.json()


def test_waiting_cannot_be_set_on_create(client_for: ClientFor, charlie: User) -> None:
    response = client_for(charlie).post(
        TICKETS,
        {"title": "T", "description": "D", "category": "Other", "waiting_on_requester": True},
        format="json",
    )

    assert response.status_code == 400
    assert "waiting_on_requester" in response.json()


def test_a_form_without_the_flag_leaves_it_unchanged(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    ticket = create(client_for(alice))
    staff = client_for(charlie)
    _waiting(staff, ticket["id"], True)

    staff.patch(f"{TICKETS}{ticket['id']}/", {"title": "Renamed"}, format="multipart")

    assert Ticket.objects.get().waiting_on_requester


# The list: filter and ordering.


def _ids(client: APIClient, **params: str) -> list[int]:
    response = client.get(TICKETS, params)
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["results"]]


def test_the_list_filters_breached_and_at_risk_tickets(
    client_for: ClientFor, alice: User, charlie: User, clock: Any
) -> None:
    breached = create(client_for(alice), priority="Critical")["id"]  # first response due 11:00
    clock.shift(timedelta(minutes=50))
    at_risk = create(client_for(alice), priority="Critical")["id"]  # due 11:50, 80 % at 11:38
    clock.shift(timedelta(minutes=20))  # 11:10
    fine = create(client_for(alice), priority="Low")["id"]
    clock.shift(timedelta(minutes=30))  # 11:40
    staff = client_for(charlie)

    assert _ids(staff, sla="breached") == [breached]
    assert _ids(staff, sla="at_risk") == [at_risk]
    assert fine not in _ids(staff, sla="at_risk")
    # A requester's list filters only their own.
    assert _ids(client_for(alice), sla="breached") == [breached]


def test_a_paused_ticket_past_its_due_time_is_not_breached(
    client_for: ClientFor, alice: User, charlie: User, clock: Any
) -> None:
    ticket = create(client_for(alice), priority="Critical")["id"]
    staff = client_for(charlie)
    staff.post(f"{TICKETS}{ticket}/comments/", {"body": "Which printer?"})
    _waiting(staff, ticket, True)
    clock.shift(timedelta(hours=5))

    assert _ids(client_for(charlie), sla="breached") == []


def test_ordering_by_sla_due_puts_the_soonest_open_target_first(
    client_for: ClientFor, alice: User, charlie: User, clock: Any
) -> None:
    requester, staff = client_for(alice), client_for(charlie)
    low = create(requester, priority="Low")["id"]
    critical = create(requester, priority="Critical")["id"]
    high = create(requester, priority="High")["id"]
    done = create(requester, priority="Critical")["id"]
    staff.patch(f"{TICKETS}{done}/status/", {"status": "Resolved"})

    assert _ids(staff, ordering="sla_due") == [critical, high, low, done]
    assert _ids(staff, ordering="-sla_due") == [low, high, critical, done]


@pytest.mark.parametrize(
    "params", [{"sla": "late"}, {"sla": ""}, {"ordering": "sla"}, {"sla": "breached,at_risk"}]
)
def test_a_bad_sla_parameter_is_a_400(
    client_for: ClientFor, charlie: User, params: dict[str, str]
) -> None:
    response = client_for(charlie).get(TICKETS, params)

    assert response.status_code == 400


# Queries: due times cost one read of the targets when they are computed,
# and nothing per ticket in a list.


def test_creating_a_ticket_reads_the_targets_once(
    client_for: ClientFor, alice: User, charlie: User
) -> None:
    client = client_for(alice)
    with CaptureQueriesContext(connection) as queries:
        create(client)

    reads = [q["sql"] for q in queries if 'FROM "sla_' in q["sql"]]
    assert len(reads) == 1
    # issue 17's budget for a create.
    assert len(queries) <= 12


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_no_query_per_ticket_for_service_levels(
    client_for: ClientFor, alice: User, charlie: User, count: int, clock: Any
) -> None:
    requester = client_for(alice)
    for n in range(count):
        create(requester, priority=["Low", "Critical", "High"][n % 3])
    clock.shift(timedelta(minutes=50))  # the Critical ones are at risk
    staff = client_for(charlie)
    config.clear_cache()
    staff.get(TICKETS)  # this process's copy of the targets, for the time left

    with CaptureQueriesContext(connection) as queries:
        for params in ({}, {"sla": "at_risk"}, {"ordering": "sla_due"}):
            response = staff.get(TICKETS, {**params, "page_size": "100"})
            assert response.status_code == 200

    # user, count, page; for each of the three
    assert len(queries) == 9
