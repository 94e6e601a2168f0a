"""`helpdesk_count_estimate(query)`: the planner's row estimate for a query
(helpdesk/core/pagination.py). PostgreSQL only; other databases count."""

from typing import Any

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION helpdesk_count_estimate(query text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
END
$$
"""


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION helpdesk_count_estimate(text)")


class Migration(migrations.Migration):
    operations = [migrations.RunPython(create, drop)]
