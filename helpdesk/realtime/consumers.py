"""The WebSocket at /ws/ (SPEC 4d).

No token in the URL: the client's first message is {"type": "auth", "token"}.
Without it within WS_AUTH_TIMEOUT seconds the socket closes with 4401; a bad
token closes it with 4403, and so does the token's expiry unless the client
sends a fresh one first.
"""

import asyncio
import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import AccessToken

from helpdesk.accounts.models import User
from helpdesk.ops.metrics import OPEN_WEBSOCKETS
from helpdesk.realtime.groups import group_of

NOT_AUTHENTICATED = 4401
FORBIDDEN = 4403
BAD_MESSAGE = 4400


@database_sync_to_async
def _active_user(user_id: Any) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True).first()


class LiveConsumer(AsyncWebsocketConsumer):
    user: User | None = None
    groups_joined: list[str]
    timer: asyncio.TimerHandle | None = None

    async def connect(self) -> None:
        self.groups_joined = []
        await self.accept()
        OPEN_WEBSOCKETS.inc()
        self._close_later(settings.WS_AUTH_TIMEOUT_SECONDS, NOT_AUTHENTICATED)

    async def disconnect(self, code: int) -> None:
        OPEN_WEBSOCKETS.dec()
        if self.timer is not None:
            self.timer.cancel()
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            message = json.loads(text_data or "")
        except ValueError:
            message = None
        if not isinstance(message, dict):
            await self._send({"type": "error", "detail": "Send a JSON object."})
            return
        kind = message.get("type")
        if kind == "auth":
            await self._authenticate(message.get("token"))
        elif self.user is None:
            await self.close(NOT_AUTHENTICATED)
        elif kind == "ping":
            await self._send({"type": "pong"})
        else:
            await self._send({"type": "error", "detail": f"Unknown message type {kind!r}."})

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections (a thread hop) before
        # every message; a broadcast touches no database, and a thousand
        # sockets would pay that hop a thousand times per event.
        if message["type"] == "broadcast":
            await self.broadcast(message)
        else:
            await super().dispatch(message)

    async def broadcast(self, event: dict[str, Any]) -> None:
        """A ticket event from the channel layer, already shaped for this audience."""
        if self.user is not None:
            await self.send(text_data=event["text"])

    async def _authenticate(self, token: Any) -> None:
        try:
            access = AccessToken(str(token))  # type: ignore[arg-type]
        except TokenError:
            await self.close(FORBIDDEN)
            return
        user = await _active_user(access.get(jwt_settings.USER_ID_CLAIM))
        if user is None or (self.user is not None and user.pk != self.user.pk):
            await self.close(FORBIDDEN)
            return
        self.user = user
        self.groups_joined = [group_of(user)]
        for group in self.groups_joined:
            # Also on re-authentication: it renews the membership, which the
            # channel layer otherwise expires after a day.
            await self.channel_layer.group_add(group, self.channel_name)
        # The socket lives as long as the token: re-authenticate to extend it.
        self._close_later(max(float(access["exp"]) - time.time(), 0), FORBIDDEN)
        await self._send({"type": "auth.ok", "user": {"id": user.pk, "isAdmin": user.is_staff}})

    def _close_later(self, delay: float, code: int) -> None:
        if self.timer is not None:
            self.timer.cancel()
        loop = asyncio.get_running_loop()
        self.timer = loop.call_later(delay, lambda: loop.create_task(self.close(code)))

    async def _send(self, payload: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(payload))
