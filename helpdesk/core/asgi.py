"""Django's ASGI handler, made to cost what WSGI costs.

Every view, middleware and database call of ours is synchronous. Django's
stock ASGI handler still (1) runs the middleware chain in async mode, hopping
between the event loop and a thread wherever async-capable and sync-only
middleware meet; and (2) gives every request a new thread, so nothing tied
to a thread outlives the request: each request opened a database connection
(SQLite: an empty page cache and the schema parsed again; PostgreSQL: a new
backend process).

`SyncASGIHandler` runs the whole chain in one call on a thread, as WSGI does.
`ThreadPerRequest` lends each HTTP request one of a few long-lived threads,
so database connections persist (`DB_CONN_MAX_AGE`) and threads are made
once. Few, because threads of one process share the GIL and a request
waits to take it back after every SQLite step (docs/benchmarks.md). The
body is read before a thread is lent, so a slow upload holds none.
"""

import asyncio
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase

from helpdesk.ops.logs import request_id

CHUNK = 64 * 1024

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class SyncASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        self.load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = await sync_to_async(self.get_response)(request)
        return response


class ThreadPerRequest:
    def __init__(self, app: Any, *, threads: int, max_body: int) -> None:
        self.app = app
        self.threads = threads
        self.max_body = max_body
        self._idle: asyncio.LifoQueue[ThreadPoolExecutor] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> Any:
        if self._idle is None:
            # Made on first use, inside the server's event loop. Last in, first
            # out: the warmest thread (and its connection) serves next.
            self._idle = asyncio.LifoQueue()
            for n in range(self.threads):
                self._idle.put_nowait(ThreadPoolExecutor(1, thread_name_prefix=f"http-{n}"))
        with tempfile.SpooledTemporaryFile(max_size=1024 * 1024) as body:
            try:
                disconnected = not await self._read_body(receive, body)
            except BodyTooLarge:
                await _refuse_too_large(scope, send, self.max_body)
                return
            if disconnected:
                return
            body.seek(0)
            executor = await self._idle.get()
            try:
                # Django's own (inner) context then finds this one and keeps it.
                async with ThreadSensitiveContext(executor=executor):
                    await self.app(scope, _replay(body, receive), send)
            finally:
                self._idle.put_nowait(executor)

    async def _read_body(self, receive: Receive, body: Any) -> bool:
        """Spool the request body; False if the client went away first."""
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return False
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            # Bodies sent without a Content-Length (chunked) are only counted
            # here; RequestSizeLimitMiddleware refuses the declared ones.
            if size > self.max_body:
                raise BodyTooLarge
            body.write(chunk)
            if not message.get("more_body", False):
                return True


class BodyTooLarge(Exception):
    pass


def _replay(body: Any, receive: Receive) -> Receive:
    chunks = _chunks(body)

    async def replayed() -> Any:
        chunk = await anext(chunks, None)
        if chunk is None:
            return await receive()  # the disconnect, when it comes
        return {"type": "http.request", "body": chunk, "more_body": chunk != b""}

    return replayed


async def _chunks(body: Any) -> AsyncIterator[bytes]:
    while chunk := body.read(CHUNK):
        yield chunk
    yield b""  # more_body False


async def _refuse_too_large(scope: Scope, send: Send, limit: int) -> None:
    detail = f'{{"detail": "Request body too large (limit {limit / (1024 * 1024):g} MB)."}}'
    # Django never sees this request, so its middleware cannot add the id.
    sent = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"connection", b"close"),
                (b"x-request-id", request_id(sent).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": detail.encode()})
