"""Prometheus metrics (SPEC 5b), correct across several uvicorn workers.

prometheus-client runs in multiprocess mode: each process writes its values
to files in PROMETHEUS_MULTIPROC_DIR (set by the settings before this module
is imported) and a scrape, answered by any one process, adds them all up.
The outbox figures are read from the database at scrape time, so they are
right whichever process answers and whether or not the worker runs.
"""

import os
from collections.abc import Iterable
from pathlib import Path

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUEST_SECONDS = Histogram(
    "helpdesk_http_request_duration_seconds",
    "Time to answer an HTTP request, by route (the URL pattern), method and status.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
DB_QUERIES = Counter(
    "helpdesk_db_queries",
    "Database queries made while answering HTTP requests, by route.",
    ["route"],
)
# "livesum": the open sockets of the processes alive now, added up.
OPEN_WEBSOCKETS = Gauge(
    "helpdesk_websockets_open",
    "WebSockets open on the app processes.",
    multiprocess_mode="livesum",
)

CONTENT_TYPE = CONTENT_TYPE_LATEST


class OutboxCollector(Collector):
    def collect(self) -> Iterable[GaugeMetricFamily]:
        from helpdesk.notifications.models import Notification

        # One query on the outbox's (sent_at, created_at) index: every unsent
        # row is either still pending or has failed for good.
        unsent = Notification.objects.filter(sent_at__isnull=True).aggregate(
            pending=Count("pk", filter=Q(failed_at__isnull=True)),
            failed=Count("pk", filter=Q(failed_at__isnull=False)),
            oldest=Min("created_at", filter=Q(failed_at__isnull=True)),
        )
        yield GaugeMetricFamily(
            "helpdesk_outbox_pending", "E-mails queued and not yet sent.", value=unsent["pending"]
        )
        yield GaugeMetricFamily(
            "helpdesk_outbox_failed",
            "E-mails given up on after EMAIL_MAX_ATTEMPTS (see the admin site).",
            value=unsent["failed"],
        )
        oldest = unsent["oldest"]
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "helpdesk_outbox_oldest_pending_seconds",
            "Age of the oldest e-mail still waiting to be sent (0 when none).",
            value=age,
        )


def _forget_dead_processes(directory: Path) -> None:
    # A worker that died (or was restarted) keeps its files; its counters
    # still count, but its open sockets are gone.
    pids = {int(p.stem.rsplit("_", 1)[1]) for p in directory.glob("*.db") if "_" in p.stem}
    for pid in pids:
        if not _alive(pid):
            multiprocess.mark_process_dead(pid, str(directory))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def render() -> bytes:
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    _forget_dead_processes(directory)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(directory))
    registry.register(OutboxCollector())
    return generate_latest(registry)
