"""The staff queue (issue 13, SPEC 6): bulk changes from the keyboard, and the
unread dot following a requester's reply and staff opening the ticket."""

import re

from playwright.sync_api import Page, expect

from .helpers import (
    Server,
    api_ticket,
    assert_accessible,
    call_api,
    create_ticket,
    reply,
    sign_up,
    staff_token,
    wait_online,
)


def test_staff_bulk_resolve_three_tickets_from_the_keyboard(
    staff_page: Page, server: Server, unique: str
) -> None:
    token = staff_token(server.url)
    ids = [api_ticket(server.url, token, f"Bulk {unique} {n}", "Toner low.") for n in range(3)]
    page = staff_page
    page.goto(f"/?search={unique}")
    queue = page.get_by_role("table", name="Ticket queue")
    rows = queue.get_by_test_id("queue-row")
    expect(rows).to_have_count(3)
    assert_accessible(page)

    # j moves to a row, x selects it: three times.
    for _ in range(3):
        page.keyboard.press("j")
        page.keyboard.press("x")
    for row in rows.all():
        expect(row.get_by_role("checkbox")).to_be_checked()
    bar = page.get_by_role("form", name="Change selected tickets")
    expect(bar.get_by_text("3 selected")).to_be_visible()
    assert_accessible(page)

    bar.get_by_label("Status").select_option("Resolved")
    bar.get_by_role("button", name="Apply to 3 tickets").press("Enter")
    expect(page.get_by_test_id("toast").filter(has_text="3 tickets changed.")).to_be_visible()
    expect(rows.get_by_test_id("status-badge").filter(has_text="Resolved")).to_have_count(3)
    expect(bar).to_have_count(0)
    for ticket_id in ids:
        ticket = call_api(server.url, f"/api/tickets/{ticket_id}/", {}, token, "GET")
        assert ticket["status"] == "Resolved", ticket

    # ? lists the shortcuts, including the ticket page's.
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog.get_by_text("Back to the queue")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_unread_dot_appears_on_a_requester_reply_and_clears_when_opened(
    page: Page, staff_page: Page, unique: str
) -> None:
    requester = f"unread{unique}"
    title = f"Unread {unique}"
    sign_up(page, requester)
    ticket_id = create_ticket(page, title)

    staff = staff_page
    staff.goto(f"/?search={unique}")
    row = staff.get_by_test_id("queue-row").filter(has=staff.get_by_role("link", name=title))
    dot = row.get_by_role("img", name="Unread")
    # Never opened by staff: new to them.
    expect(dot).to_be_visible()
    row.get_by_role("link", name=title).click()
    expect(staff).to_have_url(re.compile(rf"/tickets/{ticket_id}$"))
    staff.go_back()
    expect(row).to_be_visible()
    expect(dot).to_have_count(0)
    wait_online(staff)
    staff.evaluate("window.__noReload = true")

    # The requester replies: the dot appears on the open queue, no reload.
    reply(page, "It happened again this morning.")
    expect(dot).to_be_visible()
    expect(row.locator(".queue__title a")).to_have_css("font-weight", "700")
    assert staff.evaluate("window.__noReload") is True

    # Opening it from the keyboard marks it read.
    row.focus()
    staff.keyboard.press("Enter")
    expect(staff).to_have_url(re.compile(rf"/tickets/{ticket_id}$"))
    expect(staff.get_by_test_id("ticket-detail")).to_be_visible()
    staff.go_back()
    expect(row).to_be_visible()
    expect(dot).to_have_count(0)
    staff.reload()
    expect(row).to_be_visible()
    expect(dot).to_have_count(0)
