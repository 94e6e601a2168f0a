"""Reads. Every ticket query starts from `tickets_visible_to`, so a ticket a
user may not see is simply not found (404), never forbidden (403)."""

from django.db.models import Prefetch, QuerySet

from helpdesk.accounts.models import User
from helpdesk.tickets.models import StatusHistory, Ticket


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    tickets = Ticket.objects.all()
    if not user.is_staff:
        tickets = tickets.filter(created_by=user)
    return tickets


def ticket_list(*, user: User) -> QuerySet[Ticket]:
    return tickets_visible_to(user).select_related("created_by", "attachment")


def ticket_detail_queryset(*, user: User) -> QuerySet[Ticket]:
    history = StatusHistory.objects.select_related("changed_by").order_by("changed_at", "id")
    return ticket_list(user=user).prefetch_related(Prefetch("status_history", queryset=history))
