import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from helpdesk.sla.services import sla_warn_at_risk


class Command(BaseCommand):
    help = (
        "Send service-level at-risk warnings (80 % of a target's business time used). "
        "Safe to run in several processes: one scans at a time, each warning goes out once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Scan once and exit.")
        parser.add_argument(
            "--interval", type=float, default=60.0, help="Seconds between scans (default 60)."
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        while True:
            sent = sla_warn_at_risk()
            if sent:
                self.stdout.write(f"{sent} SLA warning(s) sent")
            if once:
                return
            time.sleep(interval)
