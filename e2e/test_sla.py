"""Service levels in a real browser (issue 15): staff mark a ticket as
waiting on its requester, the SLA clock says it is paused, and the
requester's reply clears it; the timeline tells both."""

from playwright.sync_api import Page, expect

from .helpers import assert_accessible, create_ticket, reply, sign_up


def test_staff_mark_waiting_and_the_requesters_reply_clears_it(
    page: Page, staff_page: Page, unique: str
) -> None:
    requester = f"wait{unique}"
    sign_up(page, requester)
    ticket_id = create_ticket(page, f"VPN {unique} drops")
    # Requesters see neither the clock nor the switch.
    expect(page.get_by_test_id("sla-badge")).to_have_count(0)
    expect(page.get_by_test_id("waiting-toggle")).to_have_count(0)

    staff_page.goto(f"/tickets/{ticket_id}")
    expect(staff_page.get_by_test_id("sla-badge")).to_be_visible()
    reply(staff_page, "Which office are you in?")
    switch = staff_page.get_by_role("switch", name="Waiting on requester")
    expect(switch).not_to_be_checked()
    switch.check()
    expect(switch).to_be_checked()
    expect(staff_page.get_by_test_id("sla-badge")).to_have_attribute("data-sla", "paused")
    timeline = staff_page.get_by_test_id("activity-timeline")
    expect(timeline).to_contain_text("marked the ticket waiting on the requester")
    assert_accessible(staff_page)

    page.reload()
    reply(page, "Madrid, second floor.")

    # The staff page hears of the reply live: the switch is off again.
    expect(switch).not_to_be_checked(timeout=15_000)
    expect(timeline).to_contain_text(f"{requester} replied: the ticket is no longer waiting")
    expect(staff_page.get_by_test_id("sla-badge")).not_to_have_attribute("data-sla", "paused")
