"""Exports in the browser (SPEC 4f): the list's Export control downloads the
current filter as a file with as many rows as the list counts, and the
ticket page's "Download PDF" button downloads the ticket as a PDF."""

import csv
import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .helpers import (
    Server,
    api_sign_up,
    api_ticket,
    assert_accessible,
    create_ticket,
    sign_up,
)

CYRILLIC = "Принтер сломан"


def _tickets(server: Server, requester: str, titles: list[str]) -> None:
    token = api_sign_up(server.url, requester)
    for title in titles:
        api_ticket(server.url, token, title, "Exported.", "Billing")


def _listed(page: Page) -> int:
    text = page.get_by_test_id("ticket-count").inner_text()
    match = re.search(r"\d+", text)
    assert match, text
    return int(match.group())


def _export_as(page: Page, format_: str) -> None:
    """The list's one Export menu button, then the format from its menu."""
    page.get_by_role("button", name="Export", exact=True).click()
    page.get_by_role("menuitem", name=f"Export as {format_}").click()


def test_export_downloads_the_filtered_list(
    staff_page: Page, server: Server, unique: str, tmp_path: Path
) -> None:
    titles = [f"Invoice {unique} #{n}" for n in range(3)] + [f"=cmd|{unique}"]
    _tickets(server, f"exp{unique}", titles)

    staff_page.goto(f"/?search={unique}&category=Billing")
    expect(staff_page.get_by_test_id("ticket-count")).to_contain_text("4")
    listed = _listed(staff_page)

    with staff_page.expect_download() as csv_download:
        _export_as(staff_page, "CSV")
    path = tmp_path / csv_download.value.suggested_filename
    csv_download.value.save_as(path)
    assert re.fullmatch(r"tickets-\d{4}-\d{2}-\d{2}\.csv", path.name)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["id", "title"]
    assert len(rows) - 1 == listed == 4
    assert f"'=cmd|{unique}" in [row[1] for row in rows]

    with staff_page.expect_download() as xlsx_download:
        _export_as(staff_page, "XLSX")
    path = tmp_path / xlsx_download.value.suggested_filename
    xlsx_download.value.save_as(path)
    assert path.suffix == ".xlsx"
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        rows_in_sheet = len(list(workbook.worksheets[0].iter_rows(values_only=True)))
    finally:
        workbook.close()  # a read-only workbook keeps its file open until closed
    assert rows_in_sheet - 1 == listed
    expect(staff_page.get_by_test_id("export-error")).to_have_count(0)
    assert_accessible(staff_page)


def test_the_pdf_button_downloads_the_ticket(page: Page, unique: str, tmp_path: Path) -> None:
    sign_up(page, f"pdf{unique}")
    title = f"{CYRILLIC} {unique}"
    ticket_id = create_ticket(page, title)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)

    assert_accessible(page)
    assert path.name == f"ticket-{ticket_id}.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    text = " ".join(page_.extract_text() for page_ in PdfReader(path).pages)
    assert title in " ".join(text.split())
