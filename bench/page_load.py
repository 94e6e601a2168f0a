"""How fast the ticket list page renders in Chromium on loopback (`make bench-page`).

Starts the app like `make run` on a temporary DATA_DIR, signs a member in,
gives them 12 tickets, then loads / afresh N times (a full page load: the
shell, the JavaScript, restoring the session from the refresh cookie, the
list request) and prints the time until the first ticket card is visible.
"""

import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from e2e import helpers

USER, PASSWORD = "bench-member", secrets.token_urlsafe(18)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    with tempfile.TemporaryDirectory() as data_dir:
        env = helpers.server_env(Path(data_dir))
        helpers.prepare(env)
        with helpers.serving(env, Path(data_dir) / "server.log", worker=False) as url:
            helpers.api_register(url, USER, PASSWORD)
            token = helpers.api_login(url, USER, PASSWORD)
            for n in range(12):
                helpers.call_api(
                    url,
                    "/api/tickets/",
                    {"title": f"Ticket {n}", "description": "Text", "category": "General"},
                    token,
                )
            timings = measure(url, runs)
    print(
        f"list page, full load to first card visible, {runs} runs: "
        f"median {statistics.median(timings):.0f} ms, min {min(timings):.0f} ms, "
        f"max {max(timings):.0f} ms"
    )


def measure(url: str, runs: int) -> list[float]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=helpers.CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(base_url=url)
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("Username").fill(USER)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_test_id("ticket-card").first.wait_for()
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            page.goto("/")  # a full load; the session comes back from the cookie
            page.get_by_test_id("ticket-card").first.wait_for()
            timings.append((time.perf_counter() - started) * 1000)
        browser.close()
    return timings


if __name__ == "__main__":
    main()
