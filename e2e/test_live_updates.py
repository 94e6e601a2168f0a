"""Live updates (SPEC 4d): what staff changes shows up in the requester's open
tabs without a reload, over the realtime socket."""

from playwright.sync_api import BrowserContext, Page, expect

from .helpers import STAFF_USERNAME, create_ticket, sign_up, staff_login, wait_online


def test_staff_changes_reach_the_requesters_open_list_and_detail(
    page: Page, context: BrowserContext, staff_context: BrowserContext, unique: str
) -> None:
    requester = f"live{unique}"
    title = f"Scanner {unique} offline"
    sign_up(page, requester)
    ticket_id = create_ticket(page, title)

    # The requester has the ticket open in one tab and the list in another.
    detail = page
    wait_online(detail)
    expect(
        detail.get_by_test_id("ticket-detail").get_by_test_id("status-badge").first
    ).to_have_text("New")
    timeline = detail.get_by_test_id("timeline-entry")
    expect(timeline).to_have_count(1)
    listing = context.new_page()
    listing.goto("/")
    wait_online(listing)
    card = listing.get_by_test_id("ticket-card").filter(has=listing.get_by_role("link", name=title))
    expect(card.get_by_test_id("status-badge")).to_have_text("New")

    # No reload from here on: a navigation would reset this marker.
    for tab in (detail, listing):
        tab.evaluate("window.__noReload = true")

    # Staff moves it to Under Review.
    staff = staff_context.new_page()
    staff_login(staff)
    staff.goto(f"/tickets/{ticket_id}")
    staff.get_by_test_id("status-select").select_option("Under Review")
    expect(staff.get_by_test_id("toast")).to_contain_text("Under Review")

    # Both requester tabs follow, and the detail says it changed.
    expect(card.get_by_test_id("status-badge")).to_have_text("Under Review")
    expect(
        detail.get_by_test_id("ticket-detail").get_by_test_id("status-badge").first
    ).to_have_text("Under Review")
    # The toast says who did what (issue 12, item 10), not just "updated".
    news = f"{STAFF_USERNAME} set the status to Under Review"
    expect(detail.get_by_test_id("toast").filter(has_text=news)).to_be_visible()
    expect(timeline).to_have_count(2)
    # The staff tab made the change itself: no such toast there.
    expect(staff.get_by_text(news)).to_have_count(0)

    # Staff replies: the requester's open ticket says so.
    staff.get_by_test_id("reply-box").get_by_label("Your message").fill("On it.")
    staff.get_by_test_id("reply-submit").click()
    expect(
        detail.get_by_test_id("toast").filter(has_text=f"{STAFF_USERNAME} replied")
    ).to_be_visible()

    # Staff deletes it: it leaves the requester's list.
    staff.get_by_test_id("delete-ticket").click()
    staff.get_by_test_id("confirm-delete-yes").click()
    expect(listing.get_by_role("link", name=title)).to_have_count(0)
    expect(
        detail.get_by_test_id("toast").filter(has_text=f"{STAFF_USERNAME} deleted this ticket")
    ).to_be_visible()

    for tab in (detail, listing):
        assert tab.evaluate("window.__noReload === true"), f"{tab.url} reloaded"
