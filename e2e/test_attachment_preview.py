"""The PDF preview renders in Chromium's own viewer under the attachment CSP,
and an image attachment renders inline (SPEC 5, issue 7)."""

import contextlib
import io
import re
from typing import Any

from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from .helpers import sign_up, wait_until

PDF_VIEWER_BACKGROUND = {(40, 40, 40), (40, 41, 42)}  # Chromium's PDF viewer chrome
WHITE = (255, 255, 255)


def one_page_pdf() -> bytes:
    page = Image.new("RGB", (600, 400), "white")
    ImageDraw.Draw(page).text((40, 40), "Invoice 2026-113", fill="black")
    buffer = io.BytesIO()
    page.save(buffer, format="PDF")
    return buffer.getvalue()


def test_a_pdf_attachment_renders_in_the_browsers_viewer(page: Page, unique: str) -> None:
    username = f"pdf-{unique}"
    sign_up(page, username)
    page.goto("/create")
    page.get_by_label("Title").fill("Invoice question")
    page.get_by_label("Description").fill("The attached invoice shows the wrong amount.")
    page.get_by_label("Category").select_option("Billing")
    page.get_by_label("Attachment (optional)").set_input_files(
        {"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": one_page_pdf()}
    )
    page.get_by_role("button", name="Create ticket").click()
    expect(page).to_have_url(re.compile(r"/tickets/\d+$"))

    frame = page.get_by_test_id("attachment-pdf")
    expect(frame).to_be_visible()

    def colours() -> set[Any]:
        shot = Image.open(io.BytesIO(frame.screenshot())).convert("RGB")
        return {colour for _, colour in shot.getcolors(maxcolors=1_000_000) or []}

    # The viewer paints after the document loads, in a plugin no page event
    # announces: wait until its dark chrome and the white page are both on
    # screen (a blocked or failed PDF shows neither), or fail saying which.
    with contextlib.suppress(AssertionError):
        wait_until(page, lambda: bool(colours() & PDF_VIEWER_BACKGROUND) and WHITE in colours())
    assert colours() & PDF_VIEWER_BACKGROUND, "Chromium's PDF viewer did not render"
    assert WHITE in colours(), "the PDF page itself did not render"
