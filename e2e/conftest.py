"""Browser journeys against the real server, started the way `make run` starts it.

The server runs uvicorn with DEBUG off on a free port and a temporary
DATA_DIR, with the e-mail worker beside it sending to an SMTP server on
loopback (`mailbox`); the browser is Debian's Chromium driven by Playwright.
"""

import email
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
STAFF_USERNAME = "e2e-staff"
# Credentials come from the environment or are made up per run, never committed.
STAFF_PASSWORD = os.environ.get("E2E_STAFF_PASSWORD") or secrets.token_urlsafe(18)


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path


@dataclass
class Mailbox:
    """Every message the app's worker delivered to the loopback SMTP server."""

    port: int = 0
    messages: list[Message] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.arrived:
            self.messages.append(email.message_from_bytes(envelope.content))
            self.arrived.notify_all()
        return "250 Message accepted"

    def wait_for(self, to: str, subject_contains: str, timeout: float = 15) -> Message:
        """The first message to `to` whose subject contains the text, waiting for it."""

        def find() -> Message | None:
            for message in self.messages:
                if message["To"] == to and subject_contains in str(message["Subject"]):
                    return message
            return None

        with self.arrived:
            self.arrived.wait_for(lambda: find() is not None, timeout=timeout)
        found = find()
        assert found is not None, f"no e-mail to {to} about {subject_contains!r}"
        return found

    @staticmethod
    def text(message: Message) -> str:
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                payload = part.get_payload(decode=True)
                assert isinstance(payload, bytes)
                return payload.decode()
        raise AssertionError("no text/plain part")


def call_api(
    url: str, path: str, body: dict[str, Any], token: str = "", method: str = "POST"
) -> Any:
    """A JSON request to a live server; the decoded reply (None when empty)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"{url}{path}", json.dumps(body).encode(), headers, method=method
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/health/", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not become healthy within 30 s")


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


MANAGE = [sys.executable, "manage.py"]


def prepare(env: dict[str, str]) -> None:
    """What `make run` does before serving: migrate, static files, bootstrap superuser."""
    steps = (
        ["migrate", "--noinput"],
        ["createcachetable"],
        ["collectstatic", "--noinput"],
        ["ensure_superuser"],
    )
    for command in steps:
        subprocess.run([*MANAGE, *command], cwd=ROOT, env=env, check=True, capture_output=True)


@contextmanager
def serving(
    env: dict[str, str], log_path: Path, *, worker: bool = True, uvicorn_args: tuple[str, ...] = ()
) -> Iterator[str]:
    """Run uvicorn (and the e-mail worker) with `env` until the block ends; yield the URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"SITE_URL": url, **env}  # links in e-mails point at this server
    uvicorn = [sys.executable, "-m", "uvicorn", "config.asgi:application"]
    commands = [[*uvicorn, "--port", str(port), "--ws-per-message-deflate", "false", *uvicorn_args]]
    if worker:
        commands.append(
            [*MANAGE, "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"]
        )
    with log_path.open("ab") as log:
        processes = [
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            for command in commands
        ]
        try:
            wait_until_healthy(url, processes[0])
            yield url
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=10)


def server_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DEBUG": "false",
        "DJANGO_SUPERUSER_USERNAME": STAFF_USERNAME,
        "DJANGO_SUPERUSER_PASSWORD": STAFF_PASSWORD,
        **overrides,
    }


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox) -> Iterator[Server]:
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        pytest.fail("frontend/dist is missing: `make test-e2e` builds it")
    data_dir = tmp_path_factory.mktemp("data")
    env = server_env(
        data_dir,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(mailbox.port),
        EMAIL_RETRY_BASE_SECONDS="1",
    )
    prepare(env)
    with serving(env, data_dir / "server.log") as url:
        yield Server(url=url, data_dir=data_dir)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=server.url)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def unique() -> str:
    """A suffix that keeps names unique across runs sharing one database."""
    return uuid.uuid4().hex[:8]
