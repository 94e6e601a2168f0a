from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from helpdesk.accounts.serializers import UserSummarySerializer
from helpdesk.tickets import attachments
from helpdesk.tickets.models import StatusHistory, Ticket


class StatusHistorySerializer(serializers.ModelSerializer):
    changed_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = StatusHistory
        fields = ["id", "status", "changed_by", "changed_at"]


class TicketListItemSerializer(serializers.ModelSerializer):
    created_by = UserSummarySerializer(read_only=True)
    attachment = serializers.SerializerMethodField()
    attachment_name = serializers.CharField(
        source="attachment.original_name", read_only=True, allow_null=True
    )
    attachment_content_type = serializers.CharField(
        source="attachment.content_type", read_only=True, allow_null=True
    )
    attachment_size = serializers.IntegerField(
        source="attachment.size", read_only=True, allow_null=True
    )

    class Meta:
        model = Ticket
        fields = [
            "id",
            "title",
            "description",
            "category",
            "status",
            "attachment",
            "attachment_name",
            "attachment_content_type",
            "attachment_size",
            "created_by",
            "created_at",
        ]

    @extend_schema_field(
        serializers.URLField(
            allow_null=True, help_text="Absolute signed download URL; expires after a while."
        )
    )
    def get_attachment(self, ticket: Ticket) -> str | None:
        if ticket.attachment is None:
            return None
        path = reverse("attachment-download", args=[attachments.sign(ticket.attachment.pk)])
        return self.context["request"].build_absolute_uri(path)


class TicketSerializer(TicketListItemSerializer):
    status_history = StatusHistorySerializer(many=True, read_only=True)

    class Meta(TicketListItemSerializer.Meta):
        fields = [*TicketListItemSerializer.Meta.fields, "status_history"]


class TicketWriteSerializer(serializers.Serializer):
    """Input for create, PUT and PATCH. `attachment: null` removes the file."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=50_000)
    category = serializers.ChoiceField(choices=Ticket.Category.choices)
    status = serializers.ChoiceField(
        choices=Ticket.Status.choices,
        required=False,
        help_text="Staff only; a requester's new ticket always starts as New.",
    )
    attachment = serializers.FileField(
        required=False, allow_null=True, allow_empty_file=True, use_url=False
    )

    def validate_attachment(self, value: Any) -> attachments.InspectedUpload | None:
        return attachments.inspect_upload(value) if value is not None else None


class TicketStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Ticket.Status.choices)
