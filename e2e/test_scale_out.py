"""Several app processes, one database and Redis: an event raised in one
process reaches WebSockets held by another, and so does an account change
that must close them (SPEC 4d)."""

import json
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from .helpers import (
    PASSWORD,
    STAFF_PASSWORD,
    STAFF_USERNAME,
    api_login,
    api_register,
    call_api,
    prepare,
    server_env,
    serving,
)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def processes(tmp_path: Path, redis_url: str) -> Iterator[tuple[str, str]]:
    """Two app processes on one database and one Redis: their URLs."""
    env = server_env(tmp_path, REDIS_URL=redis_url)
    prepare(env)
    with (
        serving(env, tmp_path / "a.log", worker=False) as a,
        serving(env, tmp_path / "b.log", worker=False) as b,
    ):
        yield a, b


@contextmanager
def live_socket(url: str, token: str) -> Iterator[ClientConnection]:
    """A socket to that process, authenticated with the token."""
    host = url.removeprefix("http://")
    with connect(f"ws://{host}/ws/", origin=Origin(url)) as socket:
        socket.send(json.dumps({"type": "auth", "token": token}))
        assert json.loads(socket.recv(timeout=5))["type"] == "auth.ok"
        yield socket


def test_an_event_from_process_b_reaches_a_socket_on_process_a(
    processes: tuple[str, str],
) -> None:
    a, b = processes
    api_register(a, "maria")
    maria = api_login(a, "maria", PASSWORD)
    ticket = call_api(
        a,
        "/api/tickets/",
        {"title": "Wi-Fi", "description": "Down", "category": "Technical"},
        maria,
    )
    staff = api_login(b, STAFF_USERNAME, STAFF_PASSWORD)

    with live_socket(a, maria) as socket:
        started = time.monotonic()
        call_api(
            b, f"/api/tickets/{ticket['id']}/status/", {"status": "Resolved"}, staff, method="PATCH"
        )
        event = json.loads(socket.recv(timeout=1))
        elapsed = time.monotonic() - started

    assert event["type"] == "ticket.updated"
    assert event["ticket"]["id"] == ticket["id"]
    assert event["ticket"]["status"] == "Resolved"
    assert elapsed < 1


def test_a_password_change_on_process_a_closes_the_socket_on_process_b(
    processes: tuple[str, str],
) -> None:
    a, b = processes
    new_password = secrets.token_urlsafe(18)
    api_register(a, "jon")
    token = api_login(a, "jon", PASSWORD)

    with live_socket(b, token) as socket:
        call_api(
            a,
            "/api/auth/password-change/",
            {"old_password": PASSWORD, "password": new_password, "password2": new_password},
            token,
        )
        # Measured from the answer: hashing the new password takes a while.
        answered = time.monotonic()
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=2)
        elapsed = time.monotonic() - answered

    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
    assert elapsed < 1
