"""What a new user tripped over (issue 12), in a real browser against the real server."""

import re

from playwright.sync_api import BrowserContext, Page, Request, expect

from .test_journey import create_ticket, login, register

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
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
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
