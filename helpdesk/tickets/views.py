import logging
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from helpdesk.accounts.actor import actor
from helpdesk.core.negotiation import FileNegotiation
from helpdesk.core.parsers import JSONParser
from helpdesk.core.streaming import SyncStreamingResponse
from helpdesk.core.throttling import WriteRateThrottle
from helpdesk.tickets import attachments, selectors, services
from helpdesk.tickets import export as exports
from helpdesk.tickets import pdf as pdfs
from helpdesk.tickets.filters import TicketFilter
from helpdesk.tickets.models import Attachment, Ticket
from helpdesk.tickets.permissions import IsStaffToChange, MayExport
from helpdesk.tickets.serializers import (
    ACTIVITY_SCHEMA,
    ActivitySerializer,
    BulkChangeSerializer,
    BulkResultSerializer,
    CommentSerializer,
    CommentWriteSerializer,
    SimilarTicketSerializer,
    TicketListItemSerializer,
    TicketSerializer,
    TicketStatusSerializer,
    TicketWriteSerializer,
)
from helpdesk.tickets.similar import TEXT_MAX_LENGTH, similar_tickets

logger = logging.getLogger(__name__)

_EXPORT_DOC = (
    "Columns: id, title, category, status, priority, created_by, assignee, created_at, "
    "updated_at, first_response_at, resolved_at, comments. Usernames; ISO 8601 UTC "
    "timestamps; empty for null. CSV: RFC 4180 with a byte-order mark; a cell beginning "
    "with =, +, -, @, tab or carriage return is prefixed with '. Sent as an attachment "
    "named tickets-YYYY-MM-DD.csv or .xlsx."
)


class TicketViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAuthenticated, IsStaffToChange]
    requester_actions = ("comments",)  # writes a requester may make on their own ticket
    staff_actions = ("bulk",)  # changes to many tickets: staff only, whatever the tickets
    change_actions = ("update", "partial_update", "status")  # read under the row lock
    throttle_classes = [WriteRateThrottle]
    throttle_scopes = {"create": "tickets", "comments": "comments"}
    # Multipart for attachments; urlencoded so a plain HTML form or `curl -d` works too.
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = TicketFilter

    queryset = Ticket.objects.none()  # for the schema generator; requests use get_queryset

    def get_queryset(self) -> QuerySet[Ticket]:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        user = actor(self.request)
        if self.action == "list":
            return selectors.ticket_list(user=user)
        if self.action in ("comments", "activity", "export", *self.change_actions):
            return Ticket.objects.visible_to(user)
        if self.action == "pdf":
            return Ticket.objects.visible_to(user).select_related(
                "created_by", "assignee", "attachment"
            )
        return selectors.ticket_detail_queryset(user=user)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # A list with no filter, search or ordering asked for is the default
        # order (Meta.ordering); building the FilterSet (it deep-copies its
        # filters per request) is a measurable part of the hot path for
        # nothing (docs/benchmarks.md).
        if self.action == "list" and self.request.query_params.keys() <= {"page", "page_size"}:
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self) -> type:
        if self.action == "list":
            return TicketListItemSerializer
        if self.action == "status":
            return TicketStatusSerializer
        if self.action == "comments":
            return CommentWriteSerializer if self.request.method == "POST" else CommentSerializer
        if self.action == "activity":
            return ActivitySerializer
        if self.action == "bulk":
            return BulkChangeSerializer
        if self.action in ("create", "update", "partial_update"):
            return TicketWriteSerializer
        return TicketSerializer

    def get_object(self) -> Ticket:
        if self.action not in self.change_actions or self.request.FILES:
            return super().get_object()
        # A change: read under the row lock, in the transaction the change is
        # made in (see _changing), so the service need not read it again.
        try:
            ticket = services.ticket_lock(self.get_queryset(), pk=self.kwargs["pk"])
        except (Ticket.DoesNotExist, ValueError, TypeError, DjangoValidationError):
            raise Http404 from None
        self.check_object_permissions(self.request, ticket)
        return ticket

    def _changing(self) -> AbstractContextManager[Any]:
        """The transaction a change to one ticket is read, checked and made
        in; files are stored before any (services._stored), so a slow
        storage never holds the database: a change with files reads twice."""
        return nullcontext() if self.request.FILES else transaction.atomic()

    def _respond(self, ticket: Ticket, code: int = status.HTTP_200_OK) -> Response:
        # The ticket as the change read and left it (selectors.tickets_for_change,
        # or as_new): no read back, but for the status history.
        if not hasattr(ticket, "_prefetched_objects_cache"):
            selectors.with_history(ticket)
        return Response(self._serialize(TicketSerializer, ticket), status=code)

    def _validated(self, *, partial: bool = False) -> dict[str, Any]:
        serializer = self.get_serializer(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(request=TicketWriteSerializer, responses={201: TicketSerializer})
    def create(self, request: Request) -> Response:
        data = self._validated()
        if "waiting_on_requester" in data:
            raise exceptions.ValidationError(
                {"waiting_on_requester": [_("Set it on an existing ticket (PATCH).")]}
            )
        ticket = services.ticket_create(
            actor=actor(request),
            title=data["title"],
            description=data["description"],
            category=data["category"],
            status=data.get("status"),
            priority=data.get("priority"),
            assignee=data.get("assignee"),
            upload=data.get("attachment"),
        )
        return self._respond(ticket, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        """The whole ticket; for staff, opening it marks it read (`unread` in the list)."""
        ticket = self.get_object()
        read_at = getattr(ticket, "read_at", None)  # staff: their marker, as it stood
        services.ticket_mark_read(ticket=ticket, user=actor(request), read_at=read_at)
        return Response(self._serialize(TicketSerializer, ticket))

    @extend_schema(request=TicketWriteSerializer, responses={200: TicketSerializer})
    def update(self, request: Request, pk: str | None = None) -> Response:
        return self._update(partial=False)

    @extend_schema(request=TicketWriteSerializer, responses={200: TicketSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self._update(partial=True)

    def _update(self, *, partial: bool) -> Response:
        with self._changing():
            ticket = self.get_object()
            data = self._validated(partial=partial)
            if not data:
                raise exceptions.ParseError(_("Send at least one field to change."))
            upload = data.pop("attachment", services.UNCHANGED)
            ticket = services.ticket_update(
                ticket=ticket,
                actor=actor(self.request),
                changes=data,
                upload=upload,
            )
        return self._respond(ticket)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.ticket_delete(ticket=self.get_object(), actor=actor(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=TicketStatusSerializer, responses={200: TicketSerializer})
    @action(detail=True, methods=["patch"])
    def status(self, request: Request, pk: str | None = None) -> Response:
        with self._changing():
            ticket = self.get_object()
            data = self._validated()
            ticket = services.ticket_change_status(
                ticket=ticket,
                actor=actor(request),
                status=data["status"],
            )
        return self._respond(ticket)

    @extend_schema(request=BulkChangeSerializer, responses={200: BulkResultSerializer})
    @action(
        detail=False,
        methods=["post"],
        pagination_class=None,
        filterset_class=None,
        parser_classes=[JSONParser],
    )
    def bulk(self, request: Request) -> Response:
        """The same status, priority and/or assignee for up to 100 tickets, each
        changed as a single change would be. Tickets that cannot be changed
        (unknown ids) are listed in `failed`; the others change together."""
        user = actor(request)
        data = self._validated()
        result = services.tickets_bulk_update(actor=user, ids=data.pop("ids"), changes=data)
        position = {ticket.pk: n for n, ticket in enumerate(result.updated)}
        items = selectors.ticket_list(user=user).filter(pk__in=position)
        updated = sorted(items, key=lambda ticket: position[ticket.pk])
        return Response(
            {
                "updated": self._serialize(TicketListItemSerializer, updated, many=True),
                "failed": [{"id": pk, "detail": detail} for pk, detail in result.failed],
            }
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, required=True, description="What is being typed: a title, a few words."
            )
        ],
        responses={200: SimilarTicketSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def similar(self, request: Request) -> Response:
        """Up to 5 tickets you can see that look like `q`, most similar first
        (title and description): "Is this the same problem?" on the create form."""
        text = request.query_params.get("q", "")
        try:
            ProhibitNullCharactersValidator()(text)
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"q": error.messages}) from error
        if not text.strip():
            raise exceptions.ValidationError({"q": [_("Give the text to compare.")]})
        if len(text) > TEXT_MAX_LENGTH:
            raise exceptions.ValidationError(
                {"q": [_("Give at most %(max)d characters.") % {"max": TEXT_MAX_LENGTH}]}
            )
        tickets = similar_tickets(user=actor(request), text=text)
        return Response(SimilarTicketSerializer(tickets, many=True).data)

    @extend_schema(methods=["GET"], responses={200: CommentSerializer(many=True)}, request=None)
    @extend_schema(
        methods=["POST"], request=CommentWriteSerializer, responses={201: CommentSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def comments(self, request: Request, pk: str | None = None) -> Response:
        """The conversation, oldest first; requesters never see internal notes."""
        ticket = self.get_object()
        user = actor(request)
        if request.method == "POST":
            data = self._validated()
            comment = services.comment_create(
                ticket=ticket,
                actor=user,
                body=data["body"],
                internal=data["internal"],
                uploads=data["uploads"],
            )
            created = selectors.comment_list(user=user, ticket=ticket).get(pk=comment.pk)
            return Response(self._serialize(CommentSerializer, created), status.HTTP_201_CREATED)
        comments = selectors.comment_list(user=user, ticket=ticket)
        return Response(self._serialize(CommentSerializer, comments, many=True))

    @extend_schema(responses={200: ACTIVITY_SCHEMA})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def activity(self, request: Request, pk: str | None = None) -> Response:
        """Every change to the ticket, oldest first; internal notes only for staff."""
        ticket = self.get_object()
        entries = selectors.activity_list(user=actor(request), ticket=ticket)
        return Response(self._serialize(ActivitySerializer, entries, many=True))

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                str,
                required=True,
                enum=list(exports.FORMATS),
                description="The file's format: `csv` (UTF-8 with a byte-order mark) or `xlsx`.",
            )
        ],
        filters=True,
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=_EXPORT_DOC),
            (200, exports.FORMATS["xlsx"]): OpenApiResponse(
                OpenApiTypes.BINARY, description=_EXPORT_DOC
            ),
            (400, "application/json"): OpenApiResponse(description="A bad format or filter."),
            (403, "application/json"): OpenApiResponse(description="Not staff."),
        },
    )
    @action(
        detail=False,
        methods=["get"],
        pagination_class=None,
        permission_classes=[IsAuthenticated, MayExport],
        content_negotiation_class=FileNegotiation,
    )
    def export(self, request: Request) -> HttpResponseBase:
        """Every ticket the list would show with the same filters, search and
        ordering, as one file: no page, no cap, streamed (SPEC 4f)."""
        kind = request.query_params.get("format", "")
        if kind not in exports.FORMATS:
            raise exceptions.ValidationError({"format": [_("Choose format=csv or format=xlsx.")]})
        tickets = self.filter_queryset(self.get_queryset())
        rows = exports.export_rows(tickets)
        chunks = exports.csv_chunks(rows) if kind == "csv" else exports.xlsx_chunks(rows)
        response = SyncStreamingResponse(chunks, content_type=exports.FORMATS[kind])
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(kind)}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The ticket, its conversation and its activity as one PDF.",
            ),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=None,
        filterset_class=None,
        content_negotiation_class=FileNegotiation,
    )
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        """The ticket as a PDF, as its reader may see it: internal notes only for staff."""
        ticket = self.get_object()
        user = actor(request)
        content = pdfs.render(
            ticket,
            comments=selectors.comment_list(user=user, ticket=ticket),
            activity=selectors.activity_list(user=user, ticket=ticket),
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{pdfs.filename(ticket)}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    def _serialize(self, serializer: type, instance: Any, many: bool = False) -> Any:
        return serializer(instance, many=many, context=self.get_serializer_context()).data


@require_safe
@xframe_options_sameorigin  # the SPA shows PDFs in an <iframe> of its own origin
def attachment_download(request: Any, token: str) -> HttpResponseBase:
    """Serve an attachment to whoever holds a valid, unexpired signed URL.

    The signature is the authorization (issued only in responses to users who
    can see the ticket), so this works in <img> and <iframe> without a header.
    """
    try:
        attachment_id = attachments.unsign(token)
    except signing.BadSignature:
        raise Http404("This link is invalid or has expired.") from None
    attachment = get_object_or_404(Attachment, pk=attachment_id)
    try:
        stored = attachment.open()
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    except OSError:
        logger.exception(
            "Could not read attachment %s from %s storage", attachment.pk, attachment.storage
        )
        return JsonResponse(
            {"detail": "The file storage is not answering. Try again in a few minutes."},
            status=503,
            headers={"Retry-After": "60"},
        )
    response = FileResponse(
        stored,
        content_type=attachment.content_type,
        as_attachment=not attachment.is_inline,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Security-Policy"] = (
        # Browsers' PDF viewers are not certain to run in a sandboxed document
        # (Chromium 156 does; others have not), so PDFs get everything but that.
        ATTACHMENT_CSP
        if attachment.content_type == "application/pdf"
        else f"{ATTACHMENT_CSP}; sandbox"
    )
    return response


# Nothing in an attachment may run, load, submit or be framed by another site.
ATTACHMENT_CSP = (
    "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'"
)
