"""Reads. Every ticket query starts from `Ticket.objects.visible_to`, so a
ticket a user may not see is simply not found (404), never forbidden (403).
Who sees what is decided in access.py."""

from datetime import UTC, datetime

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from helpdesk.csat.selectors import with_latest_rating
from helpdesk.tickets import access
from helpdesk.tickets.access import Viewer
from helpdesk.tickets.models import (
    Activity,
    Attachment,
    Comment,
    StatusHistory,
    Ticket,
    TicketRead,
)

# Before anything happened: a ticket never opened is read as of then.
_NEVER = Value(datetime(1, 1, 1, tzinfo=UTC), output_field=DateTimeField())


def ticket_list(*, user: Viewer) -> QuerySet[Ticket]:
    tickets = _ticket_items(user)
    if access.has_read_markers(user):
        tickets = tickets.annotate(unread=unread_by(user))
    return tickets


def _ticket_items(user: Viewer) -> QuerySet[Ticket]:
    return (
        Ticket.objects.visible_to(user)
        .select_related("created_by", "assignee", "attachment")
        .annotate(comments_count=_comments_count(user))
    )


def _comments_count(user: Viewer) -> Coalesce:
    # Requesters never learn that internal notes exist, not even from a count.
    comments = Comment.objects.visible_to(user).filter(ticket=OuterRef("pk"))
    count = comments.order_by().values("ticket").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def tickets_for_change(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """`tickets` as a change reads them, under their row lock: with the people
    it e-mails and the file it may replace, and its comment count as staff
    (`comments_count`) and as its requester (`public_comments_count`) see it,
    so that the response and the live events of the change are built from
    this one read (docs/benchmarks.md)."""
    return (
        tickets.select_for_update(of=("self",))
        .select_related("created_by", "assignee", "attachment")
        .annotate(
            comments_count=_comments_count(access.ANY_STAFF),
            public_comments_count=_comments_count(access.OWNERS),
        )
    )


def as_new(ticket: Ticket, history: StatusHistory) -> Ticket:
    """A ticket just created, as the detail read would give it (no comments,
    one history entry), without that read."""
    ticket.comments_count = ticket.public_comments_count = 0  # type: ignore[attr-defined]
    ticket._prefetched_objects_cache = {"status_history": [history]}  # type: ignore[attr-defined]
    return ticket


def with_history(ticket: Ticket) -> Ticket:
    """`ticket` (read by `tickets_for_change`) with its status history, as
    TicketSerializer shows it: one query."""
    prefetch_related_objects([ticket], Prefetch("status_history", queryset=_history()))
    return ticket


def _history() -> QuerySet[StatusHistory]:
    return StatusHistory.objects.select_related("changed_by").order_by("changed_at", "id")


def unread_by(user: Viewer) -> Exists:
    """Whether anyone but `user` changed or commented on the ticket since
    `user` last opened it: a timeline entry (every change and comment makes
    one) after their read marker. Part of the page's own query, computed for
    the page's rows only, through the timeline's (ticket, at) index."""
    since = Coalesce(_read_at(user, OuterRef(OuterRef("pk"))), _NEVER)
    others = Activity.objects.filter(ticket=OuterRef("pk"), at__gt=since).exclude(actor=user.pk)
    return Exists(others)


def _read_at(user: Viewer, ticket: OuterRef) -> Subquery:
    markers = TicketRead.objects.filter(ticket=ticket, user=user.pk).values("read_at")
    return Subquery(markers[:1], output_field=DateTimeField())


def ticket_detail_queryset(*, user: Viewer) -> QuerySet[Ticket]:
    # No `unread`: reading the detail marks the ticket read. For staff, the
    # marker itself (`read_at`), so an unchanged ticket is not marked again.
    tickets = with_latest_rating(
        _ticket_items(user).prefetch_related(Prefetch("status_history", queryset=_history()))
    )
    if access.has_read_markers(user):
        tickets = tickets.annotate(read_at=_read_at(user, OuterRef("pk")))
    return tickets


def comment_list(*, user: Viewer, ticket: Ticket) -> QuerySet[Comment]:
    return with_files(Comment.objects.visible_to(user).filter(ticket=ticket))


def with_files(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    """Comments as CommentSerializer shows them: author and files, in order."""
    files = Attachment.objects.order_by("position")
    return comments.select_related("author", "attachment").prefetch_related(
        Prefetch("attachments", queryset=files)
    )


def activity_list(*, user: Viewer, ticket: Ticket) -> QuerySet[Activity]:
    entries = Activity.objects.visible_to(user).filter(ticket=ticket).select_related("actor")
    return entries.order_by("at", "id")
