"""A covering index for the summary report (helpdesk/reports/selectors.py),
PostgreSQL only.

Every figure of the report reads the tickets created in its range. Through
`ticket_newest` each of those rows is a visit to the table's heap (about
900 MB at a million tickets), and each of the report's six reads of them
took 130-450 ms for a year. This index holds every column those reads use,
so they are index-only scans of about 80 MB (docs/benchmarks.md). SQLite
has no covering indexes (its index on created_at already exists), and its
100,000-ticket reports are within their target without one.
"""

from typing import Any

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS ticket_report ON tickets_ticket (created_at) INCLUDE ("
    "id, status, category, priority, assignee_id, first_response_by_id, first_response_at, "
    "resolved_at, first_response_due_at, resolution_due_at, waiting_since)"
)
DROP = "DROP INDEX IF EXISTS ticket_report"


def _on_postgresql(statement: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("tickets", "0009_activity_rated")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
