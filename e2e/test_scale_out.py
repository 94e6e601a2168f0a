"""Several app processes, one database and Redis: an event raised in one
process reaches WebSockets held by another (SPEC 4d)."""

import json
import os
import time
from pathlib import Path

import pytest
import redis
from websockets.sync.client import connect
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


def test_an_event_from_process_b_reaches_a_socket_on_process_a(
    tmp_path: Path, redis_url: str
) -> None:
    env = server_env(tmp_path, REDIS_URL=redis_url)
    prepare(env)
    with (
        serving(env, tmp_path / "a.log", worker=False) as a,
        serving(env, tmp_path / "b.log", worker=False) as b,
    ):
        api_register(a, "maria")
        maria = api_login(a, "maria", PASSWORD)
        ticket = call_api(
            a,
            "/api/tickets/",
            {"title": "Wi-Fi", "description": "Down", "category": "Technical"},
            maria,
        )
        staff = api_login(b, STAFF_USERNAME, STAFF_PASSWORD)

        host = a.removeprefix("http://")
        with connect(f"ws://{host}/ws/", origin=Origin(a)) as socket:
            socket.send(json.dumps({"type": "auth", "token": maria}))
            assert json.loads(socket.recv(timeout=5))["type"] == "auth.ok"

            started = time.monotonic()
            call_api(
                b,
                f"/api/tickets/{ticket['id']}/status/",
                {"status": "Resolved"},
                staff,
                method="PATCH",
            )
            event = json.loads(socket.recv(timeout=1))
            elapsed = time.monotonic() - started

    assert event["type"] == "ticket.updated"
    assert event["ticket"]["id"] == ticket["id"]
    assert event["ticket"]["status"] == "Resolved"
    assert elapsed < 1
