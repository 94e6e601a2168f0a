import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse

logger = logging.getLogger(__name__)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None
) -> JsonResponse:
    """What a locked-out login gets (django-axes calls this): 429 with Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    logger.warning("Login locked out for username=%r", (credentials or {}).get("username", ""))
    response = JsonResponse(
        {"detail": f"Too many failed logins. Try again in {seconds // 60} minutes."}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response
