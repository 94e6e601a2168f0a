"""The agent detail (issue 13): the side panel applies a change as soon as it
is chosen and offers Undo, the ticket page knows its neighbours in the queue,
and r / n / Esc work without firing while typing. Set SHOTS_DIR to also save
screenshots of the page at 390, 1280 and 1920 px, both themes, en and es."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .helpers import (
    DESKTOP,
    PASSWORD,
    PHONE,
    SHOTS,
    STAFF_USERNAME,
    TABLET,
    WIDE,
    Server,
    api_login,
    api_sign_up,
    api_ticket,
    assert_accessible,
    assert_no_horizontal_overflow,
    call_api,
    login,
    staff_login,
    staff_token,
)


def file_tickets(server: Server, requester: str, titles: list[str]) -> list[int]:
    """Tickets filed by `requester` through the API, oldest first."""
    token = api_sign_up(server.url, requester)
    return [api_ticket(server.url, token, title, "Seen since this morning.") for title in titles]


def ticket(server: Server, ticket_id: int) -> dict[str, object]:
    token = staff_token(server.url)
    request_body: dict[str, object] = {}
    result = call_api(server.url, f"/api/tickets/{ticket_id}/", request_body, token, method="GET")
    assert isinstance(result, dict)
    return result


def toast(page: Page, text: str) -> Locator:
    return page.get_by_test_id("toast").filter(has_text=text)


def test_panel_applies_at_once_with_undo(staff_page: Page, server: Server, unique: str) -> None:
    [ticket_id] = file_tickets(server, f"panel{unique}", [f"Scanner {unique} offline"])
    page = staff_page
    page.goto(f"/tickets/{ticket_id}")
    panel = page.get_by_test_id("ticket-panel")
    expect(panel.get_by_label("Priority")).to_have_value("Medium")
    expect(panel.get_by_role("button", name="Apply")).to_have_count(0)

    panel.get_by_label("Priority").select_option("High")
    changed = toast(page, "Priority changed to High.")
    expect(changed).to_be_visible()
    expect(page.get_by_test_id("priority-badge").first).to_contain_text("High")
    assert ticket(server, ticket_id)["priority"] == "High"
    assert_accessible(page)

    changed.get_by_role("button", name="Undo").click()
    expect(toast(page, "Priority changed to Medium.")).to_be_visible()
    expect(panel.get_by_label("Priority")).to_have_value("Medium")
    expect(page.get_by_test_id("priority-badge").first).to_contain_text("Medium")
    assert ticket(server, ticket_id)["priority"] == "Medium"

    # Stepping through a closed select with the arrow keys sends one change,
    # for the option it stops on, not one per option passed.
    patches: list[str] = []
    page.on(
        "request",
        lambda request: patches.append(request.url) if request.method == "PATCH" else None,
    )
    panel.get_by_label("Priority").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(toast(page, "Priority changed to Critical.")).to_be_visible()
    assert len(patches) == 1, patches
    assert ticket(server, ticket_id)["priority"] == "Critical"

    # Status and assignee apply the same way; the activity tab records them.
    panel.get_by_label("Status").select_option("Resolved")
    expect(toast(page, "Status changed to Resolved.")).to_be_visible()
    panel.get_by_role("button", name="Assign to me").click()
    expect(toast(page, f"Assigned to {STAFF_USERNAME}.")).to_be_visible()
    expect(panel.get_by_label("Assignee")).to_have_value(re.compile(r"^\d+$"))
    expect(panel.get_by_test_id("resolution-time")).not_to_contain_text("Not resolved")
    page.get_by_role("tab", name="Activity").click()
    activity = page.get_by_test_id("timeline-entry")
    expect(activity.filter(has_text="changed the status from New to Resolved")).to_be_visible()
    expect(activity.filter(has_text=f"assigned the ticket to {STAFF_USERNAME}")).to_be_visible()
    assert_accessible(page)
    page.get_by_test_id("theme-toggle").click()
    assert_accessible(page)


def test_queue_neighbours_and_keys(staff_page: Page, server: Server, unique: str) -> None:
    titles = [f"Queue {unique} first", f"Queue {unique} second", f"Queue {unique} third"]
    ids = file_tickets(server, f"queue{unique}", titles)
    page = staff_page
    page.goto(f"/?search={unique}")
    # The newest first: third, second, first.
    page.get_by_role("link", name=titles[1]).click()
    expect(page.get_by_role("heading", level=1, name=titles[1])).to_be_visible()
    expect(page.get_by_test_id("queue-position")).to_have_text("2 of 3")

    page.get_by_test_id("next-ticket").click()
    expect(page.get_by_role("heading", level=1, name=titles[0])).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/tickets/{ids[0]}$"))
    expect(page.get_by_test_id("next-ticket")).to_have_count(0)
    page.get_by_test_id("previous-ticket").click()
    page.get_by_test_id("previous-ticket").click()
    expect(page.get_by_role("heading", level=1, name=titles[2])).to_be_visible()
    expect(page.get_by_test_id("queue-position")).to_have_text("1 of 3")

    # n: an internal note; typing there fires nothing.
    body = page.get_by_test_id("reply-box").get_by_label("Your message")
    internal = page.get_by_test_id("reply-box").get_by_label(re.compile(r"^Internal note"))
    page.keyboard.press("n")
    expect(body).to_be_focused()
    expect(internal).to_be_checked()
    page.keyboard.type("rn to check ")
    expect(body).to_have_value("rn to check ")
    expect(internal).to_be_checked()

    # Esc in a field only leaves it; r: a public reply.
    page.keyboard.press("Escape")
    expect(body).not_to_be_focused()
    expect(page).to_have_url(re.compile(rf"/tickets/{ids[2]}$"))
    page.keyboard.press("r")
    expect(body).to_be_focused()
    expect(internal).not_to_be_checked()
    expect(body).to_have_value("rn to check ")

    # Esc outside a field: back to the same list URL.
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(rf"/\?search={unique}$"))
    expect(page.get_by_role("link", name=titles[0])).to_be_visible()

    # "Back to queue" returns there too.
    page.get_by_role("link", name=titles[0]).click()
    page.get_by_role("link", name="Back to queue").click()
    expect(page).to_have_url(re.compile(rf"/\?search={unique}$"))


def test_layout_has_no_gaps(browser: Browser, server: Server, unique: str) -> None:
    """At 1280 px the panel is its own sticky column, at 1920 px the activity
    is a third; at 390 px the panel stacks between the ticket and the
    conversation, with nothing wider than the screen."""
    [ticket_id] = file_tickets(server, f"layout{unique}", [f"Layout {unique}"])
    token = staff_token(server.url)
    for n in range(8):
        body = {"body": f"Update {n}: still checking the cabling on floor {n}.\n" * 4}
        call_api(server.url, f"/api/tickets/{ticket_id}/comments/", body, token)

    for viewport in (PHONE, TABLET, DESKTOP, WIDE):
        context = browser.new_context(base_url=server.url, viewport=viewport)
        page = context.new_page()
        staff_login(page)
        page.goto(f"/tickets/{ticket_id}")
        expect(page.get_by_test_id("comment")).to_have_count(8)
        assert_no_horizontal_overflow(page)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/layout-{viewport['width']}.png", full_page=True)
        main = page.locator(".detail__main").bounding_box()
        side = page.get_by_test_id("ticket-panel").bounding_box()
        conversation = page.locator(".detail__conversation").bounding_box()
        assert main and side and conversation
        activity = page.locator(".detail__activity")
        if viewport in (PHONE, TABLET):
            assert main["y"] + main["height"] <= side["y"] <= conversation["y"]
        if viewport is WIDE:
            # A third column: the activity beside the conversation, not in a tab.
            expect(page.get_by_role("tab")).to_have_count(0)
            column = activity.bounding_box()
            assert column and main["x"] + main["width"] <= column["x"] < side["x"]
        else:
            expect(activity).to_have_count(0)
            expect(page.get_by_role("tab", name="Activity")).to_be_visible()
        if viewport in (DESKTOP, WIDE):
            # Beside each other, and no gap between the ticket and its conversation.
            assert side["x"] >= main["x"] + main["width"]
            assert conversation["y"] - (main["y"] + main["height"]) <= 24
            # Sticky: after scrolling down, the panel is still in view.
            page.mouse.wheel(0, 2000)
            page.wait_for_timeout(200)
            top = page.evaluate(
                "document.querySelector('[data-testid=ticket-panel]').getBoundingClientRect().top"
            )
            assert 0 <= top < 120, top
        context.close()


def test_the_panels_actions_are_in_reach_on_a_laptop(
    browser: Browser, server: Server, unique: str
) -> None:
    """At 1280 px on a short window the panel is taller than the window: it
    scrolls within itself, and Edit and Delete stay at its foot in view, from
    the first view on and after the page or the panel scrolls."""
    [ticket_id] = file_tickets(server, f"reach{unique}", [f"Reach {unique}"])
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 640})
    page = context.new_page()
    staff_login(page)
    page.goto(f"/tickets/{ticket_id}")
    panel = page.get_by_test_id("ticket-panel")
    delete = panel.get_by_test_id("delete-ticket")
    expect(delete).to_be_visible()

    def in_view() -> bool:
        box = delete.bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 640

    assert panel.evaluate("p => p.scrollHeight > p.clientHeight"), "the panel fits: no test"
    assert in_view()
    page.mouse.move(300, 500)
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(200)
    assert in_view()
    panel.hover()
    page.mouse.wheel(0, 80)
    page.wait_for_timeout(200)
    assert panel.evaluate("p => p.scrollTop") > 0
    assert in_view()
    delete.click()
    expect(panel.get_by_test_id("confirm-delete")).to_be_in_viewport()
    assert_accessible(page)
    context.close()


@pytest.mark.skipif(not SHOTS, reason="SHOTS_DIR is not set")
def test_screenshots(browser: Browser, server: Server, unique: str) -> None:
    out = Path(SHOTS or ".")
    out.mkdir(parents=True, exist_ok=True)
    [long_id, short_id] = file_tickets(
        server,
        f"shots{unique}",
        [f"VPN drops every hour since Monday ({unique})", f"Printer on fire ({unique})"],
    )
    token = staff_token(server.url)
    requester = api_login(server.url, f"shots{unique}", PASSWORD)
    for n in range(6):
        who, internal = (requester, False) if n % 2 == 0 else (token, n == 3)
        text = f"Message {n}: the tunnel drops at minute 55, the log says 'peer timeout'.\n" * 3
        call_api(
            server.url,
            f"/api/tickets/{long_id}/comments/",
            {"body": text, "internal": internal},
            who,
        )
    for viewport in (PHONE, DESKTOP, WIDE):
        for theme in ("light", "dark"):
            for language in ("en", "es"):
                context = browser.new_context(base_url=server.url, viewport=viewport)
                page = context.new_page()
                staff_login(page)
                page.evaluate(
                    f"localStorage.setItem('helpdesk.language', '{language}');"
                    f"localStorage.setItem('helpdesk.theme', '{theme}')"
                )
                for name, ticket_id in (("long", long_id), ("short", short_id)):
                    page.goto(f"/tickets/{ticket_id}")
                    expect(page.get_by_test_id("ticket-panel")).to_be_visible()
                    page.wait_for_timeout(300)
                    page.screenshot(
                        path=str(out / f"{name}-{viewport['width']}-{theme}-{language}.png"),
                        full_page=True,
                    )
                context.close()
                if viewport is not WIDE and theme == "light":
                    # The requester's own page, for comparison: no panel, their cards' layout.
                    requester_context = browser.new_context(base_url=server.url, viewport=viewport)
                    mine = requester_context.new_page()
                    login(mine, f"shots{unique}")
                    mine.evaluate(f"localStorage.setItem('helpdesk.language', '{language}')")
                    mine.goto(f"/tickets/{long_id}")
                    expect(mine.get_by_test_id("ticket-detail")).to_be_visible()
                    expect(mine.get_by_test_id("ticket-panel")).to_have_count(0)
                    mine.wait_for_timeout(300)
                    mine.screenshot(
                        path=str(out / f"requester-{viewport['width']}-{language}.png"),
                        full_page=True,
                    )
                    requester_context.close()
