"""Two reference views for `make bench`, routed only by its URLconf (bench/urls.py).

They answer with the same JWT authentication as the API but none of DRF, so
the benchmark can say how much of a request's cost is the framework's:
`bare` is the floor (authentication and a constant JSON body), `values` the
first page of tickets built by hand from `.values()`, the same 20 rows and
fields the list endpoint returns to staff.
"""

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, JsonResponse
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from helpdesk.accounts.authentication import AccessTokenAuthentication
from helpdesk.core.pagination import DeferredJoinPaginator
from helpdesk.sla.serializers import sla_json
from helpdesk.tickets.models import Comment, Ticket
from helpdesk.tickets.selectors import unread_by

# What a ticket's `sla` block and `waiting_on_requester` are made of.
SLA_COLUMNS = (
    "first_response_at",
    "resolved_at",
    "first_response_due_at",
    "first_response_risk_at",
    "resolution_due_at",
    "resolution_risk_at",
    "waiting_since",
)
FIELDS = [
    "id",
    "title",
    "description",
    "category",
    "status",
    "priority",
    "attachment_id",
    "attachment__original_name",
    "attachment__content_type",
    "attachment__size",
    "created_by_id",
    "created_by__username",
    "created_by__email",
    "assignee_id",
    "assignee__username",
    "assignee__email",
    "created_at",
    "updated_at",
    "comments_count",
    *SLA_COLUMNS,
    "unread",
]


def _authenticated(request: HttpRequest) -> Any:
    """The signed-in user, or None."""
    try:
        found = AccessTokenAuthentication().authenticate(Request(request))
    except AuthenticationFailed:
        return None
    return None if found is None else found[0]


def bare(request: HttpRequest) -> JsonResponse:
    if not _authenticated(request):
        return JsonResponse({"detail": "Not authenticated."}, status=401)
    return JsonResponse({"status": "ok"})


def values(request: HttpRequest) -> JsonResponse:
    """Staff's first page (the bench signs in as staff)."""
    user = _authenticated(request)
    if not user:
        return JsonResponse({"detail": "Not authenticated."}, status=401)
    comments = (
        Comment.objects.filter(ticket=OuterRef("pk"))
        .order_by()
        .values("ticket")
        .annotate(n=Count("*"))
        .values("n")
    )
    rows = (
        Ticket.objects.annotate(
            comments_count=Coalesce(Subquery(comments, output_field=IntegerField()), 0),
            unread=unread_by(user),
        )
        .order_by("-created_at", "-id")
        .values(*FIELDS)[:20]
    )
    results = [_item(row) for row in rows]
    # Counted as the API counts (an estimate past a limit on PostgreSQL).
    count = DeferredJoinPaginator(Ticket.objects.all(), 20).count
    return JsonResponse({"count": count, "next": None, "previous": None, "results": results})


def _user(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    if row[f"{prefix}_id"] is None:
        return None
    return {
        "id": row[f"{prefix}_id"],
        "username": row[f"{prefix}__username"],
        "email": row[f"{prefix}__email"],
    }


def _item(row: dict[str, Any]) -> dict[str, Any]:
    has_file = row["attachment_id"] is not None
    return {
        "id": row["id"],
        "title": row["title"],
        "description": row["description"],
        "category": row["category"],
        "status": row["status"],
        "priority": row["priority"],
        "attachment": None,  # the seeded data set has no files to sign
        "attachment_name": row["attachment__original_name"] if has_file else None,
        "attachment_content_type": row["attachment__content_type"] if has_file else None,
        "attachment_size": row["attachment__size"] if has_file else None,
        "created_by": _user(row, "created_by"),
        "assignee": _user(row, "assignee"),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "comments_count": row["comments_count"],
        "first_response_at": row["first_response_at"],
        "resolved_at": row["resolved_at"],
        # The same states and business time left as the API, from the same columns.
        "sla": sla_json(Ticket(**{name: row[name] for name in ("priority", *SLA_COLUMNS)})),
        "waiting_on_requester": row["waiting_since"] is not None,
        "unread": row["unread"],
    }
