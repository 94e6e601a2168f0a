from collections.abc import Callable
from typing import Any

import pytest
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from helpdesk.accounts.models import User
from helpdesk.tickets.tests.factories import TicketFactory

ClientFor = Callable[[User | None], APIClient]

pytestmark = pytest.mark.django_db


def test_benchmark_baselines_are_not_routed_by_default(
    client_for: ClientFor, charlie: User
) -> None:
    # Only the bench server's URLconf (bench/urls.py) routes them.
    client = client_for(charlie)

    assert client.get("/api/bench/bare/").status_code == 404
    assert client.get("/api/bench/values/").status_code == 404


def test_the_values_baseline_builds_the_page_the_api_returns(
    client_for: ClientFor, alice: User, charlie: User, settings: Settings
) -> None:
    settings.ROOT_URLCONF = "bench.urls"
    TicketFactory.create_batch(3, created_by=alice, assignee=charlie)
    client = client_for(charlie)

    api = client.get("/api/tickets/").json()
    baseline = client.get("/api/bench/values/").json()

    assert client.get("/api/bench/bare/").json() == {"status": "ok"}
    assert client_for(None).get("/api/bench/values/").status_code == 401

    # The same page, fields and envelope (timestamps differ only in their
    # encoder's precision: DjangoJSONEncoder cuts to milliseconds).
    def comparable(page: dict[str, Any]) -> dict[str, Any]:
        timeless = [{**t, "created_at": None, "updated_at": None} for t in page["results"]]
        return {**page, "results": timeless}

    assert comparable(baseline) == comparable(api)
    assert [t["created_at"][:23] for t in baseline["results"]] == [
        t["created_at"][:23] for t in api["results"]
    ]
