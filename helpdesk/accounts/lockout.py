"""Login limits, both counted in the cache (Redis shares them between processes).

- Per (username, address): django-axes locks that pair out after
  LOGIN_FAILURE_LIMIT failures; the user can still sign in from elsewhere.
- Per address, across usernames: password spraying (one common password
  tried against every username) never trips the first, so an address is also
  refused after LOGIN_ADDRESS_FAILURE_LIMIT failures of any username.

Both windows are LOGIN_LOCKOUT_MINUTES long and rolling.
"""

import logging
import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions

logger = logging.getLogger(__name__)

# The per-address window is counted in buckets of a minute: a rolling window
# with a handful of cache keys per address, whatever the number of failures.
BUCKET_SECONDS = 60


def _try_again(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Try again in %(count)d minute.", "Try again in %(count)d minutes.", minutes
    ) % {"count": minutes}


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None
) -> JsonResponse:
    """What a locked-out login gets (django-axes calls this): 429 with Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    logger.warning("Login locked out for username=%r", (credentials or {}).get("username", ""))
    reason = _("Too many failed logins.")
    response = JsonResponse({"detail": f"{reason} {_try_again(seconds)}"}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _buckets(address: str) -> dict[str, int]:
    """The window's bucket keys for this address, oldest first, each with its start time."""
    window = max(int(settings.AXES_COOLOFF_TIME.total_seconds()) // BUCKET_SECONDS, 1)
    current = int(time.time() // BUCKET_SECONDS)
    return {
        f"login-failures:{address}:{bucket}": bucket * BUCKET_SECONDS
        for bucket in range(current - window + 1, current + 1)
    }


def address_failure_record(address: str) -> None:
    key = list(_buckets(address))[-1]
    timeout = int(settings.AXES_COOLOFF_TIME.total_seconds()) + BUCKET_SECONDS
    cache.add(key, 0, timeout)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)


class AddressLockedOut(exceptions.APIException):
    status_code = 429
    default_code = "throttled"

    def __init__(self, seconds: int) -> None:
        reason = _("Too many failed logins from your network address.")
        super().__init__(f"{reason} {_try_again(seconds)}")
        self.wait = seconds  # DRF's exception handler sends it as Retry-After


def address_check(address: str) -> None:
    """Raise AddressLockedOut (429) while this address has too many failures in
    the window; its Retry-After says when enough have left it to try again."""
    buckets = _buckets(address)
    counts = cache.get_many(list(buckets))
    remaining = sum(counts.values())
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    if remaining < limit:
        return
    window = settings.AXES_COOLOFF_TIME.total_seconds()
    free_at = time.time() + window
    for key, start in buckets.items():  # oldest first
        remaining -= counts.get(key, 0)
        if remaining < limit:
            free_at = start + window
            break
    logger.warning("Logins refused for address %s: too many failures", address)
    raise AddressLockedOut(max(math.ceil(free_at - time.time()), 1))
