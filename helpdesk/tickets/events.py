"""Publish ticket events to WebSocket clients once the change has committed.

The services call these inside their transaction; nothing is sent if it rolls
back. Each viewer of the ticket (access.viewers: staff, and the requester)
gets it as the API would show it to them, through the same selectors, and
only what they may see: an internal note reaches staff alone. Every event
also says who acted (`actor`: id and username, null for a change without a
person) and an update which fields it changed (`changes`), so that a client
can say "Sam set the status to Resolved" instead of "something changed".
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from helpdesk.accounts.models import User
from helpdesk.realtime.broadcast import broadcast
from helpdesk.realtime.groups import group_of
from helpdesk.tickets import access, selectors
from helpdesk.tickets.models import Comment, Ticket
from helpdesk.tickets.serializers import CommentSerializer, TicketListItemSerializer

CREATED, UPDATED, DELETED = "ticket.created", "ticket.updated", "ticket.deleted"
COMMENT_CREATED = "comment.created"


def ticket_changed(
    kind: str, ticket: Ticket, *, actor: User | None = None, changes: Iterable[str] = ()
) -> None:
    about: dict[str, Any] = {"actor": _actor_json(actor)}
    if kind == UPDATED:
        about["changes"] = list(changes)
    transaction.on_commit(lambda: _send_ticket(kind, ticket.pk, about))


def ticket_deleted(ticket: Ticket, *, actor: User | None = None) -> None:
    # Serialised now: after the commit there is nothing left to read.
    payloads = {
        group_of(viewer): {
            "type": DELETED,
            "ticket": _ticket_json(ticket.pk, viewer),
            "actor": _actor_json(actor),
        }
        for viewer in access.viewers(ticket)
    }
    transaction.on_commit(lambda: broadcast(payloads))


def comment_created(comment: Comment) -> None:
    transaction.on_commit(lambda: _send_comment(comment.pk))


def _ticket_json(ticket_id: int, viewer: access.Viewer) -> dict[str, Any] | None:
    ticket = selectors.ticket_list(user=viewer).filter(pk=ticket_id).first()
    return None if ticket is None else dict(TicketListItemSerializer(ticket).data)


def _actor_json(actor: User | None) -> dict[str, Any] | None:
    # Only what every audience already sees of a person (as a comment author).
    return None if actor is None else {"id": actor.pk, "username": actor.get_username()}


def _send_ticket(kind: str, ticket_id: int, about: dict[str, Any]) -> None:
    ticket = Ticket.objects.select_related("created_by").filter(pk=ticket_id).first()
    if ticket is None:
        return
    broadcast(
        {
            group_of(viewer): {"type": kind, "ticket": _ticket_json(ticket_id, viewer), **about}
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
                "actor": _actor_json(comment.author),
            }
            for viewer in access.viewers(comment.ticket)
            if access.may_see(viewer, comment.ticket, internal=comment.internal)
        }
    )
