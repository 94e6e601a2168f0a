"""What the end-to-end tests and `make fuzz` share: the server started the
way `make run` starts it, the loopback mailbox, API calls, and the browser
steps every journey takes (sign up, sign in, open a ticket, reply)."""

import email
import json
import os
import re
import secrets
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, ViewportSize, expect

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Debian's Chromium, kept off the network it has no business with here.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STAFF_USERNAME = "e2e-staff"
# Credentials come from the environment or are made up per run, never committed.
STAFF_PASSWORD = os.environ.get("E2E_STAFF_PASSWORD") or secrets.token_urlsafe(18)
PASSWORD = secrets.token_urlsafe(18)  # every requester's, made up per run
# Screenshots for a person to look at (UI.md), only when asked for.
SHOTS = os.environ.get("SHOTS_DIR")

# The screens the layout tests measure.
SMALL_PHONE: ViewportSize = {"width": 360, "height": 740}
PHONE: ViewportSize = {"width": 390, "height": 844}
TABLET: ViewportSize = {"width": 768, "height": 1024}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
WIDE: ViewportSize = {"width": 1920, "height": 1080}


# The server


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


MANAGE = [sys.executable, "manage.py"]


def prepare(env: dict[str, str]) -> None:
    """What `make run` does before serving: migrate, static files, bootstrap
    superuser, the search index merged."""
    steps = (
        ["migrate", "--noinput"],
        ["createcachetable"],
        ["collectstatic", "--noinput"],
        ["ensure_superuser"],
        ["merge_search_index"],
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


# The API


def api_login(url: str, username: str, password: str) -> str:
    """An access token for the user."""
    body = {"username": username, "password": password}
    return str(call_api(url, "/api/auth/login/", body)["access"])


def api_register(url: str, username: str, password: str = PASSWORD) -> None:
    body = {
        "username": username,
        "email": f"{username}@example.com",
        "password": password,
        "password2": password,
    }
    call_api(url, "/api/auth/register/", body)


def api_sign_up(url: str, username: str) -> str:
    """Register a new requester; their access token."""
    api_register(url, username)
    return api_login(url, username, PASSWORD)


def staff_token(url: str) -> str:
    """An access token for the bootstrap staff user."""
    return api_login(url, STAFF_USERNAME, STAFF_PASSWORD)


def api_ticket(
    url: str,
    token: str,
    title: str,
    description: str = "It shows error E42.",
    category: str = "Technical",
) -> int:
    """A ticket filed through the API; its id."""
    body = {"title": title, "description": description, "category": category}
    return int(call_api(url, "/api/tickets/", body, token)["id"])


# The browser


def launch_chromium(playwright: Playwright, **options: Any) -> Browser:
    """The tests' Chromium; `options` go to Playwright's `launch` as well."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, **options)


def new_context(browser: Browser, url: str, **options: Any) -> BrowserContext:
    """A fresh browser session against the server, with the tests' 10 s timeout."""
    context = browser.new_context(base_url=url, **options)
    context.set_default_timeout(10_000)
    return context


def png(width: int = 48, height: int = 32) -> bytes:
    """A small valid PNG, so the server's content check accepts it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(
        b"\x00" + b"".join(bytes((x * 5 % 256, y * 7 % 256, 180)) for x in range(width))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def register(page: Page, username: str) -> None:
    page.goto("/register")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_test_id("login-notice")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login$"))


def login(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Tickets")).to_be_visible()


def staff_login(page: Page) -> None:
    """Sign in as the bootstrap staff user."""
    login(page, STAFF_USERNAME, STAFF_PASSWORD)


def create_ticket(page: Page, title: str, *, image: bool = False) -> int:
    page.goto("/create")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Description").fill("The printer on floor 2 shows error E42.")
    page.get_by_label("Category").select_option("Technical")
    if image:
        page.get_by_label("Attachment (optional)").set_input_files(
            {"name": "error.png", "mimeType": "image/png", "buffer": png()}
        )
    page.get_by_role("button", name="Create ticket").click()
    expect(page.get_by_test_id("ticket-detail")).to_be_visible()
    match = re.search(r"/tickets/(\d+)$", page.url)
    assert match, page.url
    return int(match.group(1))


def assert_accessible(page: Page) -> None:
    """axe-core finds nothing serious or critical on the current page."""
    # evaluate() runs through the DevTools protocol, so a strict CSP on the
    # page does not stop the injected script.
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
    )
    assert violations == [], f"{page.url}: {violations}"


def assert_no_horizontal_overflow(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url}: content {widths[0]}px wide in {widths[1]}px"


def sign_up(page: Page, username: str) -> None:
    """Register a new requester and sign in as them."""
    register(page, username)
    login(page, username)


def reply(page: Page, body: str, *, internal: bool = False) -> None:
    box = page.get_by_test_id("reply-box")
    box.get_by_label("Your message").fill(body)
    if internal:
        box.get_by_label(re.compile(r"^Internal note")).check()
    box.get_by_test_id("reply-submit").click()
    # The comment is in the thread and the box is empty again.
    expect(page.get_by_test_id("comment").filter(has_text=body)).to_have_count(1)
    expect(box.get_by_label("Your message")).to_have_value("")


def wait_online(page: Page) -> None:
    """The tab's socket is connected and authenticated."""
    expect(page.get_by_test_id("realtime-status")).to_have_attribute("data-status", "online")


def wait_until(page: Page, condition: Callable[[], bool], timeout_ms: int = 10_000) -> None:
    """Poll `condition` until it holds: for what no event announces (a plugin's paint)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        assert time.monotonic() < deadline, f"still not true after {timeout_ms} ms"
        page.wait_for_timeout(100)
