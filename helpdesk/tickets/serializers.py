import copy
from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field, inline_serializer
from rest_framework import serializers

from helpdesk.accounts.models import User
from helpdesk.accounts.serializers import UserSummarySerializer, user_summary
from helpdesk.core.fields import StrictBooleanField, StrictInputSerializer
from helpdesk.tickets import attachments
from helpdesk.tickets.models import Activity, Attachment, Comment, StatusHistory, Ticket


@extend_schema_field(
    serializers.URLField(
        allow_null=True, help_text="Absolute signed download URL; it expires after a while."
    )
)
class SignedAttachmentURLField(serializers.Field):
    """The attachment as a short-lived signed URL that works without a header."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, attachment: Attachment) -> str:
        return signed_attachment_url(attachment, self.context.get("request"))


def signed_attachment_url(attachment: Attachment, request: Any) -> str:
    path = reverse("attachment-download", args=[attachments.sign(attachment.pk)])
    # Outside a request (real-time events) the configured site address is used.
    return request.build_absolute_uri(path) if request else f"{settings.SITE_URL}{path}"


# DRF's own field, so timestamps read exactly as everywhere else in the API.
_DATETIME = serializers.DateTimeField(read_only=True)


class AttachmentFieldsMixin(serializers.Serializer):
    attachment = SignedAttachmentURLField(allow_null=True)
    attachment_name = serializers.CharField(
        source="attachment.original_name", read_only=True, allow_null=True
    )
    attachment_content_type = serializers.CharField(
        source="attachment.content_type", read_only=True, allow_null=True
    )
    attachment_size = serializers.IntegerField(
        source="attachment.size", read_only=True, allow_null=True
    )


ATTACHMENT_FIELDS = ["attachment", "attachment_name", "attachment_content_type", "attachment_size"]


class StatusHistorySerializer(serializers.ModelSerializer):
    changed_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = StatusHistory
        fields = read_only_fields = ["id", "status", "changed_by", "changed_at"]


class TicketListItemSerializer(AttachmentFieldsMixin, serializers.ModelSerializer):
    created_by = UserSummarySerializer(read_only=True)
    assignee = UserSummarySerializer(read_only=True, allow_null=True)
    comments_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Ticket
        fields = [
            "id",
            "title",
            "description",
            "category",
            "status",
            "priority",
            *ATTACHMENT_FIELDS,
            "created_by",
            "assignee",
            "created_at",
            "updated_at",
            "comments_count",
        ]
        # Output only, so the schema marks every field as always present.
        read_only_fields = fields

    def to_representation(self, ticket: Ticket) -> dict[str, Any]:
        # The list's hot path, and the one hand-built representation: DRF's
        # generic walk over the declared fields (which still define the schema)
        # was a large share of a list request (docs/benchmarks.md). This builds
        # the same dict; test_fast_representation_matches_drf keeps them equal.
        attachment = ticket.attachment
        assignee = ticket.assignee
        return {
            "id": ticket.pk,
            "title": ticket.title,
            "description": ticket.description,
            "category": ticket.category,
            "status": ticket.status,
            "priority": ticket.priority,
            "attachment": (
                None
                if attachment is None
                else signed_attachment_url(attachment, self.context.get("request"))
            ),
            "attachment_name": None if attachment is None else attachment.original_name,
            "attachment_content_type": None if attachment is None else attachment.content_type,
            "attachment_size": None if attachment is None else attachment.size,
            "created_by": user_summary(ticket.created_by),
            "assignee": None if assignee is None else user_summary(assignee),
            "created_at": _DATETIME.to_representation(ticket.created_at),
            "updated_at": _DATETIME.to_representation(ticket.updated_at),
            "comments_count": ticket.comments_count,  # type: ignore[attr-defined]
        }


class TicketSerializer(TicketListItemSerializer):
    status_history = StatusHistorySerializer(many=True, read_only=True)

    class Meta(TicketListItemSerializer.Meta):
        fields = [*TicketListItemSerializer.Meta.fields, "status_history"]
        read_only_fields = fields

    def to_representation(self, ticket: Ticket) -> dict[str, Any]:
        data = super().to_representation(ticket)
        data["status_history"] = self.fields["status_history"].to_representation(
            ticket.status_history.all()
        )
        return data


class TicketWriteSerializer(StrictInputSerializer):
    """Input for create, PUT and PATCH. `attachment: null` removes the file."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=50_000)
    category = serializers.ChoiceField(choices=Ticket.Category.choices)
    status = serializers.ChoiceField(
        choices=Ticket.Status.choices,
        required=False,
        help_text="Staff only; a requester's new ticket always starts as New.",
    )
    priority = serializers.ChoiceField(
        choices=Ticket.Priority.choices,
        required=False,
        help_text="Defaults to Medium; a requester may choose it when creating.",
    )
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text="Staff only: the id of a staff user, or null.",
    )
    attachment = serializers.FileField(
        required=False, allow_null=True, allow_empty_file=True, use_url=False
    )

    def validate_attachment(self, value: Any) -> attachments.InspectedUpload | None:
        return attachments.inspect_upload(value) if value is not None else None


class TicketStatusSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(choices=Ticket.Status.choices)


class CommentSerializer(AttachmentFieldsMixin, serializers.ModelSerializer):
    author = UserSummarySerializer(read_only=True)

    class Meta:
        model = Comment
        fields = read_only_fields = [
            "id",
            "body",
            "internal",
            *ATTACHMENT_FIELDS,
            "author",
            "created_at",
        ]


class CommentWriteSerializer(StrictInputSerializer):
    body = serializers.CharField(max_length=10_000)
    internal = StrictBooleanField(
        default=False, help_text="Staff only: a note requesters never see."
    )
    attachment = serializers.FileField(required=False, allow_null=True, allow_empty_file=True)

    def validate_attachment(self, value: Any) -> attachments.InspectedUpload | None:
        return attachments.inspect_upload(value) if value is not None else None


class ActivitySerializer(serializers.ModelSerializer):
    actor = UserSummarySerializer(read_only=True)
    data = serializers.DictField(read_only=True)  # type: ignore[assignment]

    class Meta:
        model = Activity
        fields = read_only_fields = ["id", "kind", "actor", "at", "data"]


# The schema of an activity entry, one shape of `data` per kind, so that
# clients need no casts. It documents ActivitySerializer's output (services
# write `data`); test_activity_matches_its_schema holds the two together.
def _change(name: str, field: serializers.Field, **kwargs: Any) -> serializers.Serializer:
    return inline_serializer(
        name, {"from": copy.deepcopy(field), "to": copy.deepcopy(field)}, **kwargs
    )


_USER_REF = inline_serializer(
    "ActivityUser",
    {"id": serializers.IntegerField(), "username": serializers.CharField()},
    allow_null=True,
    help_text="Who it was at the time (kept after a rename).",
)
_FILE_NAME = serializers.CharField(allow_null=True, help_text="A file name; null for none.")
_ACTIVITY_DATA: dict[str, serializers.Serializer] = {
    Activity.Kind.CREATED: inline_serializer(
        "ActivityCreatedData",
        {
            "status": serializers.ChoiceField(choices=Ticket.Status.choices),
            "priority": serializers.ChoiceField(choices=Ticket.Priority.choices),
            "assignee": _USER_REF,
        },
    ),
    Activity.Kind.STATUS: _change(
        "ActivityStatusData", serializers.ChoiceField(choices=Ticket.Status.choices)
    ),
    Activity.Kind.PRIORITY: _change(
        "ActivityPriorityData", serializers.ChoiceField(choices=Ticket.Priority.choices)
    ),
    Activity.Kind.ASSIGNEE: _change("ActivityAssigneeData", _USER_REF),
    Activity.Kind.EDITED: inline_serializer(
        "ActivityEditedData",
        {
            "fields": serializers.ListField(child=serializers.CharField()),
            # Only when that field changed.
            "title": _change("ActivityTitleChange", serializers.CharField(), required=False),
            "category": _change(
                "ActivityCategoryChange",
                serializers.ChoiceField(choices=Ticket.Category.choices),
                required=False,
            ),
        },
    ),
    Activity.Kind.ATTACHMENT: _change("ActivityAttachmentData", _FILE_NAME),
    Activity.Kind.COMMENT: inline_serializer(
        "ActivityCommentData",
        {
            "comment_id": serializers.IntegerField(),
            "internal": serializers.BooleanField(),
            "excerpt": serializers.CharField(),
        },
    ),
}


def _activity_of_kind(kind: str, data: serializers.Serializer) -> serializers.Serializer:
    name = f"Activity{kind.capitalize()}"
    return inline_serializer(
        name,
        {
            "id": serializers.IntegerField(),
            # One value per shape, so a validator tells the shapes apart too.
            "kind": serializers.ChoiceField(choices=[kind]),
            "actor": UserSummarySerializer(),
            "at": serializers.DateTimeField(),
            "data": data,
        },
    )


ACTIVITY_SCHEMA = PolymorphicProxySerializer(
    component_name="Activity",
    serializers={kind: _activity_of_kind(kind, data) for kind, data in _ACTIVITY_DATA.items()},
    resource_type_field_name="kind",
    many=True,
)
