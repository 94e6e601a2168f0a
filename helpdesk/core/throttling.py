"""Rate limits on the endpoints that create things or send e-mail.

Counters live in the cache: Redis when REDIS_URL is set, so every app
process shares them. A limit exceeded is a 429 with Retry-After.
"""

from typing import Any

from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle


def client_ip(request: HttpRequest | Request) -> str:
    """The client's address, honouring NUM_PROXIES like DRF's throttles do,
    so login lockouts and rate limits agree on who the client is."""
    return str(BaseThrottle().get_ident(request))  # type: ignore[arg-type]


class WriteRateThrottle(ScopedRateThrottle):
    """Limits POSTs per user (or per address when anonymous), with the scope
    named by the view's `throttle_scopes` for its action, or `throttle_scope`."""

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method != "POST":
            return True
        scopes = getattr(view, "throttle_scopes", {})
        scope = scopes.get(getattr(view, "action", None)) or getattr(view, "throttle_scope", None)
        if not scope:
            return True
        view.throttle_scope = scope
        return super().allow_request(request, view)

    def get_rate(self) -> str | None:
        # Read when used, not when the class was imported, so the rates in
        # settings are the ones in force.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return None if rate is None else str(rate)
