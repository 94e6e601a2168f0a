"""A ticket as one PDF (SPEC 4f): its fields, description, conversation and
activity, as the reader may see them (the caller passes comments and
activity already filtered by access.py: no internal notes for requesters).

Rendered by fpdf2 with DejaVu Sans, bundled in `fonts/` under its licence:
it covers Latin, Greek and Cyrillic, and nothing is fetched from anywhere.
Times are in UTC, and say so."""

import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from helpdesk.tickets.models import Activity, Comment, Ticket

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"

# fontTools, which fpdf2 subsets fonts with, tells every step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# Control characters have no glyph; line breaks and tabs are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Text as the font can draw it: control characters dropped, and a
    character it has no glyph for (emoji, CJK) shown as U+FFFD, not left
    out unseen."""
    text = _CONTROL.sub("", text).replace("\t", "    ")
    drawn = _glyphs()
    if all(ord(char) in drawn for char in text):
        return text
    return "".join(char if ord(char) in drawn or char == "\n" else "\ufffd" for char in text)


@cache
def _glyphs() -> frozenset[int]:
    """The characters both fonts draw."""
    from fontTools.ttLib import TTFont

    regular, bold = (TTFont(FONTS / name) for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))
    return frozenset(regular.getBestCmap()) & frozenset(bold.getBestCmap())


def when(value: datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def filename(ticket: Ticket) -> str:
    return f"ticket-{ticket.pk}.pdf"


def render(ticket: Ticket, *, comments: Iterable[Comment], activity: Iterable[Activity]) -> bytes:
    from fpdf import FPDF  # only PDFs need it

    pdf = FPDF(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(clean(f"#{ticket.pk} {ticket.title}"))
    pdf.set_creator("Helpdesk")
    pdf.add_page()
    writer = _Writer(pdf)

    writer.small(_("Ticket #%(id)s") % {"id": ticket.pk})
    writer.heading(ticket.title, size=17)
    writer.fields(
        [
            (_("Status"), ticket.status),
            (_("Category"), ticket.category),
            (_("Priority"), ticket.priority),
            (_("Created by"), ticket.created_by.username),
            (_("Assignee"), ticket.assignee.username if ticket.assignee else _("Unassigned")),
            (_("Created"), when(ticket.created_at)),
            (_("Updated"), when(ticket.updated_at)),
            (_("First response"), when(ticket.first_response_at)),
            (_("Resolved"), when(ticket.resolved_at)),
        ]
    )
    if ticket.attachment is not None:
        writer.fields([(_("Attachment"), ticket.attachment.original_name)])

    writer.heading(_("Description"))
    writer.text(ticket.description)

    writer.heading(_("Conversation"))
    count = 0
    for comment in comments:
        count += 1
        label = _("Internal note") if comment.internal else _("Reply")
        writer.entry_head(f"{comment.author.username} · {when(comment.created_at)} · {label}")
        writer.text(comment.body)
        names = [file.original_name for file in comment.attachments.all()]
        if names:
            writer.small(_("Files: %(names)s") % {"names": ", ".join(names)})
    if not count:
        writer.small(_("No messages yet."))

    writer.heading(_("Activity"))
    for entry in activity:
        writer.activity(when(entry.at), describe(entry))

    return bytes(pdf.output())


class _Writer:
    LINE = 5.5

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf

    def _cell(self, text: str, *, style: str = "", size: float = 10.5, gap: float = 0) -> None:
        pdf = self.pdf
        pdf.set_font(FAMILY, style, size)
        pdf.multi_cell(0, self.LINE * size / 10.5, clean(text), new_x="LMARGIN", new_y="NEXT")
        if gap:
            pdf.ln(gap)

    def heading(self, text: str, *, size: float = 13) -> None:
        self.pdf.ln(3)
        self._cell(text, style="B", size=size, gap=1.5)

    def small(self, text: str) -> None:
        self.pdf.set_text_color(90, 90, 90)
        self._cell(text, size=9)
        self.pdf.set_text_color(0, 0, 0)

    def text(self, text: str) -> None:
        self._cell(text, gap=2)

    def entry_head(self, text: str) -> None:
        self.pdf.ln(1)
        self._cell(text, style="B", size=9.5)

    def fields(self, rows: list[tuple[str, str]]) -> None:
        pdf = self.pdf
        for label, value in rows:
            pdf.set_font(FAMILY, "B", 9.5)
            pdf.cell(38, self.LINE, clean(label))
            pdf.set_font(FAMILY, "", 9.5)
            pdf.multi_cell(0, self.LINE, clean(value), new_x="LMARGIN", new_y="NEXT")

    def activity(self, at: str, sentence: str) -> None:
        pdf = self.pdf
        pdf.set_font(FAMILY, "", 9)
        pdf.set_text_color(90, 90, 90)
        pdf.cell(38, self.LINE, at)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(0, self.LINE, clean(sentence), new_x="LMARGIN", new_y="NEXT")


def describe(entry: Activity) -> str:
    """One sentence per timeline entry, in the reader's language (the same
    facts the web app's timeline puts into words)."""
    actor = entry.actor.username
    data: dict[str, Any] = entry.data or {}
    kind = entry.kind
    if kind == Activity.Kind.CREATED:
        return _("%(actor)s opened the ticket") % {"actor": actor}
    if kind in (Activity.Kind.STATUS, Activity.Kind.PRIORITY):
        return _("%(actor)s changed the %(field)s from %(from)s to %(to)s") % {
            "actor": actor,
            "field": _("status") if kind == Activity.Kind.STATUS else _("priority"),
            "from": data.get("from"),
            "to": data.get("to"),
        }
    if kind == Activity.Kind.ASSIGNEE:
        before = (data.get("from") or {}).get("username")
        after = (data.get("to") or {}).get("username")
        if after:
            return _("%(actor)s assigned the ticket to %(to)s") % {"actor": actor, "to": after}
        return _("%(actor)s unassigned %(from)s") % {"actor": actor, "from": before or "—"}
    if kind == Activity.Kind.EDITED:
        sentence = _("%(actor)s edited %(fields)s") % {
            "actor": actor,
            "fields": ", ".join(data.get("fields") or []),
        }
        title = data.get("title")
        if title:
            sentence += f": “{title.get('from')}” → “{title.get('to')}”"
        return sentence
    if kind == Activity.Kind.ATTACHMENT:
        before, after = data.get("from"), data.get("to")
        if after:
            return _("%(actor)s attached %(name)s") % {"actor": actor, "name": after}
        return _("%(actor)s removed the attachment %(name)s") % {
            "actor": actor,
            "name": before or "",
        }
    if kind == Activity.Kind.COMMENT:
        if data.get("internal"):
            return _("%(actor)s added an internal note") % {"actor": actor}
        return _("%(actor)s replied") % {"actor": actor}
    if kind == Activity.Kind.RATED:
        score, previous = data.get("score"), data.get("previous_score")
        if previous is None:
            return _("%(actor)s rated the help %(score)s/5") % {"actor": actor, "score": score}
        if previous == score:
            return _("%(actor)s changed the comment of their %(score)s/5 rating") % {
                "actor": actor,
                "score": score,
            }
        return _("%(actor)s changed their rating from %(from)s/5 to %(to)s/5") % {
            "actor": actor,
            "from": previous,
            "to": score,
        }
    return _("%(actor)s changed the ticket") % {"actor": actor}
