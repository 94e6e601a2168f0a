"""Fixtures for the browser journeys against the real server.

The server runs uvicorn with DEBUG off on a free port and a temporary
DATA_DIR, with the e-mail worker beside it sending to an SMTP server on
loopback (`mailbox`); the browser is Debian's Chromium driven by Playwright.
What the tests do with them is in helpers.py.
"""

import uuid
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from .helpers import (
    ROOT,
    Mailbox,
    Server,
    free_port,
    launch_chromium,
    new_context,
    prepare,
    server_env,
    serving,
    staff_login,
)


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


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
    browser = launch_chromium(playwright)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    context = new_context(browser, server.url)
    yield context
    context.close()


@pytest.fixture
def staff_context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    """A second, separate browser session, for staff."""
    context = new_context(browser, server.url)
    yield context
    context.close()


@pytest.fixture
def staff_page(staff_context: BrowserContext) -> Page:
    """A page in the staff session, signed in."""
    page = staff_context.new_page()
    staff_login(page)
    return page


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def unique() -> str:
    """A suffix that keeps names unique across runs sharing one database."""
    return uuid.uuid4().hex[:8]
