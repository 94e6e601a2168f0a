"""The WebSocket at /ws/ (SPEC 4d).

No token in the URL: the client's first message is {"type": "auth", "token"}.
Without it within WS_AUTH_TIMEOUT seconds the socket closes with 4401; a bad
token closes it with 4403, and so does the token's expiry unless the client
sends a fresh one first, and so does a change to the account that the token
no longer reflects (password, deactivation, staff status).
"""

import asyncio
import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from rest_framework.exceptions import AuthenticationFailed

from helpdesk.accounts.authentication import user_for_access_token
from helpdesk.accounts.models import User
from helpdesk.ops.metrics import OPEN_WEBSOCKETS
from helpdesk.realtime.groups import account_group, group_of
from helpdesk.realtime.hub import hub
from helpdesk.realtime.origin import origin_of

NOT_AUTHENTICATED = 4401
FORBIDDEN = 4403
BAD_MESSAGE = 4400


# The API's own check (helpdesk/accounts/authentication.py): a token the API
# refuses is refused here too.
_user_for_access_token = database_sync_to_async(user_for_access_token)


class LiveConsumer(AsyncWebsocketConsumer):
    user: User | None = None
    groups_joined: list[str]
    timer: asyncio.TimerHandle | None = None
    gone = False

    async def connect(self) -> None:
        self.origin = origin_of(self.scope)
        self.groups_joined = []
        await self.accept()
        OPEN_WEBSOCKETS.inc()
        self._close_later(settings.WS_AUTH_TIMEOUT_SECONDS, NOT_AUTHENTICATED)

    async def disconnect(self, code: int) -> None:
        OPEN_WEBSOCKETS.dec()
        self.gone = True
        if self.timer is not None:
            self.timer.cancel()
        await self._join([])

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

    async def hear(self, message: dict[str, Any]) -> None:
        """An event from one of this socket's groups, through the process's
        hub (helpdesk/realtime/hub.py)."""
        if message["type"] == "broadcast":
            await self.broadcast(message)
        elif message["type"] == "account.changed":
            await self.account_changed(message)

    async def broadcast(self, event: dict[str, Any]) -> None:
        """A ticket event, already shaped for this audience."""
        if self.user is not None:
            await self.send(text_data=self.origin.join(event["parts"]))

    async def account_changed(self, event: dict[str, Any]) -> None:
        """The user's password, activity or staff status changed (helpdesk/realtime/broadcast.py):
        the client reconnects with a fresh token and gets the audience it now has."""
        self.user = None  # nothing more is sent, even before the close takes effect
        await self.close(FORBIDDEN)

    async def _authenticate(self, raw_token: Any) -> None:
        try:
            user, access = await _user_for_access_token(str(raw_token))
        except AuthenticationFailed:
            await self.close(FORBIDDEN)
            return
        if self.user is not None and user.pk != self.user.pk:
            await self.close(FORBIDDEN)
            return
        self.user = user
        await self._join([account_group(user.pk), group_of(user)])
        # The socket lives as long as the token: re-authenticate to extend it.
        self._close_later(max(float(access["exp"]) - time.time(), 0), FORBIDDEN)
        await self._send({"type": "auth.ok", "user": {"id": user.pk, "isAdmin": user.is_staff}})

    async def _join(self, groups: list[str]) -> None:
        """Be in exactly these groups: a re-authentication after a demotion
        leaves the staff group instead of keeping it."""
        local = hub()
        if local is None:
            return
        leaving = set(self.groups_joined) - set(groups)
        self.groups_joined = groups
        for group in leaving:
            await local.leave(group, self)
        for group in groups:
            await local.join(group, self)
        if self.gone:  # disconnected while joining: leave what it just joined
            for group in groups:
                await local.leave(group, self)

    def _close_later(self, delay: float, code: int) -> None:
        if self.timer is not None:
            self.timer.cancel()
        loop = asyncio.get_running_loop()
        self.timer = loop.call_later(delay, lambda: loop.create_task(self.close(code)))

    async def _send(self, payload: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(payload))
