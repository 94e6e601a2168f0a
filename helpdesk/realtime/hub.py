"""Process-local fan-out: one channel-layer subscription per process per group.

Each socket used to join its groups in the channel layer itself, so an event
to the staff group cost one layer hop (a queue, a copy, a wake-up, a dispatch)
per socket. Now the sockets of a process register here; the hub joins each
group once, under one channel of its own, and writes the frame the layer
brings to every local socket of the group. Across processes nothing changes:
the layer (Redis) still carries each event to every process with a member.

Messages to the hub name their group (helpdesk/realtime/broadcast.py): one
channel receives them all.
"""

import asyncio
import logging
from typing import Any, Protocol
from weakref import WeakKeyDictionary

from channels.layers import BaseChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)


class Member(Protocol):
    """A socket, as the hub sees it (helpdesk/realtime/consumers.py)."""

    async def hear(self, message: dict[str, Any]) -> None: ...


class Hub:
    def __init__(self, layer: BaseChannelLayer) -> None:
        self.layer = layer
        self.members: dict[str, set[Member]] = {}
        self.channel: str | None = None
        self.listener: asyncio.Task[None] | None = None
        # Membership changes reach the layer in the order they happen here.
        self.lock = asyncio.Lock()
        self.tasks: set[asyncio.Task[None]] = set()

    async def join(self, group: str, member: Member) -> None:
        """Returns once the layer delivers the group's events to this process."""
        self.members.setdefault(group, set()).add(member)
        async with self.lock:
            if self.channel is None:
                self.channel = await self.layer.new_channel()
            if self.listener is None:
                self.listener = asyncio.create_task(self._listen(self.channel))
            # Also when the group is joined already: it renews the membership,
            # which the layer otherwise expires after a day.
            await self.layer.group_add(group, self.channel)

    async def leave(self, group: str, member: Member) -> None:
        members = self.members.get(group)
        if members is None or member not in members:
            return
        members.discard(member)
        async with self.lock:
            if self.members.get(group) or self.channel is None:
                return  # another socket of this process still hears the group
            self.members.pop(group, None)
            await self.layer.group_discard(group, self.channel)
            if not self.members and self.listener is not None:
                self.listener.cancel()
                self.listener = None

    async def _listen(self, channel: str) -> None:
        while True:
            try:
                message = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Could not receive from the channel layer")
                await asyncio.sleep(1)
                continue
            self.deliver(message)

    def deliver(self, message: dict[str, Any]) -> None:
        """Hand the message to each local socket of its group: each write in a
        task of its own, so a slow client holds up no other."""
        for member in list(self.members.get(message.get("group", ""), ())):
            task = asyncio.create_task(_hear(member, message))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)


async def _hear(member: Member, message: dict[str, Any]) -> None:
    try:
        await member.hear(message)
    except Exception:
        # A socket that closed under the write: its disconnect takes it out.
        logger.debug("Could not deliver %s", message["type"], exc_info=True)


_hubs: WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = WeakKeyDictionary()


def hub() -> Hub | None:
    """This process's hub (one per event loop), or None without a channel layer."""
    layer = get_channel_layer()
    if layer is None:
        return None
    loop = asyncio.get_running_loop()
    current = _hubs.get(loop)
    if current is None or current.layer is not layer:
        current = _hubs[loop] = Hub(layer)
    return current
