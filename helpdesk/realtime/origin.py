"""The origin a WebSocket's client reached the app at, for the absolute URLs in its events."""

import io
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.asgi import ASGIRequest


def origin_of(scope: dict[str, Any]) -> str:
    """`scheme://host[:port]` as Django builds it for an HTTP request on the
    same connection (Host checked against ALLOWED_HOSTS, SECURE_PROXY_SSL_HEADER
    and USE_X_FORWARDED_HOST honoured); SITE_URL when the Host is not allowed."""
    scheme = "https" if scope.get("scheme") == "wss" else "http"
    request = ASGIRequest(
        {**scope, "type": "http", "method": "GET", "scheme": scheme}, io.BytesIO()
    )
    try:
        return f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return str(settings.SITE_URL)
