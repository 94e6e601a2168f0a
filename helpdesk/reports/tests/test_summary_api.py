from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.apps import apps
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.reports.tests import oracle
from helpdesk.reports.tests.conftest import Scenario
from helpdesk.tickets.models import StatusHistory, Ticket
from helpdesk.tickets.tests.factories import TicketFactory

URL = "/api/reports/summary/"
ClientFor = Callable[[User | None], APIClient]


def summary(client: APIClient, **params: str) -> dict[str, Any]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    return response.json()


def test_anonymous_gets_401(anon: APIClient) -> None:
    assert anon.get(URL).status_code == 401


def test_requester_gets_403(client_for: ClientFor, alice: User) -> None:
    response = client_for(alice).get(URL)
    assert response.status_code == 403
    assert response.json() == {"detail": "Only staff can read reports."}


def test_staff_reads_the_summary(client_for: ClientFor, charlie: User) -> None:
    assert client_for(charlie).get(URL).status_code == 200


@time_machine.travel("2026-12-01T12:00:00Z", tick=False)
def test_hand_counted_month_in_utc(
    client_for: ClientFor, charlie: User, scenario: Scenario
) -> None:
    """The scenario's numbers counted by hand (conftest.py says why each is)."""
    report = summary(client_for(charlie), since="2026-10-20", until="2026-11-10")
    assert report["interval"] == "day"
    assert report["tz"] == "UTC"
    assert report["created"] == 8  # T1-T7 and T9; T8 is older
    # T1 twice (charlie, dana), T4 (eve), T5, T7 at creation, T8.
    assert report["resolved"] == 6
    assert report["reopened"] == 2  # T1 and T8, both by alice's reply
    assert report["backlog"] == 5  # T2, T3, T6, T8, T9
    assert report["by_status"] == {"New": 3, "Under Review": 1, "Resolved": 4}
    assert report["by_category"] == {"Technical": 4, "Billing": 2, "General": 1, "Other": 1}
    assert report["by_priority"] == {"Low": 1, "Medium": 5, "High": 1, "Critical": 1}
    # 300 (T4), 9,000 (T1), 89,999 (T2, rounded down), 172,801 (T5).
    assert report["first_response"] == {"count": 4, "median_seconds": 9000, "p90_seconds": 172801}
    # 0 (T7), 600 (T4), 307,800 (T1, from creation to its last resolution), 828,000 (T5).
    assert report["resolution"] == {"count": 4, "median_seconds": 600, "p90_seconds": 828000}
    assert len(report["series"]) == 22
    assert report["series"][0] == {
        "start": "2026-10-20",
        "starts_at": "2026-10-20T00:00:00Z",
        "ends_at": "2026-10-21T00:00:00Z",
        "created": 2,
        "resolved": 1,
    }
    fifth = report["series"][4]
    assert (fifth["start"], fifth["created"], fifth["resolved"]) == ("2026-10-24", 1, 1)
    # Due times on Monday-Friday 09:00-17:00 UTC. First response met: T1
    # (reply 11:30, due 13:00), T2 (a Sunday reply, due Monday), T4, T5, T7
    # (created Resolved: its resolution is its response); breached: T3 (only
    # its creator's reply and a note), T6, T9. Resolution met: T4, T7;
    # breached: T1 (due Wednesday 17:00, resolved Saturday), T2, T3, T5, T6, T9.
    assert report["sla"] == {
        "first_response_met_pct": 62.5,
        "resolution_met_pct": 25.0,
        "breached_open": 4,  # T2, T3, T6, T9
    }
    # T1's two resolutions (2, 5), T4 (4), T5 (3: the 1 was replaced).
    assert report["csat"] == {"count": 4, "average": 3.5, "positive_pct": 50.0}
    s = scenario
    # eve is no longer active: her resolution counts above, she has no row.
    assert report["agents"] == [
        {
            "id": s.charlie.pk,
            "username": "charlie",
            "assigned_open": 2,  # T3, T8
            "resolved": 2,  # T1 (first time), T5
            "first_response_median_seconds": 89999,  # T2 and T5: the lower of two
            "sla_met_pct": 25.0,  # T3 (both breached), T5 (response met)
            "csat_count": 1,  # T5
            "csat_average": 3.0,
        },
        {
            "id": s.dana.pk,
            "username": "dana",
            "assigned_open": 1,  # T2
            "resolved": 3,  # T1 (second time), T7, T8
            "first_response_median_seconds": 9000,
            "sla_met_pct": 50.0,  # T1 and T2: responses met, resolutions breached
            "csat_count": 2,  # T1's two resolutions
            "csat_average": 3.5,
        },
    ]


RANGES = [
    # zone, since, until, interval
    ("UTC", "2026-10-20", "2026-11-10", "day"),
    ("Europe/Madrid", "2026-10-20", "2026-11-10", "day"),  # summer time ends on the 25th
    ("Europe/Madrid", "2026-10-25", "2026-10-25", "day"),  # the 25-hour day alone
    ("Pacific/Kiritimati", "2026-10-20", "2026-11-10", "day"),  # UTC+14
    ("Pacific/Kiritimati", "2026-11-01", "2026-11-01", "day"),
    ("Pacific/Tongatapu", "2026-10-31", "2026-11-02", "day"),  # UTC+13
    ("America/Los_Angeles", "2026-10-20", "2026-11-10", "day"),  # its change is 1 November
    ("UTC", "2026-10-19", "2026-11-15", "week"),  # Monday to Sunday
    ("Europe/Madrid", "2026-10-21", "2026-11-10", "week"),  # starts mid-week
    ("Pacific/Kiritimati", "2026-10-20", "2026-11-30", "week"),
    ("UTC", "2026-09-01", "2026-11-30", "month"),
    ("Pacific/Kiritimati", "2026-08-15", "2026-11-30", "month"),  # starts mid-month
    ("Europe/Madrid", "2026-10-02", "2026-10-30", "month"),  # no month starts in it
    ("UTC", "2020-01-01", "2020-12-31", "week"),  # before anything happened
    ("Asia/Kathmandu", "2026-10-20", "2026-11-10", "day"),  # UTC+5:45
]


# Mid-range: some targets still pending, T6 not yet created.
NOW = datetime(2026, 11, 4, 12, tzinfo=UTC)


# As a server runs it, outside a transaction: on PostgreSQL the passes over
# the range then run side by side, each on a connection of its own, in the
# request's snapshot (helpdesk/core/snapshot.py).
OUTSIDE_A_TRANSACTION = [
    pytest.param(*RANGES[i], marks=pytest.mark.django_db(transaction=True), id=f"committed-{i}")
    for i in (1, 8)
]


@pytest.mark.parametrize(("tz", "since", "until", "interval"), [*RANGES, *OUTSIDE_A_TRANSACTION])
@time_machine.travel(NOW, tick=False)
def test_summary_matches_the_definitions(
    client_for: ClientFor,
    charlie: User,
    scenario: Scenario,
    tz: str,
    since: str,
    until: str,
    interval: str,
) -> None:
    report = summary(client_for(charlie), since=since, until=until, tz=tz, interval=interval)
    expected = oracle.summary(
        since=date.fromisoformat(since),
        until=date.fromisoformat(until),
        tz=tz,
        interval=interval,
        now=NOW,
    )
    assert report == expected


def test_zones_move_tickets_between_days(
    client_for: ClientFor, charlie: User, scenario: Scenario
) -> None:
    client = client_for(charlie)
    # T4 was created at 1 November 00:00 in Kiritimati; T5 a second before.
    kiritimati = summary(client, since="2026-11-01", until="2026-11-01", tz="Pacific/Kiritimati")
    assert kiritimati["created"] == 1
    assert kiritimati["resolved"] == 1  # T4 by eve, ten minutes later
    # The day summer time ends in Madrid has 25 hours: T1's second resolution
    # (00:30) and T2's creation (00:30:00.5) fall in it, in local time.
    madrid = summary(client, since="2026-10-25", until="2026-10-25", tz="Europe/Madrid")
    assert madrid["created"] == 1  # T2; T3 is 00:30 on the 26th there
    assert madrid["resolved"] == 1
    # Its bounds: midnight in summer time, midnight in winter time, 25 h apart.
    assert (madrid["starts_at"], madrid["ends_at"]) == (
        "2026-10-24T22:00:00Z",
        "2026-10-25T23:00:00Z",
    )


def test_week_buckets_start_on_monday_and_only_inside_the_range(
    client_for: ClientFor, charlie: User, scenario: Scenario
) -> None:
    report = summary(client_for(charlie), since="2026-10-21", until="2026-11-10", interval="week")
    assert [entry["start"] for entry in report["series"]] == [
        "2026-10-26",
        "2026-11-02",
        "2026-11-09",
    ]


def test_empty_range_has_zeros_and_nulls(client_for: ClientFor, charlie: User) -> None:
    report = summary(client_for(charlie), since="2026-01-05", until="2026-01-18", interval="week")
    assert report["created"] == report["resolved"] == report["reopened"] == 0
    assert report["by_status"] == {"New": 0, "Under Review": 0, "Resolved": 0}
    assert report["first_response"] == {"count": 0, "median_seconds": None, "p90_seconds": None}
    assert [(e["start"], e["created"], e["resolved"]) for e in report["series"]] == [
        ("2026-01-05", 0, 0),
        ("2026-01-12", 0, 0),
    ]
    assert report["agents"] == [
        {
            "id": charlie.pk,
            "username": "charlie",
            "assigned_open": 0,
            "resolved": 0,
            "first_response_median_seconds": None,
            "sla_met_pct": None,
            "csat_count": 0,
            "csat_average": None,
        }
    ]
    assert report["sla"] == {
        "first_response_met_pct": None,
        "resolution_met_pct": None,
        "breached_open": 0,
    }
    assert report["csat"] == {"count": 0, "average": None, "positive_pct": None}


@time_machine.travel("2026-11-30T23:30:00Z", tick=False)
def test_defaults_are_the_30_days_ending_today_in_the_zone(
    client_for: ClientFor, charlie: User
) -> None:
    client = client_for(charlie)
    report = summary(client)
    assert (report["since"], report["until"], report["tz"], report["interval"]) == (
        "2026-11-01",
        "2026-11-30",
        "UTC",
        "day",
    )
    assert len(report["series"]) == 30
    # Already 1 December in Madrid.
    assert summary(client, tz="Europe/Madrid")["until"] == "2026-12-01"


def test_interval_defaults_to_weeks_beyond_92_days(client_for: ClientFor, charlie: User) -> None:
    client = client_for(charlie)
    assert summary(client, since="2026-01-01", until="2026-04-02")["interval"] == "day"
    assert summary(client, since="2026-01-01", until="2026-04-03")["interval"] == "week"


def test_five_years_is_the_longest_range(client_for: ClientFor, charlie: User) -> None:
    client = client_for(charlie)
    assert client.get(URL, {"since": "2021-01-01", "until": "2025-12-31"}).status_code == 200
    response = client.get(URL, {"since": "2021-01-01", "until": "2026-01-01"})
    assert response.status_code == 400
    assert response.json() == {"until": ["The range may span at most 5 years."]}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "2026-13-01"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"since": "2026-11-01T00:00:00"}, "since"),
        ({"until": "1899-12-31"}, "until"),
        ({"since": "3000-01-01"}, "since"),
        ({"since": "2026-11-02", "until": "2026-11-01"}, "since"),
        ({"tz": "Mars/Olympus_Mons"}, "tz"),
        ({"tz": "../../etc/passwd"}, "tz"),
        ({"interval": "year"}, "interval"),
        ({"until": ""}, "until"),
        ({"tz": ""}, "tz"),
    ],
)
def test_bad_parameters_are_a_400_that_names_them(
    client_for: ClientFor, charlie: User, params: dict[str, str], field: str
) -> None:
    response = client_for(charlie).get(URL, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_since_after_until_says_so(client_for: ClientFor, charlie: User) -> None:
    response = client_for(charlie).get(URL, {"since": "2026-11-02", "until": "2026-11-01"})
    assert response.json() == {"since": ["`since` must not be after `until`."]}


def test_unknown_zone_says_so(client_for: ClientFor, charlie: User) -> None:
    response = client_for(charlie).get(URL, {"tz": "Europe/Atlantis"})
    assert response.json() == {
        "tz": ["Unknown time zone. Use an IANA name such as Europe/Madrid or UTC."]
    }


def test_query_count_does_not_grow_with_tickets_or_staff(
    client_for: ClientFor,
    charlie: User,
    scenario: Scenario,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(charlie)
    params = {"since": "2026-09-01", "until": "2026-12-31", "tz": "Europe/Madrid"}
    # The user of the token, then one query per grouped read.
    with django_assert_num_queries(12):
        client.get(URL, params)
    for n in range(5):
        UserFactory.create(username=f"agent{n}", is_staff=True)
    TicketFactory.create_batch(20)
    with django_assert_num_queries(12):
        client.get(URL, params)


def test_migration_backfills_what_the_services_record(scenario: Scenario) -> None:
    history = list(StatusHistory.objects.order_by("pk").values_list("pk", "previous"))
    responders = list(Ticket.objects.order_by("pk").values_list("pk", "first_response_by"))
    assert ("Resolved") in {previous for _pk, previous in history}
    StatusHistory.objects.update(previous="")
    Ticket.objects.update(first_response_by=None)

    migration = __import__("helpdesk.tickets.migrations.0008_reports", fromlist=["backfill"])
    migration.backfill(apps, None)

    assert list(StatusHistory.objects.order_by("pk").values_list("pk", "previous")) == history
    assert list(Ticket.objects.order_by("pk").values_list("pk", "first_response_by")) == responders


def test_refusals_speak_the_clients_language(client_for: ClientFor, charlie: User) -> None:
    response = client_for(charlie).get(URL, {"tz": "Europe/Atlantis"}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.json() == {
        "tz": ["Zona horaria desconocida. Use un nombre IANA como Europe/Madrid o UTC."]
    }
