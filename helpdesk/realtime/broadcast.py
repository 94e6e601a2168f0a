"""Send events to WebSocket clients through the channel layer."""

import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder

logger = logging.getLogger(__name__)


def broadcast(payloads: dict[str, dict[str, Any]]) -> None:
    """Send each group (a key) its own message (the value)."""
    layer = get_channel_layer()
    if layer is None:
        return
    for group, payload in payloads.items():
        # Encoded once here, not once per socket: a group can hold thousands.
        message = {"type": "broadcast", "text": json.dumps(payload, cls=DjangoJSONEncoder)}
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:
            # A change has committed; a real-time hiccup must not turn it into an error.
            logger.exception("Could not publish %s to %s", payload["type"], group)
