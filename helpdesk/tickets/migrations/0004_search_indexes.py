"""Search indexes (helpdesk/tickets/search.py), one kind per database."""

from typing import Any

from django.conf import settings
from django.db import migrations

POSTGRES = [
    # pg_trgm is a trusted extension: the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # The expressions are the ones Django's `icontains` emits, or the planner
    # could not match them to the query.
    "CREATE INDEX ticket_title_trgm ON tickets_ticket "
    "USING gin (UPPER(title::text) gin_trgm_ops)",
    "CREATE INDEX ticket_description_trgm ON tickets_ticket "
    "USING gin (UPPER(description::text) gin_trgm_ops)",
    "CREATE INDEX user_username_trgm ON accounts_user "
    "USING gin (UPPER(username::text) gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX ticket_title_trgm",
    "DROP INDEX ticket_description_trgm",
    "DROP INDEX user_username_trgm",
]

_USERNAME = "(SELECT username FROM accounts_user WHERE id = new.created_by_id)"
SQLITE = [
    # FTS5's trigram tokenizer (SQLite 3.34+) indexes every 3-character
    # sequence, so a quoted term matches as a case-insensitive substring.
    "CREATE VIRTUAL TABLE ticket_search "
    "USING fts5(title, description, username, tokenize='trigram')",
    "INSERT INTO ticket_search (rowid, title, description, username) "
    "SELECT t.id, t.title, t.description, u.username "
    "FROM tickets_ticket t JOIN accounts_user u ON u.id = t.created_by_id",
    # Triggers, not application code, keep it in sync: every write path
    # (services, admin, bulk loads, raw SQL) is covered.
    "CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets_ticket BEGIN "
    "INSERT INTO ticket_search (rowid, title, description, username) "
    f"VALUES (new.id, new.title, new.description, {_USERNAME}); END",
    "CREATE TRIGGER ticket_search_update "
    "AFTER UPDATE OF title, description, created_by_id ON tickets_ticket BEGIN "
    "UPDATE ticket_search SET title = new.title, description = new.description, "
    f"username = {_USERNAME} WHERE rowid = old.id; END",
    "CREATE TRIGGER ticket_search_delete AFTER DELETE ON tickets_ticket BEGIN "
    "DELETE FROM ticket_search WHERE rowid = old.id; END",
    "CREATE TRIGGER ticket_search_username AFTER UPDATE OF username ON accounts_user BEGIN "
    "UPDATE ticket_search SET username = new.username "
    "WHERE rowid IN (SELECT id FROM tickets_ticket WHERE created_by_id = new.id); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER ticket_search_username",
    "DROP TRIGGER ticket_search_delete",
    "DROP TRIGGER ticket_search_update",
    "DROP TRIGGER ticket_search_insert",
    "DROP TABLE ticket_search",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0003_status_category_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
