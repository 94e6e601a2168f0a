"""Issue 13 in a real browser: Markdown in descriptions and comments is
rendered and nothing hostile in it runs or reaches out; files reach a reply
by drag-and-drop and by pasting a screenshot, and arrive as the comment's
attachments."""

import base64
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, FilePayload, Page, Request, expect

from .helpers import (
    Server,
    api_ticket,
    assert_accessible,
    assert_no_horizontal_overflow,
    call_api,
    png,
    reply,
    staff_login,
    staff_token,
)

HOSTILE = "\n".join(
    [
        "# Printer **on fire**",
        "",
        "<script>window.pwned = 'script'; alert('script')</script>",
        "",
        "Error <img src=x onerror=\"window.pwned='img'; alert('img')\"> on boot.",
        "",
        "[click me](javascript:alert(1)) and [data](data:text/html,<script>alert(1)</script>)",
        "",
        "Docs: <https://example.com/help> or https://example.org/status",
        "",
        "![pixel](https://tracker.example.invalid/pixel.png)",
        "",
        "- step `one`",
        "- step two",
        "",
        "> quoted",
    ]
)

# Every dialog, and a flag any payload would set.
HOOKS = """
window.__dialogs = 0;
for (const name of ['alert', 'confirm', 'prompt']) {
  const original = window[name];
  window[name] = (...args) => { window.__dialogs += 1; return original.apply(window, args); };
}
"""


def test_hostile_markdown_renders_as_text_and_nothing_runs_or_reaches_out(
    page: Page, server: Server, unique: str
) -> None:
    token = staff_token(server.url)
    ticket_id = api_ticket(server.url, token, "Markdown", HOSTILE)
    call_api(server.url, f"/api/tickets/{ticket_id}/comments/", {"body": HOSTILE}, token)

    dialogs: list[str] = []

    def dialog_opened(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dialog_opened)
    foreign: list[str] = []

    def outside(request: Request) -> None:
        if not request.url.startswith(server.url) and not request.url.startswith("data:"):
            foreign.append(request.url)

    page.on("request", outside)
    page.add_init_script(HOOKS)
    staff_login(page)
    page.goto(f"/tickets/{ticket_id}")
    description = page.get_by_test_id("ticket-description")
    comment = page.get_by_test_id("comment-body")
    expect(comment).to_be_visible()

    for root in (description, comment):
        # Markdown is formatted…
        expect(root.locator("h3")).to_have_text("Printer on fire")
        expect(root.locator("strong")).to_have_text("on fire")
        expect(root.locator("li code")).to_have_text("one")
        expect(root.locator("blockquote")).to_have_text("quoted")
        # …raw HTML is shown as the text it is, and none of it is an element.
        expect(root).to_contain_text("<script>window.pwned = 'script'")
        expect(root).to_contain_text("<img src=x onerror=")
        assert root.locator("script, img, iframe, object, embed").count() == 0
        # Dangerous links keep their text and lose their address.
        expect(root.get_by_text("click me")).to_be_visible()
        assert root.locator('[href^="javascript:" i], [href^="data:" i]').count() == 0
        assert root.get_by_role("link", name="click me").count() == 0
        # Links, auto-links included, open in a new tab without opener or referrer.
        links = root.locator("a")
        expect(links).to_have_count(3)
        hrefs = [links.nth(i).get_attribute("href") for i in range(3)]
        assert hrefs == [
            "https://example.com/help",
            "https://example.org/status",
            "https://tracker.example.invalid/pixel.png",
        ]
        for i in range(3):
            expect(links.nth(i)).to_have_attribute("target", "_blank")
            expect(links.nth(i)).to_have_attribute("rel", "noopener noreferrer")
        # The image is a link to it, not a fetch.
        expect(links.nth(2)).to_have_text(re.compile("Image: pixel"))

    page.wait_for_timeout(300)  # time for an onerror to have fired, had there been an img
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("window.__dialogs") == 0
    assert dialogs == []
    assert foreign == [], foreign
    assert_accessible(page)


def _carry_files(page: Page, files: list[dict[str, str]]) -> None:
    """Build File objects in the page, in a DataTransfer kept as window.__transfer."""
    page.evaluate(
        """(files) => {
            window.__transfer = new DataTransfer();
            for (const f of files) {
              const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
              window.__transfer.items.add(new File([bytes], f.name, { type: f.type }));
            }
        }""",
        files,
    )


def _dispatch(page: Page, *events: str) -> None:
    """Dispatch drag events carrying window.__transfer on the reply box, or a paste
    of it into the message."""
    page.evaluate(
        """(events) => {
            const box = document.querySelector('[data-testid="reply-box"]');
            const files = window.__transfer;
            for (const type of events) {
              const init = { bubbles: true, cancelable: true };
              if (type === 'paste') {
                const target = box.querySelector('textarea');
                target.focus();
                target.dispatchEvent(new ClipboardEvent(type, { ...init, clipboardData: files }));
              } else {
                box.dispatchEvent(new DragEvent(type, { ...init, dataTransfer: files }));
              }
            }
        }""",
        list(events),
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _comment_files(server: Server, ticket_id: int) -> list[list[str]]:
    token = staff_token(server.url)
    comments: list[dict[str, Any]] = call_api(
        server.url, f"/api/tickets/{ticket_id}/comments/", {}, token, method="GET"
    )
    return [[f["name"] for f in c["attachments"]] for c in comments]


def test_files_dropped_and_pasted_onto_a_reply_arrive_as_its_attachments(
    staff_page: Page, server: Server, unique: str
) -> None:
    page = staff_page
    token = staff_token(server.url)
    ticket_id = api_ticket(server.url, token, "Markdown", f"Files {unique}")
    page.goto(f"/tickets/{ticket_id}")
    box = page.get_by_test_id("reply-box")
    expect(box).to_be_visible()

    # Two files dropped onto the reply box: it showed the drop state, then lists them.
    _carry_files(
        page,
        [
            {"name": "error.png", "type": "image/png", "data": _b64(png())},
            {"name": "steps.txt", "type": "text/plain", "data": _b64(b"1. boot\n2. smoke\n")},
        ],
    )
    _dispatch(page, "dragenter", "dragover")
    expect(box).to_have_attribute("data-dropping", "true")
    expect(box.get_by_text("Drop the files to attach them")).to_be_visible()
    _dispatch(page, "drop")
    expect(box).not_to_have_attribute("data-dropping", "true")
    expect(box.get_by_test_id("reply-file")).to_have_count(2)
    reply(page, f"Two files dropped ({unique})")
    dropped = page.get_by_test_id("comment").filter(has_text="Two files dropped")
    expect(dropped.get_by_test_id("comment-file")).to_have_count(2)
    expect(dropped.get_by_role("img", name="Attachment: error.png")).to_be_visible()
    expect(dropped.get_by_role("link", name=re.compile("steps.txt"))).to_be_visible()

    # A screenshot pasted into the message.
    _carry_files(page, [{"name": "image.png", "type": "image/png", "data": _b64(png(64, 40))}])
    _dispatch(page, "paste")
    expect(box.get_by_test_id("reply-file")).to_have_count(1)
    expect(box.get_by_test_id("reply-file")).to_contain_text(
        re.compile(r"screenshot-\d{8}-\d{6}\.png")
    )
    reply(page, f"A pasted screenshot ({unique})")
    pasted = page.get_by_test_id("comment").filter(has_text="A pasted screenshot")
    image = pasted.get_by_role("img", name=re.compile(r"Attachment: screenshot-.*\.png"))
    expect(image).to_be_visible()
    # The image really came back from the server (decode() waits for it to load).
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") == 64

    files = _comment_files(server, ticket_id)
    assert files[0] == ["error.png", "steps.txt"]
    assert len(files[1]) == 1 and re.fullmatch(r"screenshot-\d{8}-\d{6}\.png", files[1][0])
    assert_accessible(page)


@pytest.mark.skipif(
    not os.environ.get("SHOTS_DIR"), reason="screenshots only when SHOTS_DIR is set"
)
def test_screenshots_of_a_markdown_thread_and_a_reply_with_three_files(
    browser: Browser, server: Server, unique: str
) -> None:
    shots = Path(os.environ["SHOTS_DIR"])
    shots.mkdir(parents=True, exist_ok=True)
    token = staff_token(server.url)
    description = (
        "The printer on **floor 2** shows `E42` after boot.\n\n"
        "1. Turn it off\n2. Wait *ten* seconds\n3. Turn it on\n\n"
        "> It started after the firmware update.\n\n"
        "| Printer | Error |\n|---|---|\n| HP-2 | E42 |\n| HP-3 | none |\n\n"
        "See <https://status.example.com> and [the manual](https://example.com/manual)."
    )
    ticket_id = api_ticket(server.url, token, "Markdown", description)
    comment = "Try this:\n\n```\nsudo systemctl restart cups\n```\n\nThen tell me.\nThanks!"
    call_api(server.url, f"/api/tickets/{ticket_id}/comments/", {"body": comment}, token)
    three: list[FilePayload] = [
        {"name": "screenshot.png", "mimeType": "image/png", "buffer": png(320, 200)},
        {"name": "cups-error.log.txt", "mimeType": "text/plain", "buffer": b"E42 " * 512},
        {"name": "printers.csv", "mimeType": "text/csv", "buffer": b"printer,error\nHP-2,E42\n"},
    ]
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    staff_login(page)
    page.goto(f"/tickets/{ticket_id}")
    page.get_by_test_id("reply-file-input").set_input_files(three)
    reply(page, "Here are the logs, the list of printers and a screenshot.")
    context.close()
    for lang in ("en", "es"):
        for theme in ("light", "dark"):
            for width in (390, 1280):
                context = browser.new_context(
                    base_url=server.url, viewport={"width": width, "height": 900}
                )
                page = context.new_page()
                staff_login(page)
                page.evaluate(
                    f"localStorage.setItem('helpdesk.theme', '{theme}');"
                    f"localStorage.setItem('helpdesk.language', '{lang}');"
                )
                page.goto(f"/tickets/{ticket_id}")
                expect(page.get_by_test_id("comment-file")).to_have_count(3)
                page.locator("textarea").fill("A second look, with **three** files.")
                page.get_by_test_id("reply-file-input").set_input_files(three)
                expect(page.get_by_test_id("reply-file")).to_have_count(3)
                assert_no_horizontal_overflow(page)
                assert_accessible(page)
                name = f"{lang}-{theme}-{width}"
                page.get_by_test_id("conversation").screenshot(path=shots / f"thread-{name}.png")
                page.get_by_test_id("reply-box").screenshot(path=shots / f"reply-{name}.png")
                page.screenshot(path=shots / f"page-{name}.png", full_page=True)
                _carry_files(page, [{"name": "a.txt", "type": "text/plain", "data": "YQ=="}])
                _dispatch(page, "dragenter", "dragover")
                expect(page.get_by_test_id("reply-box")).to_have_attribute("data-dropping", "true")
                page.get_by_test_id("reply-box").screenshot(path=shots / f"dropping-{name}.png")
                context.close()
