import copy
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.fields import empty

from helpdesk.accounts.models import User
from helpdesk.accounts.serializers import UserSummarySerializer, user_summary
from helpdesk.core.fields import (
    MAX_ID,
    StrictBooleanField,
    StrictInputSerializer,
    StrictIntegerField,
)
from helpdesk.csat.models import SCORE_MAX, SCORE_MIN
from helpdesk.csat.selectors import latest_rating
from helpdesk.csat.serializers import TicketRatingSerializer
from helpdesk.sla.serializers import SlaSerializer, sla_json
from helpdesk.tickets import attachments
from helpdesk.tickets.attachments import InspectedUpload, inspect_upload
from helpdesk.tickets.models import (
    BULK_MAX_TICKETS,
    COMMENT_MAX_FILES,
    Activity,
    Attachment,
    Comment,
    StatusHistory,
    Ticket,
)


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
        return signed_attachment_url(attachment, self.context)


def signed_attachment_url(attachment: Attachment, context: Mapping[str, Any]) -> str:
    """Absolute, on the origin the client reached: the request's, or for a
    real-time event a stand-in each socket replaces with its own (`origin`)."""
    path = reverse("attachment-download", args=[attachments.sign(attachment.pk)])
    request = context.get("request")
    if request is not None:
        return str(request.build_absolute_uri(path))
    return f"{context.get('origin', settings.SITE_URL)}{path}"


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


def _optional_datetime(value: datetime | None) -> str | None:
    return None if value is None else _DATETIME.to_representation(value)


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
    first_response_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="The first public reply by a staff member other than the creator.",
    )
    resolved_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When it last became Resolved; null while not."
    )
    sla = SlaSerializer(source="*", read_only=True)
    waiting_on_requester = serializers.BooleanField(
        read_only=True,
        help_text="Staff are waiting on the requester: the resolution clock is paused.",
    )
    # Not read_only: the schema would then mark it as always present, and it
    # is not (this serializer only ever writes output, so nothing reads it in).
    unread = serializers.BooleanField(
        required=False,
        help_text="In staff members' lists only (not for requesters, not in the detail or "
        "live events): someone else changed or commented on the ticket since you last "
        "opened it.",
    )

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
            "first_response_at",
            "resolved_at",
            "sla",
            "waiting_on_requester",
            "unread",
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
        item = {
            "id": ticket.pk,
            "title": ticket.title,
            "description": ticket.description,
            "category": ticket.category,
            "status": ticket.status,
            "priority": ticket.priority,
            "attachment": (
                None if attachment is None else signed_attachment_url(attachment, self.context)
            ),
            "attachment_name": None if attachment is None else attachment.original_name,
            "attachment_content_type": None if attachment is None else attachment.content_type,
            "attachment_size": None if attachment is None else attachment.size,
            "created_by": user_summary(ticket.created_by),
            "assignee": None if assignee is None else user_summary(assignee),
            "created_at": _DATETIME.to_representation(ticket.created_at),
            "updated_at": _DATETIME.to_representation(ticket.updated_at),
            "comments_count": ticket.comments_count,  # type: ignore[attr-defined]
            "first_response_at": _optional_datetime(ticket.first_response_at),
            "resolved_at": _optional_datetime(ticket.resolved_at),
            "sla": sla_json(ticket),
            "waiting_on_requester": ticket.waiting_on_requester,
        }
        unread = getattr(ticket, "unread", None)  # annotated for a staff member's list
        if unread is not None:
            item["unread"] = unread
        return item


class TicketSerializer(TicketListItemSerializer):
    status_history = StatusHistorySerializer(many=True, read_only=True)
    rating = TicketRatingSerializer(
        read_only=True,
        allow_null=True,
        help_text="The requester's latest satisfaction rating (SPEC 4g); null if never rated.",
    )

    class Meta(TicketListItemSerializer.Meta):
        # Reading the detail marks the ticket read: no `unread` here.
        fields = [
            *(name for name in TicketListItemSerializer.Meta.fields if name != "unread"),
            "status_history",
            "rating",
        ]
        read_only_fields = fields

    def to_representation(self, ticket: Ticket) -> dict[str, Any]:
        data = super().to_representation(ticket)
        data["status_history"] = self.fields["status_history"].to_representation(
            ticket.status_history.all()
        )
        rating = latest_rating(ticket)
        data["rating"] = None if rating is None else TicketRatingSerializer(rating).data
        return data


class OptionalBooleanField(StrictBooleanField):
    # DRF reads a boolean a form leaves out as false; here it means "unchanged".
    default_empty_html = empty


class SimilarTicketSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ticket
        fields = read_only_fields = ["id", "title", "status", "created_at"]


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
    waiting_on_requester = OptionalBooleanField(
        required=False,
        help_text="Staff, on an existing ticket (PUT or PATCH): true pauses the resolution "
        "clock while staff wait on the requester; false, or the requester's reply, resumes it.",
    )

    def validate_attachment(self, value: Any) -> InspectedUpload | None:
        return inspect_upload(value) if value is not None else None


class TicketStatusSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(choices=Ticket.Status.choices)


class FileSerializer(serializers.ModelSerializer):
    url = serializers.URLField(
        read_only=True, help_text="Absolute signed download URL; it expires after a while."
    )
    name = serializers.CharField(source="original_name", read_only=True)

    class Meta:
        model = Attachment
        fields = read_only_fields = ["url", "name", "content_type", "size"]

    def to_representation(self, attachment: Attachment) -> dict[str, Any]:
        return {
            "url": signed_attachment_url(attachment, self.context),
            "name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
        }


class CommentSerializer(AttachmentFieldsMixin, serializers.ModelSerializer):
    author = UserSummarySerializer(read_only=True)
    attachments = FileSerializer(
        many=True, read_only=True, help_text="Every file, in order; `attachment` is the first."
    )

    class Meta:
        model = Comment
        fields = read_only_fields = [
            "id",
            "body",
            "internal",
            *ATTACHMENT_FIELDS,
            "attachments",
            "author",
            "created_at",
        ]


class CommentWriteSerializer(StrictInputSerializer):
    body = serializers.CharField(max_length=10_000)
    internal = StrictBooleanField(
        default=False, help_text="Staff only: a note requesters never see."
    )
    attachment = serializers.FileField(
        required=False,
        allow_null=True,
        allow_empty_file=True,
        help_text="One file (the older form); it comes before any in `attachments`.",
    )
    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        max_length=COMMENT_MAX_FILES,
        help_text=f"Up to {COMMENT_MAX_FILES} files: repeat the multipart field. "
        "If any file is refused, none is stored.",
    )

    def validate_attachment(self, value: Any) -> InspectedUpload | None:
        return inspect_upload(value) if value is not None else None

    def validate_attachments(self, files: list[Any]) -> list[InspectedUpload]:
        # Every refusal at once, each naming its file; one refused stores none.
        checked, refused = [], []
        for upload in files:
            try:
                checked.append(inspect_upload(upload))
            except serializers.ValidationError as error:
                refused += [f"{upload.name}: {message}" for message in _messages(error.detail)]
        if refused:
            raise serializers.ValidationError(refused)
        return checked

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        single = data.pop("attachment", None)
        data["uploads"] = [*([single] if single else []), *data.pop("attachments", [])]
        if len(data["uploads"]) > COMMENT_MAX_FILES:
            raise serializers.ValidationError(
                {"attachments": [_("Attach at most %(max)d files.") % {"max": COMMENT_MAX_FILES}]}
            )
        return data


def _messages(detail: Any) -> list[str]:
    return [str(m) for m in detail] if isinstance(detail, list) else [str(detail)]


class BulkChangeSerializer(StrictInputSerializer):
    """The same triage change for many tickets; at least one of the three."""

    ids = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=BULK_MAX_TICKETS,
        help_text=f"1 to {BULK_MAX_TICKETS} ticket ids.",
    )
    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices, required=False)
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text="The id of a staff user, or null to unassign.",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        # Only triage: a title or anything else sent here would silently not change.
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: ["Not a bulk change; use status, priority or assignee."] for name in unknown}
            )
        if not data.keys() - {"ids"}:
            # A 400 whose `detail` is one string, as the error schema says.
            raise exceptions.ParseError(_("Send at least one of status, priority or assignee."))
        return data


class BulkFailureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    detail = serializers.CharField()


class BulkResultSerializer(serializers.Serializer):
    updated = TicketListItemSerializer(many=True, help_text="In the order of `ids`.")
    failed = BulkFailureSerializer(many=True, help_text="Tickets left unchanged, and why.")


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
_ACTIVITY_DATA: dict[str, serializers.Field] = {
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
    # Nothing more to say than the kind: an empty object.
    Activity.Kind.SLA_PAUSED: serializers.DictField(help_text="Empty."),
    Activity.Kind.SLA_RESUMED: inline_serializer(
        "ActivitySlaResumedData",
        {
            "reason": serializers.ChoiceField(
                choices=["staff", "reply", "resolved"],
                help_text="Cleared by staff, ended by the requester's reply, or by resolving.",
            ),
            "paused_seconds": serializers.IntegerField(
                help_text="Business time the pause lasted (the resolution is due that much later)."
            ),
        },
    ),
    Activity.Kind.RATED: inline_serializer(
        "ActivityRatedData",
        {
            "score": serializers.IntegerField(min_value=SCORE_MIN, max_value=SCORE_MAX),
            "previous_score": serializers.IntegerField(
                min_value=SCORE_MIN,
                max_value=SCORE_MAX,
                allow_null=True,
                help_text="The score it replaced; null for a first rating of the resolution.",
            ),
        },
    ),
}


def _activity_of_kind(kind: str, data: serializers.Field) -> serializers.Serializer:
    name = "Activity" + "".join(part.capitalize() for part in kind.split("_"))
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
    # Plain strings, not the enum members: YAML cannot write those.
    serializers={str(k): _activity_of_kind(str(k), data) for k, data in _ACTIVITY_DATA.items()},
    resource_type_field_name="kind",
    many=True,
)
