from rest_framework import serializers

from helpdesk.core.fields import StrictInputSerializer, StrictIntegerField
from helpdesk.csat.models import COMMENT_MAX_LENGTH, SCORE_MAX, SCORE_MIN


class TicketRatingSerializer(serializers.Serializer):
    """The ticket's latest rating, in the ticket's detail."""

    score = serializers.IntegerField(min_value=SCORE_MIN, max_value=SCORE_MAX)
    comment = serializers.CharField(allow_blank=True)
    resolved_at = serializers.DateTimeField(help_text="The resolution it rates.")
    rated_at = serializers.DateTimeField()
    current = serializers.BooleanField(
        help_text="Whether it rates the ticket's current resolution (false once reopened)."
    )


class RatingWriteSerializer(StrictInputSerializer):
    score = StrictIntegerField(min_value=SCORE_MIN, max_value=SCORE_MAX)
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=COMMENT_MAX_LENGTH, default=""
    )


class LinkRatingWriteSerializer(StrictInputSerializer):
    score = StrictIntegerField(
        min_value=SCORE_MIN,
        max_value=SCORE_MAX,
        required=False,
        help_text="Another score than the link's; the link's when left out.",
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=COMMENT_MAX_LENGTH,
        help_text="Left out: the comment already given stays.",
    )


class RatingSerializer(serializers.Serializer):
    ticket = serializers.IntegerField(source="ticket_id")
    score = serializers.IntegerField()
    comment = serializers.CharField(allow_blank=True)
    resolved_at = serializers.DateTimeField()
    rated_at = serializers.DateTimeField(source="updated_at")


class LinkRatingSerializer(RatingSerializer):
    ticket_title = serializers.CharField(source="ticket.title")
