"""The first two middleware of every request (SPEC 5b).

`RequestContextMiddleware` gives the request its id (X-Request-ID), logs
it once answered and records its latency and database queries.
`OperationsEndpointsMiddleware` answers the probes and /metrics before any
other middleware runs: a load balancer or Prometheus asks by IP address
over plain HTTP, which the host check (ALLOWED_HOSTS) and the HTTPS
redirect would otherwise refuse.
"""

import ipaddress
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from helpdesk.core.throttling import client_ip
from helpdesk.ops import health, logs, metrics
from helpdesk.ops.logs import request_fields

access_log = logging.getLogger("helpdesk.request")

LIVE = "/api/health/live/"
READY = "/api/health/ready/"
METRICS = "/metrics"
# The probes need no trailing slash: some balancers' settings drop it.
_ENDPOINTS = {LIVE: LIVE, LIVE[:-1]: LIVE, READY: READY, READY[:-1]: READY, METRICS: METRICS}

_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

Handler = Callable[[HttpRequest], HttpResponse]


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], *args: Any) -> Any:
        self.count += 1
        return execute(*args)


class RequestContextMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = logs.request_id(request.headers.get("X-Request-ID", ""))
        fields: dict[str, Any] = {
            "request_id": request_id,
            "user_id": None,
            "method": request.method,
            "path": request.path,
        }
        token = request_fields.set(fields)
        queries = _QueryCounter()
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(queries):
                response = self.get_response(request)
            duration = time.perf_counter() - started
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                fields["user_id"] = user.pk
            response["X-Request-ID"] = request_id
            route = _route(request)
            # Any word is a method to HTTP: the others share one label value.
            method = request.method if request.method in _METHODS else "other"
            metrics.REQUEST_SECONDS.labels(route, method, response.status_code).observe(duration)
            if queries.count:
                metrics.DB_QUERIES.labels(route).inc(queries.count)
            # Probes and scrapes come every few seconds: not worth a line each.
            level = logging.DEBUG if request.path in _ENDPOINTS else logging.INFO
            access_log.log(
                level,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={"status": response.status_code, "duration": round(duration, 4)},
            )
            return response
        finally:
            request_fields.reset(token)


def _route(request: HttpRequest) -> str:
    """The URL pattern that answered, by name (ticket-detail), so labels stay
    few: no ids in them."""
    match = request.resolver_match
    if match is None:
        return _ENDPOINTS.get(request.path, "unmatched")
    # An unnamed pattern's view_name is its view's dotted path.
    return match.view_name


class OperationsEndpointsMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        try:
            self.metrics_networks = [
                ipaddress.ip_network(entry, strict=False) for entry in settings.METRICS_ALLOWED_IPS
            ]
        except ValueError as exc:
            raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS: {exc}") from None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        endpoint = _ENDPOINTS.get(request.path_info)
        if endpoint is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response: HttpResponse = JsonResponse({"detail": "Use GET."}, status=405)
            response["Allow"] = "GET, HEAD"
        elif endpoint == LIVE:
            response = JsonResponse({"status": "ok", "checks": {"process": "ok"}})
        elif endpoint == READY:
            checks = health.readiness()
            ready = all(result == "ok" for result in checks.values())
            response = JsonResponse(
                {"status": "ok" if ready else "error", "checks": checks},
                status=200 if ready else 503,
            )
        elif self._may_scrape(request):
            response = HttpResponse(metrics.render(), content_type=metrics.CONTENT_TYPE)
        else:
            # As if there were nothing here: no hint to a stranger.
            response = JsonResponse({"detail": "Not found."}, status=404)
        response["Cache-Control"] = "no-store"
        return response

    def _may_scrape(self, request: HttpRequest) -> bool:
        try:
            address = ipaddress.ip_address(client_ip(request))
        except ValueError:
            return False
        return any(address in network for network in self.metrics_networks)
