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
    transaction.on_commit(lambda: _send_ticket(kind, ticket.pk))


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
    ticket = selectors.ticket_list(user=viewer).filter(pk=ticket_id).first()
    return None if ticket is None else dict(TicketListItemSerializer(ticket).data)


def _send_ticket(kind: str, ticket_id: int) -> None:
    ticket = Ticket.objects.select_related("created_by").filter(pk=ticket_id).first()
    if ticket is None:
        return
    broadcast(
        {
            group_of(viewer): {"type": kind, "ticket": _ticket_json(ticket_id, viewer)}
            for viewer in access.viewers(ticket)
        }
    )


def _send_comment(comment_id: int) -> None:
    comment = (
        Comment.objects.select_related("ticket__created_by", "author", "attachment")
        .filter(pk=comment_id)
        .first()
    )
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
