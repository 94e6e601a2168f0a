"""Issue 15 in the browser: a resolved ticket's e-mailed link records a rating
without signing in, and a requester sees similar tickets while typing."""

import re

from playwright.sync_api import Page, expect

from .helpers import (
    Mailbox,
    Server,
    api_sign_up,
    api_ticket,
    assert_accessible,
    call_api,
    login,
    staff_token,
)

RATE_LINK = re.compile(r"^(\d): (http\S+/rate/\S+)", re.MULTILINE)


def test_resolution_email_link_records_a_rating_without_signing_in(
    page: Page, staff_page: Page, server: Server, mailbox: Mailbox, unique: str
) -> None:
    requester = f"rater{unique}"
    ticket_id = api_ticket(server.url, api_sign_up(server.url, requester), f"VPN drops {unique}")
    staff = staff_token(server.url)
    call_api(
        server.url, f"/api/tickets/{ticket_id}/status/", {"status": "Resolved"}, staff, "PATCH"
    )

    message = mailbox.wait_for(f"{requester}@example.com", f"[#{ticket_id}] Now Resolved")
    links = dict(RATE_LINK.findall(Mailbox.text(message)))
    assert sorted(links) == ["1", "2", "3", "4", "5"], Mailbox.text(message)

    # A browser that never signed in: the link is enough.
    page.goto(links["4"])
    expect(page.get_by_test_id("rate-page")).to_be_visible()
    expect(page.get_by_test_id("rated-ticket")).to_contain_text(f"#{ticket_id}")
    expect(page.get_by_role("button", name="4 out of 5")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)
    page.get_by_label("Comment (optional)").fill("Fixed within the hour")
    page.get_by_test_id("rate-send").click()
    expect(page.get_by_test_id("rate-saved")).to_be_visible()

    detail = call_api(server.url, f"/api/tickets/{ticket_id}/", {}, staff, "GET")
    assert (detail["rating"]["score"], detail["rating"]["comment"]) == (4, "Fixed within the hour")

    # Staff read it in the ticket's timeline: the score, then the comment added.
    staff_page.goto(f"/tickets/{ticket_id}")
    rated = staff_page.get_by_test_id("timeline-entry").and_(
        staff_page.locator("[data-kind='rated']")
    )
    expect(rated).to_have_text(
        [
            re.compile(f"^{requester} rated the help 4/5"),
            re.compile(f"^{requester} changed the comment of their 4/5 rating"),
        ]
    )

    # Reopened: the links already sent rate nothing any more.
    call_api(
        server.url, f"/api/tickets/{ticket_id}/status/", {"status": "Under Review"}, staff, "PATCH"
    )
    page.goto(links["1"])
    expect(page.get_by_test_id("rate-error")).to_contain_text("expired")


def test_requester_sees_similar_tickets_while_typing(
    page: Page, server: Server, unique: str
) -> None:
    mine, theirs = f"similar{unique}", f"other{unique}"
    api_ticket(server.url, api_sign_up(server.url, mine), f"Plotter{unique} jammed on floor 2")
    api_ticket(server.url, api_sign_up(server.url, theirs), f"Plotter{unique} jammed (theirs)")

    login(page, mine)
    page.goto("/create")
    page.get_by_label("Title").press_sequentially(f"plotter{unique} jam", delay=30)
    similar = page.get_by_test_id("similar-tickets")
    expect(similar).to_contain_text("Is this the same problem?")
    expect(similar.get_by_role("link")).to_have_count(1)
    expect(similar.get_by_role("link")).to_contain_text(f"Plotter{unique} jammed on floor 2")
    assert_accessible(page)
