"""The journeys of issue 3 in a real browser against the real server.

Selectors are the ones the front end promises to keep: roles and labels
first, `data-testid`s where a role would be ambiguous.
"""

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from .helpers import (
    SMALL_PHONE,
    Server,
    assert_accessible,
    assert_no_horizontal_overflow,
    create_ticket,
    login,
    new_context,
    register,
    sign_up,
    staff_login,
)


def test_requester_and_staff_journey(
    page: Page, staff_context: BrowserContext, unique: str
) -> None:
    requester = f"req{unique}"
    title = f"Printer {unique} jammed"

    register(page, requester)
    assert_accessible(page)
    login(page, requester)
    ticket_id = create_ticket(page, title, image=True)

    # The detail shows the image itself, loaded through its signed URL.
    image = page.get_by_test_id("attachment-image")
    expect(image).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth === 48", arg=image.element_handle()
    )
    assert_accessible(page)

    # It is in the list, and a search finds it with the term highlighted.
    page.get_by_role("link", name="Tickets", exact=True).click()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    page.get_by_label("Search").fill(unique)
    expect(page).to_have_url(re.compile(rf"search={unique}"))
    expect(page.get_by_test_id("ticket-card")).to_have_count(1)
    expect(page.get_by_role("link", name=title).locator("mark")).to_have_text(unique)
    assert_accessible(page)

    # Staff moves it to Under Review and edits it.
    staff = staff_context.new_page()
    staff_login(staff)
    staff.goto(f"/tickets/{ticket_id}")
    staff.get_by_test_id("status-select").select_option("Under Review")
    expect(staff.get_by_test_id("toast")).to_contain_text("Under Review")
    assert_accessible(staff)
    staff.get_by_role("link", name="Edit").click()
    expect(staff.get_by_label("Title")).to_have_value(title)
    assert_accessible(staff)
    staff.get_by_label("Title").fill(f"{title} (floor 2)")
    staff.get_by_role("button", name="Save changes").click()
    expect(staff.get_by_role("heading", level=1, name=f"{title} (floor 2)")).to_be_visible()

    # The requester sees the new status and the timeline.
    page.goto(f"/tickets/{ticket_id}")
    detail = page.get_by_test_id("ticket-detail")
    expect(detail.get_by_test_id("ticket-title")).to_have_text(f"{title} (floor 2)")
    expect(detail.get_by_test_id("status-badge").first).to_have_text("Under Review")
    # The activity timeline: created, moved to Under Review, then edited.
    entries = page.get_by_test_id("timeline-entry")
    expect(entries).to_have_count(3)
    expect(entries.nth(1)).to_have_attribute("data-status", "Under Review")
    expect(entries.nth(2)).to_have_attribute("data-kind", "edited")
    expect(page.get_by_test_id("ticket-panel")).to_have_count(0)

    # Staff deletes it, after confirming.
    staff.get_by_test_id("delete-ticket").click()
    staff.get_by_test_id("confirm-delete-yes").click()
    expect(staff).to_have_url(re.compile(r"/$"))
    page.reload()
    expect(page.get_by_role("alert")).to_contain_text("does not exist")


def test_requester_cannot_reach_the_edit_page(page: Page, unique: str) -> None:
    requester = f"nosy{unique}"
    sign_up(page, requester)
    ticket_id = create_ticket(page, f"Mine {unique}")
    expect(page.get_by_test_id("edit-ticket")).to_have_count(0)

    page.goto(f"/edit/{ticket_id}")
    expect(page.get_by_test_id("forbidden")).to_be_visible()
    expect(page.get_by_test_id("ticket-form")).to_have_count(0)


def test_reload_keeps_the_session_and_no_token_is_stored(page: Page, unique: str) -> None:
    requester = f"reload{unique}"
    sign_up(page, requester)

    page.reload()
    expect(page.get_by_test_id("current-user")).to_contain_text(requester)
    storage = page.evaluate(
        "({local: {...localStorage}, session: {...sessionStorage}, cookie: document.cookie})"
    )
    # Only UI preferences and the tab's queue order (ids and the list's query,
    # for prev/next on a ticket) may be stored; the refresh cookie is HttpOnly.
    assert set(storage["local"]) <= {"helpdesk.theme", "helpdesk.language"}, storage
    assert set(storage["session"]) <= {"helpdesk.queueOrder"}, storage
    assert not any("eyJ" in value for value in storage["session"].values()), storage  # no JWT
    assert "refresh" not in storage["cookie"], storage


def test_phone_viewport_has_no_horizontal_overflow(
    browser: Browser, server: Server, unique: str
) -> None:
    context = new_context(browser, server.url, viewport=SMALL_PHONE, is_mobile=True)
    page = context.new_page()
    try:
        register(page, f"phone{unique}")
        assert_no_horizontal_overflow(page)
        login(page, f"phone{unique}")
        title = f"A rather long title for a small screen, {unique}, " * 2
        ticket_id = create_ticket(page, title.strip(), image=True)
        assert_no_horizontal_overflow(page)
        page.goto("/")
        expect(page.get_by_test_id("ticket-card").first).to_be_visible()
        assert_no_horizontal_overflow(page)
        page.goto("/create")
        assert_no_horizontal_overflow(page)
        page.goto(f"/tickets/{ticket_id}")
        page.get_by_test_id("theme-toggle").click()
        assert_no_horizontal_overflow(page)
        assert_accessible(page)
    finally:
        context.close()


def test_public_pages_are_accessible(page: Page) -> None:
    paths = (
        "/login",
        "/register",
        "/forgot-password",
        "/reset-password?uid=x&token=y",
        "/no-such-page",
    )
    for path in paths:
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)


def test_conversation_and_settings_pages_are_accessible(page: Page, unique: str) -> None:
    """axe on what issue 4 added, in both themes: a thread with a reply and an
    internal note, the reply box with its toggle, staff triage, and settings."""
    staff_login(page)
    create_ticket(page, f"Accessible thread {unique}")
    box = page.get_by_test_id("reply-box")
    box.get_by_label("Your message").fill("A reply everyone can read.")
    box.get_by_test_id("reply-submit").click()
    expect(page.get_by_test_id("comment")).to_have_count(1)
    box.get_by_label("Your message").fill("A note for staff only.")
    box.get_by_test_id("internal-toggle").check()
    box.get_by_test_id("reply-submit").click()
    expect(page.locator('[data-testid="comment"][data-internal="true"]')).to_have_count(1)
    expect(page.get_by_test_id("timeline-entry")).to_have_count(3)
    assert_accessible(page)
    page.get_by_test_id("theme-toggle").click()
    assert_accessible(page)

    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1, name="Settings")).to_be_visible()
    assert_accessible(page)
