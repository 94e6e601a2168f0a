"""The journeys of issue 4 in a real browser against the real server: the
conversation between a requester and staff, internal notes, triage, and the
password reset through the e-mail the worker delivers.

Selectors are the ones the front end promises to keep: roles and labels
first, `data-testid`s where a role would be ambiguous.
"""

import re
import secrets

from playwright.sync_api import Page, expect

from .helpers import (
    STAFF_USERNAME,
    Mailbox,
    assert_accessible,
    create_ticket,
    login,
    register,
    reply,
    sign_up,
)

NEW_PASSWORD = secrets.token_urlsafe(18)  # made up per run
RESET_LINK = re.compile(r"https?://\S+/reset-password\?uid=[\w-]+&token=[\w-]+")


def test_requester_and_staff_talk_and_internal_notes_stay_internal(
    page: Page, staff_page: Page, unique: str
) -> None:
    requester = f"talk{unique}"
    question = f"Is floor 2 back up? ({unique})"
    answer = f"Yes, we replaced the fuser ({unique})."
    note = f"Vendor ticket VX-{unique}, do not share"

    sign_up(page, requester)
    ticket_id = create_ticket(page, f"Printer {unique} again")
    # A requester has no internal-note toggle.
    expect(page.get_by_test_id("reply-box")).to_be_visible()
    expect(page.get_by_test_id("internal-toggle")).to_have_count(0)
    reply(page, question)

    staff_page.goto(f"/tickets/{ticket_id}")
    expect(staff_page.get_by_test_id("comment").filter(has_text=question)).to_be_visible()
    reply(staff_page, note, internal=True)
    internal = staff_page.get_by_test_id("comment").filter(has_text=note)
    expect(internal).to_have_attribute("data-internal", "true")
    expect(internal).to_contain_text("Internal note")
    reply(staff_page, answer)
    assert_accessible(staff_page)
    expect(staff_page.get_by_test_id("comment").filter(has_text=answer)).to_have_attribute(
        "data-internal", "false"
    )

    # The requester sees the staff's reply, never the note: not in the
    # thread, not in the activity, not anywhere on the page.
    page.reload()
    comments = page.get_by_test_id("comment")
    expect(comments.filter(has_text=answer)).to_be_visible()
    expect(comments).to_have_count(2)
    expect(page.get_by_test_id("ticket-detail")).not_to_contain_text(note)
    expect(page.get_by_test_id("ticket-detail")).not_to_contain_text("internal note")
    expect(page.locator("body")).not_to_contain_text(f"VX-{unique}")

    # Staff resolves it; the requester's next reply reopens it, and the page
    # shows that without a reload.
    staff_page.get_by_test_id("status-select").select_option("Resolved")
    expect(staff_page.get_by_test_id("toast").filter(has_text="Resolved")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("status-badge").first).to_have_text("Resolved")
    reply(page, f"Still jams on A3 paper ({unique})")
    expect(page.get_by_test_id("status-badge").first).to_have_text("Under Review")
    expect(page.get_by_test_id("timeline-entry").last).to_have_attribute(
        "data-status", "Under Review"
    )

    # Staff sees the whole thread, in order.
    staff_page.reload()
    thread = staff_page.get_by_test_id("comment")
    expect(thread).to_have_count(4)
    expect(thread.nth(0)).to_contain_text(question)
    expect(thread.nth(1)).to_contain_text(note)
    expect(thread.nth(2)).to_contain_text(answer)
    expect(thread.nth(3)).to_contain_text("A3 paper")


def test_staff_assigns_and_changes_priority(page: Page, staff_page: Page, unique: str) -> None:
    requester = f"triage{unique}"
    title = f"Payroll {unique} down"
    sign_up(page, requester)
    ticket_id = create_ticket(page, title)
    expect(page.get_by_test_id("priority-badge").first).to_contain_text("Medium")
    # A requester gets no triage controls.
    expect(page.get_by_test_id("priority-select")).to_have_count(0)
    expect(page.get_by_test_id("assignee-select")).to_have_count(0)

    staff_page.goto(f"/tickets/{ticket_id}")
    # Each choice applies at once, no Apply button.
    staff_page.get_by_test_id("priority-select").select_option("Critical")
    toasts = staff_page.get_by_test_id("toast")
    expect(toasts.filter(has_text="Priority changed to Critical.")).to_be_visible()
    staff_page.get_by_test_id("assignee-select").select_option(label=STAFF_USERNAME)
    expect(toasts.filter(has_text=f"Assigned to {STAFF_USERNAME}.")).to_be_visible()
    expect(staff_page.get_by_test_id("priority-badge").first).to_contain_text("Critical")
    activity = staff_page.get_by_test_id("timeline-entry")
    expect(activity.filter(has_text="Critical")).to_have_count(1)
    expect(activity.filter(has_text=f"assigned the ticket to {STAFF_USERNAME}")).to_have_count(1)

    # The requester sees both changes, and staff finds it under "Assigned to me".
    page.reload()
    expect(page.get_by_test_id("priority-badge").first).to_contain_text("Critical")
    expect(page.get_by_test_id("ticket-detail")).to_contain_text(STAFF_USERNAME)

    staff_page.goto("/")
    staff_page.get_by_role("button", name="Assigned to me").click()
    expect(staff_page).to_have_url(re.compile(r"assignee=me"))
    staff_page.get_by_label("Search").fill(unique)
    expect(staff_page).to_have_url(re.compile(rf"search={unique}.*assignee=me"))
    expect(staff_page.get_by_test_id("queue-row")).to_have_count(1)
    expect(staff_page.get_by_test_id("queue-row").get_by_test_id("priority-badge")).to_contain_text(
        "Critical"
    )
    staff_page.get_by_role("button", name="Assigned to me").click()
    staff_page.get_by_role("button", name="Unassigned").click()
    expect(staff_page).to_have_url(re.compile(r"assignee=none"))
    expect(staff_page.get_by_test_id("queue-row")).to_have_count(0)


def test_password_reset_through_the_email_link(page: Page, mailbox: Mailbox, unique: str) -> None:
    requester = f"forgot{unique}"
    address = f"{requester}@example.com"
    register(page, requester)

    page.goto("/login")
    page.get_by_role("link", name="Forgot password?").click()
    expect(page).to_have_url(re.compile(r"/forgot-password$"))
    page.get_by_label("Email").fill(address)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_test_id("forgot-sent")).to_contain_text("If an account exists")
    assert_accessible(page)

    message = mailbox.wait_for(to=address, subject_contains="Reset your helpdesk password")
    link = RESET_LINK.search(Mailbox.text(message))
    assert link, Mailbox.text(message)

    page.goto(link.group(0))
    expect(page.get_by_label("New password", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_test_id("login-notice")).to_contain_text("password has been changed")

    login(page, requester, NEW_PASSWORD)

    # The link works once.
    page.get_by_test_id("current-user").wait_for()
    page.context.clear_cookies()
    page.goto(link.group(0))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD + "x")
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD + "x")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("alert").first).to_contain_text("invalid")
