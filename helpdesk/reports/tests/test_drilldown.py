"""Every number the dashboard links opens exactly the tickets behind it: the
list, with the filters the dashboard puts in its link, counts the number."""

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.reports.tests.conftest import Scenario

ClientFor = Callable[[User | None], APIClient]
RANGES = [
    ("UTC", "2026-10-20", "2026-11-10", "day"),
    ("Europe/Madrid", "2026-10-20", "2026-11-10", "week"),
    ("Pacific/Kiritimati", "2026-09-01", "2026-11-30", "month"),
]


def count(client: APIClient, **params: Any) -> int:
    response = client.get("/api/tickets/", params)
    assert response.status_code == 200, response.json()
    return int(response.json()["count"])


@pytest.mark.parametrize(("tz", "since", "until", "interval"), RANGES)
def test_each_linked_number_is_the_lists_count(
    client_for: ClientFor,
    charlie: User,
    scenario: Scenario,
    tz: str,
    since: str,
    until: str,
    interval: str,
) -> None:
    client = client_for(charlie)
    report = client.get(
        "/api/reports/summary/", {"since": since, "until": until, "tz": tz, "interval": interval}
    ).json()
    created = {"created_after": report["starts_at"], "created_before": report["ends_at"]}

    assert count(client, **created) == report["created"]
    for field in ("status", "category", "priority"):
        for value, number in report[f"by_{field}"].items():
            assert count(client, **created, **{field: value}) == number
    assert count(client, open="true") == report["backlog"]
    assert count(client, **created, responded="true") == report["first_response"]["count"]
    assert count(client, **created, status="Resolved") == report["resolution"]["count"]
    for entry in report["series"]:
        bucket = {"created_after": entry["starts_at"], "created_before": entry["ends_at"]}
        assert count(client, **bucket) == entry["created"]
    for agent in report["agents"]:
        assert count(client, assignee=agent["id"], open="true") == agent["assigned_open"]
        answered = count(client, **created, first_response_by=agent["id"])
        assert (answered > 0) == (agent["first_response_median_seconds"] is not None)


def test_the_new_list_filters(client_for: ClientFor, charlie: User, scenario: Scenario) -> None:
    client = client_for(charlie)
    assert count(client, open="false") == 4  # T1, T4, T5, T7
    assert count(client, responded="false") == 5  # T3, T6, T7, T8, T9
    assert count(client, first_response_by=scenario.dana.pk) == 1  # T1


@pytest.mark.parametrize(
    "params",
    [{"open": "yes"}, {"responded": "1"}, {"first_response_by": "dana"}, {"open": ""}],
)
def test_bad_values_of_the_new_filters_are_a_400(
    client_for: ClientFor, charlie: User, params: dict[str, str]
) -> None:
    response = client_for(charlie).get("/api/tickets/", params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)
