"""Move attachments to another storage backend, one file at a time.

Each file is copied, read back and compared (size and SHA-256) with the
original before its record is switched to the new backend, in a conditional
update; only then is the original deleted. The app serves every file from
whichever backend its record names, so it keeps running meanwhile. Stopping
at any point loses nothing: a second run moves what is left, and recognises
a copy an interrupted run already made.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from helpdesk.ops.storage import BACKENDS, attachment_storage
from helpdesk.tickets.attachments import MoveFailed, move_stored
from helpdesk.tickets.models import Attachment


class Command(BaseCommand):
    help = "Move attachments to another storage backend (resumable, verified)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, choices=BACKENDS, help="the backend to fill")
        parser.add_argument(
            "--limit", type=int, default=0, help="move at most this many (0: all of them)"
        )
        parser.add_argument(
            "--keep-source", action="store_true", help="leave the originals where they are"
        )

    def handle(self, *args: Any, to: str, limit: int, keep_source: bool, **options: Any) -> None:
        attachment_storage(to)  # fails now, with the variable to set, if not configured
        pending = Attachment.objects.exclude(storage=to).order_by("created_at", "pk")
        left = pending.count()
        ids = list(pending.values_list("pk", flat=True)[: limit or None])
        moved = skipped = size = 0
        failures: list[str] = []
        for attachment_id in ids:
            attachment = Attachment.objects.filter(pk=attachment_id).first()
            if attachment is None or attachment.storage == to:
                skipped += 1  # deleted or moved by someone else meanwhile
                continue
            try:
                if move_stored(attachment, to=to, keep_source=keep_source):
                    moved += 1
                    size += attachment.size
                else:
                    skipped += 1
            except MoveFailed as exc:
                failures.append(f"{attachment.pk} ({attachment.file.name}): {exc}")
                self.stderr.write(f"Not moved: {failures[-1]}")
        self.stdout.write(
            f"Moved {moved} attachment(s), {size / (1024 * 1024):.1f} MB, to {to}; "
            f"{left - moved} still elsewhere"
            + (f"; {skipped} skipped (changed meanwhile)" if skipped else "")
            + "."
        )
        if failures:
            raise CommandError(
                f"{len(failures)} attachment(s) could not be moved (above); "
                "they are untouched where they were. Run the command again to retry."
            )
