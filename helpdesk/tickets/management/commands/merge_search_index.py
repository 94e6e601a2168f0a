"""Merge the SQLite search index's segments into one (helpdesk/tickets/search.py).

Safe while the app runs: the work goes in short transactions, so a write
waits for one step at most, and a second run finds nothing to do.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand

from helpdesk.tickets.search import merge_search_index


class Command(BaseCommand):
    help = "Merge the SQLite search index into one segment (PostgreSQL: nothing to do)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        steps = merge_search_index()
        seconds = time.perf_counter() - started
        self.stdout.write(f"search index: {steps} merge step(s) in {seconds:.1f} s")
