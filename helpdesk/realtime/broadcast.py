"""Send events to WebSocket clients through the channel layer."""

import json
import logging
import secrets
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder

from helpdesk.realtime.groups import account_group

logger = logging.getLogger(__name__)

# Stands in for the origin of the absolute URLs (attachments) in an event:
# each socket puts in the one its client connected to, as an HTTP response
# would, so the URLs work whatever address or port the app is reached at.
# Random, so no text a user wrote can contain it.
ORIGIN = f"origin-{secrets.token_hex(16)}"


def broadcast(payloads: dict[str, dict[str, Any]]) -> None:
    """Send each group (a key) its own message (the value)."""
    layer = get_channel_layer()
    if layer is None:
        return
    for group, payload in payloads.items():
        # Encoded once here, not once per socket: a group can hold thousands.
        # Each socket joins the parts with its origin.
        text = json.dumps(payload, cls=DjangoJSONEncoder)
        # One message per process with sockets in the group; the process's hub
        # (helpdesk/realtime/hub.py) hands it to each of them.
        message = {"type": "broadcast", "group": group, "parts": text.split(ORIGIN)}
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:
            # A change has committed; a real-time hiccup must not turn it into an error.
            logger.exception("Could not publish %s to %s", payload["type"], group)


def sockets_close(*, user_id: int) -> None:
    """Close every open socket of this user, on every app process, with 4403
    (SPEC 4d): after a password change, a deactivation or a loss of staff
    status, no socket keeps what its old token let it hear."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        group = account_group(user_id)
        async_to_sync(layer.group_send)(group, {"type": "account.changed", "group": group})
    except Exception:
        logger.exception("Could not close the sockets of user %s", user_id)
