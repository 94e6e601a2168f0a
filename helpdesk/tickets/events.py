"""Publish ticket events to WebSocket clients once the change has committed.

The services call these inside their transaction; nothing is sent if it rolls
back. Each audience gets the ticket as it may see it: staff with every
comment counted, the requester without internal notes.
"""

from typing import Any

from django.db import transaction

from helpdesk.accounts.models import User
from helpdesk.realtime.broadcast import ORIGIN, broadcast
from helpdesk.realtime.groups import STAFF, user_group
from helpdesk.tickets import selectors
from helpdesk.tickets.models import Comment, Ticket
from helpdesk.tickets.serializers import CommentSerializer, TicketListItemSerializer

CREATED, UPDATED, DELETED = "ticket.created", "ticket.updated", "ticket.deleted"
COMMENT_CREATED = "comment.created"
# No request here: URLs are made on the origin each socket fills in.
_CONTEXT = {"origin": ORIGIN}


def ticket_changed(kind: str, ticket: Ticket) -> None:
    transaction.on_commit(lambda: _send_ticket(kind, ticket.pk))


def ticket_deleted(ticket: Ticket) -> None:
    # Serialised now: after the commit there is nothing left to read.
    payloads = {
        group: {"type": DELETED, "ticket": _ticket_json(ticket.pk, viewer)}
        for group, viewer in _audiences(ticket)
    }
    transaction.on_commit(lambda: broadcast(payloads))


def comment_created(comment: Comment) -> None:
    transaction.on_commit(lambda: _send_comment(comment.pk))


def _audiences(ticket: Ticket) -> list[tuple[str, User | None]]:
    """(group, viewer) pairs; viewer None means staff."""
    audiences: list[tuple[str, User | None]] = [(STAFF, None)]
    owner = ticket.created_by
    if not owner.is_staff:  # staff owners hear it through the staff group
        audiences.append((user_group(owner.pk), owner))
    return audiences


def _ticket_json(ticket_id: int, viewer: User | None) -> dict[str, Any] | None:
    user = viewer or User(is_staff=True)
    ticket = selectors.ticket_list(user=user).filter(pk=ticket_id).first()
    if ticket is None:
        return None
    return dict(TicketListItemSerializer(ticket, context=_CONTEXT).data)


def _send_ticket(kind: str, ticket_id: int) -> None:
    ticket = Ticket.objects.select_related("created_by").filter(pk=ticket_id).first()
    if ticket is None:
        return
    broadcast(
        {
            group: {"type": kind, "ticket": _ticket_json(ticket_id, viewer)}
            for group, viewer in _audiences(ticket)
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
    comment_json = dict(CommentSerializer(comment, context=_CONTEXT).data)
    payloads = {}
    for group, viewer in _audiences(comment.ticket):
        if comment.internal and viewer is not None:
            continue  # internal notes never reach a requester
        payloads[group] = {
            "type": COMMENT_CREATED,
            "ticket": _ticket_json(comment.ticket_id, viewer),
            "comment": comment_json,
        }
    broadcast(payloads)
