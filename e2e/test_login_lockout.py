"""The login page on a lockout, against the real server (django-axes, 429 + Retry-After)."""

import re
import secrets

from playwright.sync_api import Page, expect


def test_a_locked_out_sign_in_says_why_how_long_and_offers_a_reset(page: Page) -> None:
    username = f"locked-{secrets.token_hex(4)}"
    page.goto("/login")
    # The page is for signing in: typing starts in Username.
    expect(page.get_by_label("Username")).to_be_focused()

    for _ in range(6):  # the limit is 5 failures
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill("not-the-password")
        with page.expect_response(re.compile(r"/api/auth/login/$")) as answer:
            page.get_by_role("button", name="Sign in").click()
        if answer.value.status == 429:
            break
    assert answer.value.status == 429

    alert = page.get_by_test_id("form-error")
    expect(alert).to_contain_text("Too many failed logins.")
    expect(alert).not_to_contain_text("Too many requests")
    expect(alert.get_by_test_id("lockout-time")).to_have_text(
        re.compile(r"^Time left: 1[45] minutes\.$")
    )
    alert.get_by_role("link", name="Forgot password?").click()
    expect(page).to_have_url(re.compile(r"/forgot-password$"))
