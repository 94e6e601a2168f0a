from datetime import UTC, date, datetime
from typing import Any

from django import forms
from django.db.models import Case, IntegerField, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from helpdesk.core.filters import StrictFilterSet
from helpdesk.sla import selectors as sla_selectors
from helpdesk.tickets.models import PRIORITY_RANK, Ticket
from helpdesk.tickets.search import search


class TicketOrdering(filters.OrderingFilter):
    """Ordering by priority means by urgency (Critical first with `-priority`),
    through a rank computed only when that order is asked for."""

    def filter(self, qs: QuerySet[Ticket], value: Any) -> QuerySet[Ticket]:
        if value and not all(value):  # "?ordering=," or "-created_at,,title"
            raise ValidationError({"ordering": [_("Name a field between each pair of commas.")]})
        if value and any(field.lstrip("-") == "priority" for field in value):
            ranks = [When(priority=name, then=rank) for name, rank in PRIORITY_RANK.items()]
            qs = qs.annotate(priority_rank=Case(*ranks, output_field=IntegerField()))
        for field in value or ():
            if field.lstrip("-") == "sla_due":
                qs = sla_selectors.with_sla_due(qs, descending=field.startswith("-"))
        return super().filter(qs, value)


class InstantField(forms.Field):
    """An ISO 8601 date, meaning its first instant in UTC, or a datetime,
    exact (UTC when it gives no offset)."""

    default_error_messages = {
        "invalid": "Use an ISO 8601 date (2026-11-30, that whole day in UTC) "
        "or date and time (2026-11-30T14:00:00Z)."
    }

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        try:
            if len(text) > 40:
                raise ValueError(text)
            try:
                day = date.fromisoformat(text)
            except ValueError:
                instant = datetime.fromisoformat(text)
            else:
                instant = datetime(day.year, day.month, day.day)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


@extend_schema_field(
    {
        "type": "string",
        "description": "ISO 8601 date (that whole day in UTC) or date and time (exact; UTC "
        "without an offset). `_after` is inclusive, `_before` exclusive.",
        "example": "2026-11-30",
    }
)
class InstantFilter(filters.Filter):
    field_class = InstantField


BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]


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
    sla = filters.ChoiceFilter(
        choices=[("breached", "breached"), ("at_risk", "at_risk")],
        method="filter_sla",
        help_text="`breached`: a target is breached; `at_risk`: one is pending with 80 % or "
        "more of its business time used.",
    )
    search = filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Case-insensitive substring of title, description or creator's username.",
    )
    # Inclusive after, exclusive before: consecutive ranges neither overlap nor
    # leave a gap. Served by the ticket_newest and ticket_resolved indexes.
    created_after = InstantFilter(field_name="created_at", lookup_expr="gte")
    created_before = InstantFilter(field_name="created_at", lookup_expr="lt")
    resolved_after = InstantFilter(field_name="resolved_at", lookup_expr="gte")
    resolved_before = InstantFilter(field_name="resolved_at", lookup_expr="lt")
    # Each number of the dashboard opens exactly the tickets behind it
    # (helpdesk/reports): the backlog and an agent's open tickets are the
    # open ones, a response time's tickets those answered (by one agent).
    open = filters.ChoiceFilter(
        choices=BOOLEAN_CHOICES,
        method="filter_open",
        help_text="`true`: tickets not Resolved; `false`: Resolved ones.",
    )
    responded = filters.ChoiceFilter(
        choices=BOOLEAN_CHOICES,
        method="filter_responded",
        help_text="`true`: tickets with a first response; `false`: still waiting for one.",
    )
    first_response_by = filters.CharFilter(
        method="filter_first_response_by",
        max_length=20,
        help_text="A user id: the tickets whose first response that staff member wrote.",
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
            ("sla_due_at", "sla_due"),
        ),
        help_text="e.g. -created_at (the default, newest first), -priority (Critical first), "
        "-updated_at, title, sla_due (the earliest due time of a target not yet met first, "
        "overdue ones at the top; tickets with none last).",
    )

    class Meta:
        model = Ticket
        fields = ["category", "status", "priority"]

    def filter_search(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        value = value.strip()
        if not value:
            return queryset
        return search(queryset, value, user=self.request.user)

    def filter_sla(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        return sla_selectors.filter_sla(queryset, value, timezone.now())

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
        raise ValidationError({"assignee": [_("Use a user id, `me` or `none`.")]})

    def filter_open(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        resolved = Q(status=Ticket.Status.RESOLVED)
        return queryset.exclude(resolved) if value == "true" else queryset.filter(resolved)

    def filter_responded(
        self, queryset: QuerySet[Ticket], name: str, value: str
    ) -> QuerySet[Ticket]:
        return queryset.filter(first_response_at__isnull=value != "true")

    def filter_first_response_by(
        self, queryset: QuerySet[Ticket], name: str, value: str
    ) -> QuerySet[Ticket]:
        value = value.strip()
        if value.isdecimal() and len(value) < 19:
            return queryset.filter(first_response_by_id=int(value))
        raise ValidationError({"first_response_by": [_("Use a user id.")]})

    @property
    def qs(self) -> QuerySet[Ticket]:
        tickets = super().qs
        # A stable tie-break, so pages never repeat or skip rows with equal keys.
        ordering = [str(field) for field in tickets.query.order_by]
        if not ordering:
            return tickets.order_by("-created_at", "-id")
        if not any(field.lstrip("-") == "id" for field in ordering):
            tickets = tickets.order_by(*ordering, "-id")
        return tickets
