"""At-risk warnings: when a target has used 80 % of its business time, its
ticket's assignee (every active staff member while unassigned) hears of it
once, by e-mail and a live `ticket.sla_at_risk` event.

`sla_warn_at_risk` may be called by any number of processes at once (every
`manage.py sla_scheduler`, on any machine): it runs only while holding the
lock on the one SlaScan row, taken with SKIP LOCKED, so a second caller
returns at once instead of scanning too; on SQLite a write transaction
holds the whole database. Each warning also claims its (ticket, target)
pair, unique in the database, in the same transaction as its e-mail: a
warning is sent once or not at all."""

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from helpdesk.accounts.models import User
from helpdesk.accounts.selectors import active_staff
from helpdesk.notifications.services import Email, email_queue
from helpdesk.realtime.broadcast import ORIGIN, broadcast
from helpdesk.realtime.groups import STAFF, account_group
from helpdesk.sla import selectors
from helpdesk.sla.models import SlaScan, SlaTarget, SlaWarning
from helpdesk.tickets import access
from helpdesk.tickets.models import Ticket

logger = logging.getLogger(__name__)

AT_RISK = "ticket.sla_at_risk"
# Most warnings one scan sends; the next scan carries on.
BATCH = 500


def sla_warn_at_risk(*, now: datetime | None = None) -> int | None:
    """Warn about every target that reached 80 % and was not warned yet.
    Returns how many warnings went out, or None when another scheduler was
    scanning at that moment."""
    now = now or timezone.now()
    _ensure_scan_row()
    with transaction.atomic():
        scan = _claim_scan()
        if scan is None:
            return None
        sent = 0
        for target in SlaTarget.values:
            for ticket in _due_warnings(target, now):
                _warn(ticket, target)
                sent += 1
        scan.last_run_at = now
        scan.save(update_fields=["last_run_at"])
    return sent


def _claim_scan() -> SlaScan | None:
    return SlaScan.objects.select_for_update(skip_locked=True).filter(pk=1).first()


def _ensure_scan_row() -> None:
    # The migration makes the row; a flushed test database has none. Made
    # (if missing) before the scan's transaction: a racing scheduler's
    # uncommitted insert would otherwise hold the other on the unique key.
    if not SlaScan.objects.filter(pk=1).exists():
        SlaScan.objects.bulk_create([SlaScan(pk=1)], ignore_conflicts=True)


def _due_warnings(target: str, now: datetime) -> list[Ticket]:
    warned = SlaWarning.objects.filter(ticket=OuterRef("pk"), target=target)
    # A paused resolution clock warns when it runs again, not while it waits.
    due = selectors.at_risk(target, now, running_only=True)
    tickets = Ticket.objects.filter(due).exclude(Exists(warned)).select_related("assignee")
    return list(tickets.order_by("pk")[:BATCH])


def _warn(ticket: Ticket, target: str) -> None:
    SlaWarning.objects.create(ticket=ticket, target=target)
    recipients: list[User]
    if ticket.assignee is not None and ticket.assignee.is_active:
        recipients = [ticket.assignee]
    else:
        recipients = list(active_staff())
    due = (
        ticket.first_response_due_at
        if target == SlaTarget.FIRST_RESPONSE
        else ticket.resolution_due_at
    )
    what = "first response" if target == SlaTarget.FIRST_RESPONSE else "resolution"
    email = Email(
        event=AT_RISK,
        subject=f"[#{ticket.pk}] SLA at risk: {ticket.title}",
        message=f"80 % of the {what} time is used; it is due {due:%Y-%m-%d %H:%M} UTC.",
        action_url=f"{settings.SITE_URL}/tickets/{ticket.pk}",
        action_label="Open the ticket",
    )
    email_queue(email=email, recipients=[u for u in recipients if access.may_see(u, ticket)])
    ids = [user.pk for user in recipients]
    ticket_id = ticket.pk
    assigned = ticket.assignee is not None and ticket.assignee.is_active
    transaction.on_commit(lambda: _announce(ticket_id, target, ids if assigned else None))


def rearm(ticket: Ticket, targets: list[str]) -> None:
    """Forget the warnings of `targets` whose due time moved (a new priority,
    a pause ended): the new due time is warned about when it nears."""
    if targets:
        SlaWarning.objects.filter(ticket=ticket, target__in=targets).delete()


def _announce(ticket_id: int, target: str, user_ids: list[int] | None) -> None:
    """The live event: to the assignee's sockets, or every staff socket."""
    from helpdesk.tickets import selectors as ticket_selectors
    from helpdesk.tickets.serializers import TicketListItemSerializer

    ticket = ticket_selectors.ticket_list(user=access.ANY_STAFF).filter(pk=ticket_id).first()
    if ticket is None:
        return
    payload = {
        "type": AT_RISK,
        "target": target,
        "ticket": dict(TicketListItemSerializer(ticket, context={"origin": ORIGIN}).data),
        "actor": None,
    }
    groups = [STAFF] if user_ids is None else [account_group(pk) for pk in user_ids]
    broadcast({group: payload for group in groups})
