"""The dashboard in Chromium: it renders with data in both themes and both
languages with no serious accessibility finding, three of its numbers,
clicked, open a list whose count is the number, and its export holds the
tickets created in the range."""

import csv
import io
import json
import re
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import (
    SHOTS,
    STAFF_USERNAME,
    Server,
    api_sign_up,
    assert_accessible,
    assert_no_horizontal_overflow,
    call_api,
    staff_token,
)


def _get(url: str, path: str, token: str) -> Any:
    request = urllib.request.Request(f"{url}{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def tickets(server: Server) -> None:
    """A few tickets written through the API: replies, a resolution, an assignment."""
    requester = f"dash-{uuid.uuid4().hex[:8]}"
    token = api_sign_up(server.url, requester)
    staff = staff_token(server.url)
    staff_id = _get(server.url, "/api/auth/me/", staff)["id"]
    for n, (category, priority) in enumerate(
        [
            ("Technical", "High"),
            ("Billing", "Low"),
            ("Technical", "Critical"),
            ("General", "Medium"),
        ]
    ):
        body = {"title": f"Dashboard {n}", "description": "Text", "category": category}
        ticket = call_api(server.url, "/api/tickets/", {**body, "priority": priority}, token)
        if n < 3:
            path = f"/api/tickets/{ticket['id']}/comments/"
            call_api(server.url, path, {"body": "On it."}, staff)
        if n == 0:
            path = f"/api/tickets/{ticket['id']}/status/"
            call_api(server.url, path, {"status": "Resolved"}, staff, method="PATCH")
            path = f"/api/tickets/{ticket['id']}/rating/"
            call_api(server.url, path, {"score": 5}, token)
        if n == 1:
            path = f"/api/tickets/{ticket['id']}/"
            call_api(server.url, path, {"assignee": staff_id}, staff, method="PATCH")


def _count_on_list(page: Page) -> int:
    count = page.get_by_test_id("ticket-count")
    expect(count).to_have_text(re.compile(r"\d"))
    return int(re.sub(r"\D", "", count.inner_text()))


def _open_and_count(page: Page, test_id: str) -> None:
    page.goto("/dashboard")
    link = page.get_by_test_id(test_id)
    expect(link).to_be_visible()
    clicked = int(re.sub(r"\D", "", link.inner_text()))
    assert clicked > 0
    link.click()
    expect(page.get_by_role("heading", level=1, name="Tickets")).to_be_visible()
    expect(page.get_by_test_id("drill-chips")).to_be_visible()
    assert _count_on_list(page) == clicked


def test_three_numbers_open_lists_of_as_many_tickets(staff_page: Page, tickets: None) -> None:
    _open_and_count(staff_page, "tile-created-link")
    _open_and_count(staff_page, "bar-category-Technical")
    _open_and_count(staff_page, "tile-backlog-link")
    _open_and_count(staff_page, f"agent-open-{STAFF_USERNAME}")


def test_service_levels_satisfaction_and_the_export(staff_page: Page, tickets: None) -> None:
    page = staff_page
    page.goto("/dashboard")
    expect(page.get_by_test_id("tile-sla-first-response")).to_have_text(re.compile(r"\d+(\.\d)?%"))
    expect(page.get_by_test_id("tile-breached-open-value")).to_have_text(re.compile(r"^\d+$"))
    expect(page.get_by_test_id("tile-csat-average")).to_have_text(re.compile(r"[\d.]+ / 5"))
    expect(page.get_by_test_id("tile-csat-count")).to_have_text(re.compile(r"over [1-9]\d* rating"))
    expect(page.get_by_test_id(f"agent-sla-{STAFF_USERNAME}")).to_be_visible()
    created = int(re.sub(r"\D", "", page.get_by_test_id("tile-created-link").inner_text()))
    actions = page.get_by_test_id("dashboard-actions")
    actions.get_by_role("button", name="Export", exact=True).click()
    with page.expect_download() as download:
        actions.get_by_role("menuitem", name="Export as CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert rows[0][:2] == ["id", "title"]
    assert len(rows) - 1 == created
    assert "Dashboard 0" in {row[1] for row in rows[1:]}


# Each tile's box and the room its content leaves unused inside it.
TILES = """() => [...document.querySelectorAll('.tiles > .tile')].map((tile) => {
  const style = getComputedStyle(tile);
  const children = [...tile.children];
  const used = children.reduce((sum, child) => sum + child.getBoundingClientRect().height, 0)
    + parseFloat(style.rowGap) * (children.length - 1)
    + parseFloat(style.paddingTop) + parseFloat(style.paddingBottom)
    + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
  const box = tile.getBoundingClientRect();
  return { id: tile.dataset.testid, top: Math.round(box.top), height: Math.round(box.height),
           unused: Math.round(box.height - used) };
})"""


def _assert_tiles_fit(page: Page, width: int) -> None:
    tiles = page.evaluate(TILES)
    assert len(tiles) == 9, tiles
    if width < 600:
        # A phone: each tile as tall as what it says, no hole under "Created".
        assert [tile for tile in tiles if tile["unused"] > 1] == []
    else:
        # A laptop: rows of three tiles of one height.
        rows: dict[int, set[int]] = {}
        for tile in tiles:
            rows.setdefault(tile["top"], set()).add(tile["height"])
        assert len(rows) == 3, tiles
        assert all(len(heights) == 1 for heights in rows.values()), tiles


@pytest.mark.parametrize("width", [390, 1280])
def test_renders_in_both_themes_and_languages(staff_page: Page, tickets: None, width: int) -> None:
    page = staff_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/dashboard")
    for language, heading in (("en", "Dashboard"), ("es", "Panel")):
        if language == "es":
            if width < 600:
                page.get_by_test_id("menu-button").click()
            page.get_by_test_id("language-switch").select_option("es")
            if width < 600:
                page.keyboard.press("Escape")
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        expect(page.get_by_test_id("tile-created-link")).to_be_visible()
        _assert_tiles_fit(page, width)
        expect(page.get_by_test_id("series-chart").locator("svg[role=img]")).to_be_visible()
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            assert_accessible(page)
            assert_no_horizontal_overflow(page)
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=f"{SHOTS}/dashboard-{width}-{scheme}-{language}.png", full_page=True
                )
    # Back to English for the tests after this one (the choice is remembered).
    if width < 600:
        page.get_by_test_id("menu-button").click()
    page.get_by_test_id("language-switch").select_option("en")
