"""Reads. Every ticket query starts from `Ticket.objects.visible_to`, so a
ticket a user may not see is simply not found (404), never forbidden (403).
Who sees what is decided in access.py."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from helpdesk.tickets.access import Viewer
from helpdesk.tickets.models import Activity, Comment, StatusHistory, Ticket


def ticket_list(*, user: Viewer) -> QuerySet[Ticket]:
    # Requesters never learn that internal notes exist, not even from a count.
    comments = Comment.objects.visible_to(user).filter(ticket=OuterRef("pk"))
    count = comments.order_by().values("ticket").annotate(n=Count("*")).values("n")
    return (
        Ticket.objects.visible_to(user)
        .select_related("created_by", "assignee", "attachment")
        .annotate(comments_count=Coalesce(Subquery(count, output_field=IntegerField()), 0))
    )


def ticket_detail_queryset(*, user: Viewer) -> QuerySet[Ticket]:
    history = StatusHistory.objects.select_related("changed_by").order_by("changed_at", "id")
    return ticket_list(user=user).prefetch_related(Prefetch("status_history", queryset=history))


def comment_list(*, user: Viewer, ticket: Ticket) -> QuerySet[Comment]:
    return (
        Comment.objects.visible_to(user)
        .filter(ticket=ticket)
        .select_related("author", "attachment")
    )


def activity_list(*, user: Viewer, ticket: Ticket) -> QuerySet[Activity]:
    entries = Activity.objects.visible_to(user).filter(ticket=ticket).select_related("actor")
    return entries.order_by("at", "id")
