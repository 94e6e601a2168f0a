"""What a new user tripped over (issue 12), in a real browser against the real server."""

import json
import re
import urllib.request
from pathlib import Path

from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    FilePayload,
    Page,
    Playwright,
    Request,
    expect,
)
from websockets.sync.client import connect
from websockets.typing import Origin

from .helpers import (
    Mailbox,
    api_sign_up,
    call_api,
    create_ticket,
    login,
    png,
    prepare,
    register,
    server_env,
    serving,
    staff_token,
)

# A slow connection's round trip. On loopback a page's code arrives in a
# millisecond, which hides a navigation that waits for it.
LATENCY_MS = 300

# Milliseconds from the next click to the detail page, timed in the page
# itself (Playwright's own round trips would add noise).
_TIME_NEXT_CLICK = """() => {
  let clicked;
  const onClick = () => { clicked = performance.now(); };
  document.addEventListener('click', onClick, { capture: true, once: true });
  const check = () => {
    if (clicked !== undefined && document.querySelector('[data-testid=ticket-detail]')) {
      window.clickToDetail = Math.round(performance.now() - clicked);
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
}"""


def test_a_click_on_a_freshly_loaded_list_opens_the_ticket_at_once(
    page: Page, context: BrowserContext, unique: str
) -> None:
    """The first card's link, clicked as soon as it shows, opens the ticket
    within a second on each of 20 fresh loads (nothing cached), with every
    response from the click on LATENCY_MS late; and no code is fetched after
    the click: the detail page's was there before it."""
    register(page, f"click{unique}")
    login(page, f"click{unique}")
    ticket_id = create_ticket(page, f"Click me {unique}")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def latency(ms: int) -> None:
        conditions = {"latency": ms, "downloadThroughput": -1, "uploadThroughput": -1}
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **conditions})

    timings: list[int] = []
    late_code: list[str] = []

    def record_code(request: Request) -> None:
        if request.resource_type == "script":
            late_code.append(request.url)

    for _ in range(20):
        latency(0)
        page.goto("/")
        link = page.get_by_test_id("ticket-card").first.get_by_role("link")
        link.wait_for()
        page.evaluate(_TIME_NEXT_CLICK)
        latency(LATENCY_MS)
        page.on("request", record_code)
        link.click()
        timings.append(page.wait_for_function("() => window.clickToDetail").json_value())
        page.remove_listener("request", record_code)
        assert re.search(rf"/tickets/{ticket_id}$", page.url), page.url
    assert late_code == [], "code fetched only after the click"
    assert max(timings) < 1000, f"ms from click to detail page: {timings}"


def test_the_sign_in_pages_log_no_errors_before_or_after_a_session(page: Page, unique: str) -> None:
    """No silent refresh (and no 401 in the console) without a session to restore."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))

    def visit_sign_in_pages() -> None:
        for path in ("/login", "/register", "/login"):
            page.goto(path)
            expect(page.locator("h1")).to_be_visible()
            page.wait_for_load_state("networkidle")

    visit_sign_in_pages()
    register(page, f"quiet{unique}")
    login(page, f"quiet{unique}")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    visit_sign_in_pages()
    assert errors == []


def test_urls_for_the_browser_follow_the_request_and_e_mails_use_site_url(
    tmp_path: Path, mailbox: Mailbox, playwright: Playwright
) -> None:
    """SITE_URL (here another name than the server's port) is only for e-mails:
    an attachment URL, in a response or a live event, is on the address the
    client used, so previews work however the app is reached."""
    env = server_env(
        tmp_path,
        SITE_URL="http://helpdesk.example",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(mailbox.port),
    )
    prepare(env)
    with serving(env, tmp_path / "server.log") as url:
        maria = api_sign_up(url, "maria")
        email = "maria@example.com"
        staff = staff_token(url)
        api = playwright.request.new_context(
            base_url=url, extra_http_headers={"Authorization": f"Bearer {maria}"}
        )
        with connect(f"ws://{url.removeprefix('http://')}/ws/", origin=Origin(url)) as socket:
            socket.send(json.dumps({"type": "auth", "token": staff}))
            assert json.loads(socket.recv(timeout=5))["type"] == "auth.ok"
            image: FilePayload = {"name": "error.png", "mimeType": "image/png", "buffer": png()}
            fields = {"title": "Screen", "description": "See", "category": "Technical"}
            created = api.post("/api/tickets/", multipart={**fields, "attachment": image}).json()
            event = json.loads(socket.recv(timeout=5))
        api.dispose()

        assert created["attachment"].startswith(f"{url}/api/attachments/"), created
        assert event["type"] == "ticket.created"
        live_url = event["ticket"]["attachment"]
        assert live_url.startswith(f"{url}/api/attachments/"), live_url
        with urllib.request.urlopen(live_url, timeout=10) as download:
            assert download.headers["Content-Type"] == "image/png"

        call_api(url, "/api/auth/password-reset/", {"email": email})
        reset = Mailbox.text(mailbox.wait_for(email, "Reset your helpdesk password"))
        assert "http://helpdesk.example/reset-password?uid=" in reset, reset

    # A normal start leaves nothing alarming in the log.
    log = (tmp_path / "server.log").read_text()
    assert "Application startup complete." in log
    assert "lifespan" not in log.lower(), log
