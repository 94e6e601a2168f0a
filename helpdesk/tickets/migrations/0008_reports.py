"""The reports (SPEC 4f): each status change remembers the status it left
(a reopening is a change from Resolved), each ticket who wrote its first
response; and the indexes the summary's counts read. Existing rows are
backfilled from the status history and the conversation."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce


def backfill(apps: Any, schema_editor: Any) -> None:
    backfill_previous(apps)
    backfill_first_response_by(apps)


def backfill_previous(apps: Any) -> None:
    StatusHistory = apps.get_model("tickets", "StatusHistory")
    # The entry before, in the history's own order (changed_at, id).
    earlier = StatusHistory.objects.filter(ticket=OuterRef("ticket")).filter(
        Q(changed_at__lt=OuterRef("changed_at"))
        | Q(changed_at=OuterRef("changed_at"), id__lt=OuterRef("id"))
    )
    previous = earlier.order_by("-changed_at", "-id").values("status")[:1]
    StatusHistory.objects.update(previous=Coalesce(Subquery(previous), Value("")))


def backfill_first_response_by(apps: Any) -> None:
    Ticket = apps.get_model("tickets", "Ticket")
    Comment = apps.get_model("tickets", "Comment")
    # The rule of services.comment_create (as 0006 found first_response_at).
    first_reply = (
        Comment.objects.filter(ticket=OuterRef("pk"), internal=False, author__is_staff=True)
        .exclude(author=OuterRef("created_by"))
        .order_by("created_at", "id")
        .values("author")[:1]
    )
    Ticket.objects.filter(first_response_at__isnull=False).update(
        first_response_by=Subquery(first_reply)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0007_ticket_sla"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="statushistory",
            name="previous",
            field=models.CharField(
                blank=True,
                choices=[
                    ("New", "New"),
                    ("Under Review", "Under Review"),
                    ("Resolved", "Resolved"),
                ],
                db_default="",
                default="",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="ticket",
            name="first_response_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="statushistory",
            index=models.Index(
                condition=models.Q(("status", "Resolved")),
                fields=["changed_at", "changed_by"],
                name="history_resolved",
            ),
        ),
        migrations.AddIndex(
            model_name="statushistory",
            index=models.Index(
                condition=models.Q(("previous", "Resolved")),
                fields=["changed_at", "status"],
                name="history_reopened",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("status", "Resolved"), _negated=True),
                fields=["assignee"],
                name="ticket_open_assignee",
            ),
        ),
    ]
