from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from helpdesk.tickets.models import Ticket


class TicketFilter(filters.FilterSet):
    """List filters. An unknown category, status or ordering is a 400, not an empty list."""

    category = filters.ChoiceFilter(choices=Ticket.Category.choices)
    status = filters.ChoiceFilter(choices=Ticket.Status.choices)
    search = filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Case-insensitive substring of title, description or creator's username.",
    )
    ordering = filters.OrderingFilter(
        fields=("created_at", "id", "title", "status", "category"),
        help_text="e.g. -created_at (the default, newest first), title, status.",
    )

    class Meta:
        model = Ticket
        fields = ["category", "status"]

    def filter_search(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(created_by__username__icontains=value)
        )

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
