"""Streamed responses under ASGI: one part at a time, on the request's thread.

Django's own StreamingHttpResponse would read a synchronous iterator whole
into a list before sending anything (and warn, which the test settings turn
into an error)."""

import csv
import io
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from rest_framework_simplejwt.tokens import AccessToken

from config.asgi import application
from helpdesk.accounts.models import User
from helpdesk.core.streaming import SyncStreamingResponse
from helpdesk.tickets import export
from helpdesk.tickets.models import Ticket

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_parts_are_read_one_at_a_time_on_one_thread() -> None:
    pulled: list[int] = []
    threads: set[int] = set()

    def parts() -> Iterator[bytes]:
        for n in range(5):
            pulled.append(n)
            threads.add(threading.get_ident())
            yield f"part {n};".encode()

    response = SyncStreamingResponse(parts())
    received: list[bytes] = []
    async for part in response:
        # Nothing is read ahead of what has been sent.
        assert len(pulled) == len(received) + 1
        received.append(part)

    assert b"".join(received) == b"part 0;part 1;part 2;part 3;part 4;"
    assert len(threads) == 1
    assert threading.get_ident() not in threads


def test_a_synchronous_reader_gets_the_same_bytes() -> None:
    response = SyncStreamingResponse(iter([b"a", b"b"]))

    assert b"".join(response) == b"ab"


@pytest.mark.django_db(transaction=True)
async def test_an_export_streams_through_the_asgi_application(
    django_user_model: type[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "CHUNK_ROWS", 10)
    staff = await sync_to_async(django_user_model.objects.create_user)(
        "asgi-staff", password=None, is_staff=True
    )
    await Ticket.objects.abulk_create(
        Ticket(title=f"T{n}", description="d", category="Other", created_by=staff)
        for n in range(35)
    )
    token = str(AccessToken.for_user(staff))
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/api/tickets/export/",
        "raw_path": b"/api/tickets/export/",
        "query_string": b"format=csv",
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"authorization", f"Bearer {token}".encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})

    start = await communicator.receive_output(5)
    parts = []
    while True:
        message = await communicator.receive_output(5)
        if not message.get("more_body"):
            break
        parts.append(message["body"])
    await communicator.wait(5)

    assert start["status"] == 200
    assert len(parts) == 4  # 35 rows in chunks of 10, the header in the first
    rows = list(csv.reader(io.StringIO(b"".join(parts).decode("utf-8-sig"), newline="")))
    assert len(rows) == 36
