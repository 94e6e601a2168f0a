"""Publish ticket events to WebSocket clients once the change has committed.

The services call these inside their transaction; nothing is sent if it rolls
back. Each viewer of the ticket (access.viewers: staff, and the requester)
gets it as the API would show it to them, through the same selectors, and
only what they may see: an internal note reaches staff alone.
"""

from typing import Any

from django.db import transaction

from helpdesk.realtime.broadcast import broadcast
from helpdesk.realtime.groups import group_of
from helpdesk.tickets import access, selectors
from helpdesk.tickets.models import Comment, Ticket
from helpdesk.tickets.serializers import CommentSerializer, TicketListItemSerializer

CREATED, UPDATED, DELETED = "ticket.created", "ticket.updated", "ticket.deleted"
COMMENT_CREATED = "comment.created"


def ticket_changed(kind: str, ticket: Ticket) -> None:
    tickets_changed(kind, [ticket])


def tickets_changed(kind: str, tickets: list[Ticket]) -> None:
    """One event per ticket, built for all of them with one query per view."""
    ids = [ticket.pk for ticket in tickets]
    if ids:
        transaction.on_commit(lambda: _send_tickets(kind, ids))


def ticket_deleted(ticket: Ticket) -> None:
    # Serialised now: after the commit there is nothing left to read.
    payloads = {
        group_of(viewer): {"type": DELETED, "ticket": _ticket_json(ticket.pk, viewer)}
        for viewer in access.viewers(ticket)
    }
    transaction.on_commit(lambda: broadcast(payloads))


def comment_created(comment: Comment) -> None:
    transaction.on_commit(lambda: _send_comment(comment.pk))


def _ticket_json(ticket_id: int, viewer: access.Viewer) -> dict[str, Any] | None:
    return _item(selectors.ticket_list(user=viewer).filter(pk=ticket_id).first())


def _send_tickets(kind: str, ids: list[int]) -> None:
    # Staff see every ticket; each requester sees their own (access.OWNERS).
    as_staff = {t.pk: t for t in selectors.ticket_list(user=access.ANY_STAFF).filter(pk__in=ids)}
    requesters_own = [t.pk for t in as_staff.values() if not access.sees_everything(t.created_by)]
    as_owner = {}
    if requesters_own:
        owners = selectors.ticket_list(user=access.OWNERS).filter(pk__in=requesters_own)
        as_owner = {t.pk: t for t in owners}
    for pk in ids:
        ticket = as_staff.get(pk)
        if ticket is None:
            continue  # deleted since
        views = {access.ANY_STAFF: ticket, ticket.created_by: as_owner.get(pk)}
        broadcast(
            {
                group_of(viewer): {"type": kind, "ticket": _item(views[viewer])}
                for viewer in access.viewers(ticket)
            }
        )


def _item(ticket: Ticket | None) -> dict[str, Any] | None:
    return None if ticket is None else dict(TicketListItemSerializer(ticket).data)


def _send_comment(comment_id: int) -> None:
    comments = selectors.with_files(Comment.objects.select_related("ticket__created_by"))
    comment = comments.filter(pk=comment_id).first()
    if comment is None:
        return
    comment_json = dict(CommentSerializer(comment).data)
    broadcast(
        {
            group_of(viewer): {
                "type": COMMENT_CREATED,
                "ticket": _ticket_json(comment.ticket_id, viewer),
                "comment": comment_json,
            }
            for viewer in access.viewers(comment.ticket)
            if access.may_see(viewer, comment.ticket, internal=comment.internal)
        }
    )
