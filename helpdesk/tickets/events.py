"""Publish ticket events to WebSocket clients once the change has committed.

The services call these inside their transaction; nothing is sent if it rolls
back. Each viewer of the ticket (access.viewers: staff, and the requester)
gets it as the API would show it to them, through the same selectors, and
only what they may see: an internal note reaches staff alone. Every event
also says who acted (`actor`: id and username, null for a change without a
person) and an update which fields it changed (`changes`), so that a client
can say "Sam set the status to Resolved" instead of "something changed".
"""

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from helpdesk.accounts.models import User
from helpdesk.realtime.broadcast import ORIGIN, broadcast
from helpdesk.realtime.groups import group_of
from helpdesk.tickets import access, selectors
from helpdesk.tickets.models import Comment, Ticket
from helpdesk.tickets.serializers import CommentSerializer, TicketListItemSerializer

CREATED, UPDATED, DELETED = "ticket.created", "ticket.updated", "ticket.deleted"
COMMENT_CREATED = "comment.created"
# No request here: URLs are made on the origin each socket fills in.
_CONTEXT = {"origin": ORIGIN}


def ticket_changed(
    kind: str, ticket: Ticket, *, actor: User | None = None, changes: Iterable[str] = ()
) -> None:
    tickets_changed(kind, [(ticket, changes)], actor=actor)


def tickets_changed(
    kind: str, tickets: Sequence[tuple[Ticket, Iterable[str]]], *, actor: User | None = None
) -> None:
    """One event per ticket (with the fields it changed), built for all of
    them with one query per view."""
    about: dict[int, dict[str, Any]] = {}
    for ticket, changes in tickets:
        about[ticket.pk] = {"actor": _actor_json(actor)}
        if kind == UPDATED:
            about[ticket.pk]["changes"] = list(changes)
    if not about:
        return
    if all(hasattr(ticket, "public_comments_count") for ticket, _ in tickets):
        # Read as a change reads them (selectors.tickets_for_change, or just
        # created): each view is built now, from the state this change
        # commits, with no query of its own.
        payloads = [_payloads(kind, ticket, about[ticket.pk]) for ticket, _ in tickets]
        transaction.on_commit(lambda: _broadcast_all(payloads))
    else:
        transaction.on_commit(lambda: _send_tickets(kind, about))


def _broadcast_all(payloads: list[dict[str, dict[str, Any]]]) -> None:
    for each in payloads:
        broadcast(each)


def _payloads(kind: str, ticket: Ticket, about: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each viewer's event about `ticket`, read by selectors.tickets_for_change."""
    as_owner = copy.copy(ticket)
    as_owner.comments_count = ticket.public_comments_count  # type: ignore[attr-defined]
    views = {access.ANY_STAFF: ticket, ticket.created_by: as_owner}
    return {
        group_of(viewer): {"type": kind, "ticket": _item(views[viewer]), **about}
        for viewer in access.viewers(ticket)
    }


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
    return _item(selectors.ticket_list(user=viewer).filter(pk=ticket_id).first())


def _send_tickets(kind: str, about: dict[int, dict[str, Any]]) -> None:
    """`about`: each ticket's id, and who changed what of it."""
    ids = list(about)
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
                group_of(viewer): {"type": kind, "ticket": _item(views[viewer]), **about[pk]}
                for viewer in access.viewers(ticket)
            }
        )


def _item(ticket: Ticket | None) -> dict[str, Any] | None:
    return None if ticket is None else dict(TicketListItemSerializer(ticket, context=_CONTEXT).data)


def _actor_json(actor: User | None) -> dict[str, Any] | None:
    # Only what every audience already sees of a person (as a comment author).
    return None if actor is None else {"id": actor.pk, "username": actor.get_username()}


def _send_comment(comment_id: int) -> None:
    comments = selectors.with_files(Comment.objects.select_related("ticket__created_by"))
    comment = comments.filter(pk=comment_id).first()
    if comment is None:
        return
    comment_json = dict(CommentSerializer(comment, context=_CONTEXT).data)
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
