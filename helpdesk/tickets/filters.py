from typing import Any

from django.db.models import Case, IntegerField, QuerySet, When
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

from helpdesk.core.filters import StrictFilterSet
from helpdesk.tickets.models import PRIORITY_RANK, Ticket
from helpdesk.tickets.search import search


class TicketOrdering(filters.OrderingFilter):
    """Ordering by priority means by urgency (Critical first with `-priority`),
    through a rank computed only when that order is asked for."""

    def filter(self, qs: QuerySet[Ticket], value: Any) -> QuerySet[Ticket]:
        if value and any(field.lstrip("-") == "priority" for field in value):
            ranks = [When(priority=name, then=rank) for name, rank in PRIORITY_RANK.items()]
            qs = qs.annotate(priority_rank=Case(*ranks, output_field=IntegerField()))
        return super().filter(qs, value)


class TicketFilter(StrictFilterSet):
    """List filters. An unknown value for any of them is a 400, not an empty list."""

    category = filters.ChoiceFilter(choices=Ticket.Category.choices)
    status = filters.ChoiceFilter(choices=Ticket.Status.choices)
    priority = filters.ChoiceFilter(choices=Ticket.Priority.choices)
    assignee = filters.CharFilter(
        method="filter_assignee",
        max_length=20,
        help_text="A user id, `me`, or `none` for unassigned tickets.",
    )
    search = filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Case-insensitive substring of title, description or creator's username.",
    )
    ordering = TicketOrdering(
        fields=(
            ("created_at", "created_at"),
            ("updated_at", "updated_at"),
            ("priority_rank", "priority"),
            ("id", "id"),
            ("title", "title"),
            ("status", "status"),
            ("category", "category"),
        ),
        help_text="e.g. -created_at (the default, newest first), -priority (Critical first), "
        "-updated_at, title.",
    )

    class Meta:
        model = Ticket
        fields = ["category", "status", "priority"]

    def filter_search(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        value = value.strip()
        if not value:
            return queryset
        return search(queryset, value, user=self.request.user)

    def filter_assignee(
        self, queryset: QuerySet[Ticket], name: str, value: str
    ) -> QuerySet[Ticket]:
        value = value.strip().lower()
        if value == "me":
            return queryset.filter(assignee=self.request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value.isdecimal() and len(value) < 19:
            return queryset.filter(assignee_id=int(value))
        raise ValidationError({"assignee": ["Use a user id, `me` or `none`."]})

    @property
    def qs(self) -> QuerySet[Ticket]:
        tickets = super().qs
        # A stable tie-break, so pages never repeat or skip rows with equal keys.
        ordering = [str(field) for field in tickets.query.order_by]
        if not ordering:  # e.g. "?ordering=," parses to nothing
            return tickets.order_by("-created_at", "-id")
        if not any(field.lstrip("-") == "id" for field in ordering):
            tickets = tickets.order_by(*ordering, "-id")
        return tickets
