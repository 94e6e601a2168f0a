"""Reads. Every ticket query starts from `tickets_visible_to`, so a ticket a
user may not see is simply not found (404), never forbidden (403)."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from helpdesk.accounts.models import User
from helpdesk.tickets.models import Activity, Comment, StatusHistory, Ticket


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    tickets = Ticket.objects.all()
    if not user.is_staff:
        tickets = tickets.filter(created_by=user)
    return tickets


def comments_visible_to(user: User, ticket: Ticket) -> QuerySet[Comment]:
    comments = Comment.objects.filter(ticket=ticket)
    if not user.is_staff:
        comments = comments.filter(internal=False)
    return comments


def ticket_list(*, user: User) -> QuerySet[Ticket]:
    # Requesters never learn that internal notes exist, not even from a count.
    comments = comments_visible_to(user, OuterRef("pk"))  # type: ignore[arg-type]
    count = comments.order_by().values("ticket").annotate(n=Count("*")).values("n")
    return (
        tickets_visible_to(user)
        .select_related("created_by", "assignee", "attachment")
        .annotate(comments_count=Coalesce(Subquery(count, output_field=IntegerField()), 0))
    )


def ticket_detail_queryset(*, user: User) -> QuerySet[Ticket]:
    history = StatusHistory.objects.select_related("changed_by").order_by("changed_at", "id")
    return ticket_list(user=user).prefetch_related(Prefetch("status_history", queryset=history))


def comment_list(*, user: User, ticket: Ticket) -> QuerySet[Comment]:
    return comments_visible_to(user, ticket).select_related("author", "attachment")


def activity_list(*, user: User, ticket: Ticket) -> QuerySet[Activity]:
    entries = Activity.objects.filter(ticket=ticket).select_related("actor")
    if not user.is_staff:
        entries = entries.filter(internal=False)
    return entries.order_by("at", "id")
