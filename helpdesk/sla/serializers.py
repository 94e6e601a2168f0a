from datetime import datetime
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from helpdesk.sla import clock
from helpdesk.tickets.models import Ticket

_DATETIME = serializers.DateTimeField(read_only=True)
_STATES = clock.SlaState.choices


def sla_json(ticket: Ticket, now: datetime | None = None) -> dict[str, Any]:
    block = clock.sla_block(ticket, now or timezone.now())
    for name in ("first_response_due_at", "resolution_due_at"):
        value = block[name]
        block[name] = None if value is None else _DATETIME.to_representation(value)
    return block


class SlaSerializer(serializers.Serializer):
    """A ticket's service-level targets (SPEC 4g). Times left are business
    time, on the calendar of the ticket's priority."""

    first_response_due_at = serializers.DateTimeField(
        allow_null=True, help_text="Null for tickets from before service levels."
    )
    resolution_due_at = serializers.DateTimeField(
        allow_null=True,
        help_text="Pushed back by the business time the ticket waited on its requester; "
        "while it waits, the time left stands still.",
    )
    first_response = serializers.ChoiceField(choices=_STATES)
    resolution = serializers.ChoiceField(choices=_STATES)
    first_response_seconds_left = serializers.IntegerField(
        allow_null=True, help_text="Business seconds until it is due; null unless pending."
    )
    resolution_seconds_left = serializers.IntegerField(
        allow_null=True, help_text="Business seconds until it is due; null unless pending."
    )
    first_response_at_risk = serializers.BooleanField(
        help_text="Pending with 80 % or more of its business time used."
    )
    resolution_at_risk = serializers.BooleanField(
        help_text="Pending with 80 % or more of its business time used."
    )

    def to_representation(self, ticket: Ticket) -> dict[str, Any]:
        return sla_json(ticket)
