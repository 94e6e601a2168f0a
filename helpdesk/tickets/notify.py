"""Who hears of what (SPEC 4c). Called by the services inside their
transaction; the outbox delivers after commit, and only if it commits.

Every e-mail about a ticket goes through `_send`, which drops anyone who may
not see what it reports (access.may_see): the same rule as the API and the
live events."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from helpdesk.accounts.models import User
from helpdesk.accounts.selectors import active_staff
from helpdesk.csat.tokens import rating_links
from helpdesk.notifications.services import Email, email_queue
from helpdesk.tickets import access
from helpdesk.tickets.models import Comment, Ticket


def _link(ticket: Ticket) -> str:
    return f"{settings.SITE_URL}/tickets/{ticket.pk}"


def _email(
    ticket: Ticket, event: str, subject: str, message: str, quote: str = "", **more: Any
) -> Email:
    return Email(
        event=event,
        subject=f"[#{ticket.pk}] {subject}: {ticket.title}",
        message=message,
        quote=quote,
        action_url=_link(ticket),
        action_label="Open the ticket",
        **more,
    )


def _staff_except(actor: User) -> list[User]:
    return list(active_staff().exclude(pk=actor.pk))


def _send(ticket: Ticket, email: Email, recipients: Iterable[User]) -> None:
    allowed = [user for user in recipients if access.may_see(user, ticket)]
    email_queue(email=email, recipients=allowed)


def ticket_created(ticket: Ticket, actor: User) -> None:
    email = _email(
        ticket,
        "ticket.created",
        "New ticket",
        f"{actor.get_username()} opened a new {ticket.category} ticket "
        f"({ticket.priority} priority).",
        quote=ticket.description,
    )
    if settings.NOTIFY_NEW_TICKET_EMAILS:
        email_queue(email=email, addresses=settings.NOTIFY_NEW_TICKET_EMAILS)
    else:
        _send(ticket, email, _staff_except(actor))


def status_changed(ticket: Ticket, actor: User) -> None:
    if ticket.created_by_id == actor.pk:
        return
    more: dict[str, Any] = {}
    if ticket.status == Ticket.Status.RESOLVED and ticket.resolved_at is not None:
        # One click rates this resolution, signed in or not (SPEC 4g).
        more = {
            "links": tuple(rating_links(ticket_id=ticket.pk, resolved_at=ticket.resolved_at)),
            "links_intro": "How satisfied are you with the help? 1 (not at all) to 5 (very):",
        }
    email = _email(
        ticket,
        "ticket.status",
        f"Now {ticket.status}",
        f"{actor.get_username()} changed the status of your ticket to {ticket.status}.",
        **more,
    )
    _send(ticket, email, [ticket.created_by])


def assigned(ticket: Ticket, actor: User, *, automatic: bool = False) -> None:
    if ticket.assignee is None or ticket.assignee_id == actor.pk:
        return
    email = _email(
        ticket,
        "ticket.assigned",
        "Assigned to you",
        "Auto-assignment gave you this new ticket."
        if automatic
        else f"{actor.get_username()} assigned this ticket to you.",
        quote=ticket.description,
    )
    _send(ticket, email, [ticket.assignee])


def comment_created(comment: Comment, ticket: Ticket, actor: User) -> None:
    if comment.internal:
        return  # staff's working notes: read in the app, never e-mailed
    email = _email(
        ticket,
        "comment.created",
        "New reply",
        f"{actor.get_username()} replied:",
        quote=comment.body,
    )
    if actor.is_staff:
        if ticket.created_by_id != actor.pk:
            _send(ticket, email, [ticket.created_by])
        return
    if ticket.assignee is not None:
        recipients = [ticket.assignee] if ticket.assignee_id != actor.pk else []
    else:
        recipients = _staff_except(actor)
    _send(ticket, email, recipients)
