"""A streamed response that stays streamed under ASGI.

Django's StreamingHttpResponse, given a synchronous iterator and served by
its ASGI handler, reads the whole iterator into a list on a thread before
sending the first byte (`StreamingHttpResponse.__aiter__`): an export of a
million rows would be held in memory whole. Our views and database calls
are synchronous, so this response keeps the synchronous iterator (the test
client and WSGI read it as usual) and, under ASGI, takes one part at a time
from it on the request's own thread (`thread_sensitive`: the thread that
ran the view, so a server-side cursor stays on its connection), sending
each before reading the next. A generator's cleanup (temporary files)
runs when Django closes the response, as for any streamed response.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any

from asgiref.sync import sync_to_async
from django.http import StreamingHttpResponse


class SyncStreamingResponse(StreamingHttpResponse):
    def __init__(self, streaming_content: Iterator[bytes], *args: Any, **kwargs: Any) -> None:
        super().__init__(streaming_content, *args, **kwargs)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        parts: Iterator[bytes] = iter(self.streaming_content)  # type: ignore[arg-type]

        def take() -> bytes | None:
            return next(parts, None)

        while (part := await sync_to_async(take, thread_sensitive=True)()) is not None:
            yield part
