"""Prometheus metrics at /metrics (SPEC 5b), for allowed addresses only.

Counters are shared with the other test process through the multiprocess
directory, so assertions are on increases this test alone causes."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from config.asgi import application
from helpdesk.accounts.models import User
from helpdesk.notifications.models import Notification
from helpdesk.ops.metrics import OPEN_WEBSOCKETS


def scrape(client: Client | None = None) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = (client or Client()).get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.mark.django_db
def test_request_latency_is_counted_by_route_method_and_status(
    client_for: Callable[[User | None], APIClient], alice: User, anon: APIClient
) -> None:
    route = {"route": "ticket-detail", "method": "GET"}
    before = scrape()

    client_for(alice).get("/api/tickets/999999/")
    client_for(alice).get("/api/tickets/999998/")
    anon.get("/api/tickets/999999/")
    after = scrape()

    count = "helpdesk_http_request_duration_seconds_count"
    assert (
        value(after, count, **route, status="404") - value(before, count, **route, status="404")
        >= 2
    )
    assert (
        value(after, count, **route, status="401") - value(before, count, **route, status="401")
        >= 1
    )
    # The ids are not in the labels: one series per route, however many tickets.
    assert not any("999999" in str(key) for key in after)
    bucket = "helpdesk_http_request_duration_seconds_bucket"
    assert value(after, bucket, **route, status="404", le="+Inf") >= 2


@pytest.mark.django_db
def test_made_up_methods_share_one_label(anon: APIClient) -> None:
    anon.generic("BREW", "/api/tickets/")

    methods = {dict(labels).get("method") for _, labels in scrape()}
    assert "BREW" not in methods
    assert "other" in methods


@pytest.mark.django_db
def test_database_queries_are_counted_by_route(
    client_for: Callable[[User | None], APIClient], alice: User
) -> None:
    before = scrape()

    client_for(alice).get("/api/tickets/")
    after = scrape()

    name, labels = "helpdesk_db_queries_total", {"route": "ticket-list"}
    assert value(after, name, **labels) - value(before, name, **labels) >= 1


@pytest.mark.django_db
def test_outbox_backlog_and_failures(alice: User) -> None:
    now = timezone.now()
    base = {
        "to_email": "a@example.com",
        "event": "x",
        "subject": "s",
        "body_text": "t",
        "body_html": "h",
    }
    Notification.objects.create(**base, created_at=now - timedelta(minutes=5))
    Notification.objects.create(**base)
    Notification.objects.create(**base, failed_at=now)
    Notification.objects.create(**base, sent_at=now)

    samples = scrape()

    assert value(samples, "helpdesk_outbox_pending") == 2
    assert value(samples, "helpdesk_outbox_failed") == 1
    assert 290 < value(samples, "helpdesk_outbox_oldest_pending_seconds") < 400


@pytest.mark.anyio
@pytest.mark.django_db(transaction=True)
async def test_open_websockets_are_counted() -> None:
    before = OPEN_WEBSOCKETS._value.get()
    socket = WebsocketCommunicator(application, "/ws/", headers=[(b"origin", b"http://localhost")])
    connected, _ = await socket.connect()
    assert connected
    assert OPEN_WEBSOCKETS._value.get() == before + 1

    await socket.disconnect()

    assert OPEN_WEBSOCKETS._value.get() == before


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["203.0.113.9", "10.0.0.1", "::2"])
def test_other_addresses_get_a_404(address: str) -> None:
    response = Client(REMOTE_ADDR=address).get("/metrics")

    assert response.status_code == 404
    assert b"helpdesk_" not in response.content


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_open_metrics() -> None:
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="127.0.0.1")

    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_allowed_networks_and_the_proxy_setting(settings: Settings) -> None:
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8", "::1"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    # Behind one proxy the client is the address the proxy appended.
    from_prometheus = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.4.5.6")
    from_outside = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert from_prometheus.get("/metrics").status_code == 200
    assert from_outside.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_metrics_answer_a_scrape_by_ip_over_http(settings: Settings) -> None:
    settings.ALLOWED_HOSTS = ["helpdesk.example.org"]
    settings.SECURE_SSL_REDIRECT = True

    assert Client().get("/metrics", HTTP_HOST="10.0.0.7:8000").status_code == 200
