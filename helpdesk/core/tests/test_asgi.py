"""The HTTP side of the ASGI application: requests on long-lived threads."""

import json
import threading
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from django.db.backends.signals import connection_created
from rest_framework_simplejwt.tokens import AccessToken

from config.asgi import application
from helpdesk.accounts.models import User
from helpdesk.core.asgi import ThreadPerRequest
from helpdesk.tickets.models import Ticket

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def scope(method: str = "GET", path: str = "/", headers: list[tuple[bytes, bytes]] = []) -> Any:  # noqa: B006
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }


async def call(app: Any, http_scope: Any, *chunks: bytes) -> tuple[int, bytes]:
    """Send the body in the given chunks; return the status and the whole body."""
    communicator = ApplicationCommunicator(app, http_scope)
    for n, chunk in enumerate(chunks or (b"",)):
        more = n < len(chunks) - 1
        await communicator.send_input({"type": "http.request", "body": chunk, "more_body": more})
    start = await communicator.receive_output(5)
    body = b""
    while True:
        message = await communicator.receive_output(5)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await communicator.wait(5)
    return start["status"], body


class Recorder:
    """An inner app that reports the thread its synchronous work ran on, and the body."""

    def __init__(self) -> None:
        self.threads: list[int] = []
        self.bodies: list[bytes] = []
        self.running = 0
        self.most_running = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.bodies.append(body)
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        self.threads.append(await sync_to_async(threading.get_ident)())
        self.running -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def test_requests_reuse_the_same_long_lived_thread() -> None:
    recorder = Recorder()
    app = ThreadPerRequest(recorder, threads=2, max_body=1000)

    for _ in range(5):
        assert await call(app, scope()) == (200, b"ok")

    assert len(set(recorder.threads)) == 1  # the warmest thread serves next
    assert threading.get_ident() not in recorder.threads


async def test_the_body_reaches_the_app_whole_however_it_was_sent() -> None:
    recorder = Recorder()
    app = ThreadPerRequest(recorder, threads=1, max_body=100_000)
    payload = bytes(range(256)) * 300  # more than one 64 kB replay chunk

    await call(app, scope("POST"), payload[:1000], payload[1000:50_000], payload[50_000:])
    await call(app, scope("POST"))

    assert recorder.bodies == [payload, b""]


async def test_a_chunked_body_over_the_limit_is_refused_and_the_app_never_runs() -> None:
    recorder = Recorder()
    app = ThreadPerRequest(recorder, threads=1, max_body=1024 * 1024)

    status, body = await call(app, scope("POST"), b"x" * 600_000, b"x" * 600_000)

    assert status == 413
    assert json.loads(body) == {"detail": "Request body too large (limit 1 MB)."}
    assert recorder.bodies == []


async def test_a_client_gone_before_the_body_ends_never_reaches_the_app() -> None:
    recorder = Recorder()
    app = ThreadPerRequest(recorder, threads=1, max_body=1000)
    communicator = ApplicationCommunicator(app, scope("POST"))

    await communicator.send_input({"type": "http.request", "body": b"part", "more_body": True})
    await communicator.send_input({"type": "http.disconnect"})
    await communicator.wait(5)

    assert recorder.bodies == []


@pytest.mark.django_db(transaction=True)
async def test_the_api_through_the_asgi_application(django_user_model: type[User]) -> None:
    """Middleware, view, database and JSON body, as uvicorn would call them;
    the database connection outlives its request (DB_CONN_MAX_AGE)."""
    user = await sync_to_async(django_user_model.objects.create_user)("asgi", password=None)
    token = str(AccessToken.for_user(user))
    headers = [
        (b"authorization", f"Bearer {token}".encode()),
        (b"content-type", b"application/json"),
    ]
    ticket = {"title": "Printer", "description": "It jams.", "category": "Technical"}

    sent = json.dumps(ticket).encode()
    length = (b"content-length", str(len(sent)).encode())

    status, body = await call(application, scope("POST", "/api/tickets/", [*headers, length]), sent)

    assert status == 201, body
    assert json.loads(body)["title"] == "Printer"
    assert await Ticket.objects.filter(created_by=user).acount() == 1
    opened: list[object] = []

    def record(sender: object, connection: object, **kwargs: object) -> None:
        opened.append(connection)

    connection_created.connect(record)
    try:
        for _ in range(3):
            status, body = await call(application, scope("GET", "/api/tickets/", headers))
            assert status == 200
            assert json.loads(body)["count"] == 1
    finally:
        connection_created.disconnect(record)
    assert opened == []  # the connection the POST opened served all three


@pytest.mark.django_db(transaction=True)
async def test_lifespan_is_answered_and_names_staff_without_an_address(
    caplog: pytest.LogCaptureFixture, django_user_model: type[User]
) -> None:
    create = sync_to_async(django_user_model.objects.create_user)
    await create(username="root", email="", is_staff=True)
    await create(username="sam", email="sam@example.com", is_staff=True)
    await create(username="member", email="")  # not staff: gets no staff e-mail anyway

    lifespan = ApplicationCommunicator(
        application, {"type": "lifespan", "asgi": {"version": "3.0"}}
    )
    await lifespan.send_input({"type": "lifespan.startup"})
    assert await lifespan.receive_output(5) == {"type": "lifespan.startup.complete"}
    await lifespan.send_input({"type": "lifespan.shutdown"})
    assert await lifespan.receive_output(5) == {"type": "lifespan.shutdown.complete"}

    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1
    assert "get no notifications: root." in warnings[0]
    assert "DJANGO_SUPERUSER_EMAIL" in warnings[0]


@pytest.mark.django_db(transaction=True)
async def test_no_warning_when_every_staff_member_has_an_address(
    caplog: pytest.LogCaptureFixture, django_user_model: type[User]
) -> None:
    await sync_to_async(django_user_model.objects.create_user)(
        username="sam", email="sam@example.com", is_staff=True
    )
    lifespan = ApplicationCommunicator(
        application, {"type": "lifespan", "asgi": {"version": "3.0"}}
    )
    await lifespan.send_input({"type": "lifespan.startup"})
    assert await lifespan.receive_output(5) == {"type": "lifespan.startup.complete"}

    assert [r for r in caplog.records if r.levelname == "WARNING"] == []
