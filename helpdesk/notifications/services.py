"""The outbox: queue an e-mail inside the caller's transaction."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from helpdesk.accounts.models import User
from helpdesk.notifications.models import Notification


@dataclass(frozen=True)
class Email:
    """What an e-mail says; rendered into the shared text and HTML templates."""

    event: str
    subject: str
    message: str
    action_url: str
    action_label: str
    quote: str = ""
    # More links after the action, each (label, URL): the resolution
    # e-mail's one-click ratings. `links_intro` says what they are.
    links: tuple[tuple[str, str], ...] = ()
    links_intro: str = ""
    # Ticket notifications can be switched off (User.notify_email); account
    # e-mails such as a password reset cannot.
    optional: bool = True


def email_queue(
    *, email: Email, recipients: Iterable[User] = (), addresses: Iterable[str] = ()
) -> int:
    """Queue `email` for each active recipient who wants it, and for each bare
    address. Call it inside the transaction of the change it reports, so the
    e-mail exists exactly when the change does. Returns how many were queued."""
    targets: dict[str, User | None] = {}
    for recipient in recipients:
        wanted = recipient.notify_email or not email.optional
        if recipient.is_active and recipient.email and wanted:
            targets.setdefault(recipient.email.strip().lower(), recipient)
    for address in addresses:
        targets.setdefault(address.strip().lower(), None)
    if not targets:
        return 0
    from helpdesk.notifications.tasks import deliver_all  # tasks import this module's models

    # One insert for the rows and one task for the batch, however many
    # recipients: one by one, queries grew with the staff (docs/benchmarks.md).
    # Rows and task commit together; inside the caller's transaction (the
    # usual case) a savepoint would only add two queries, as an error here
    # rolls back the whole change anyway.
    with transaction.atomic(savepoint=False):
        queued = Notification.objects.bulk_create(
            _notification(email=email, address=address, user=user)
            for address, user in targets.items()
        )
        deliver_all.enqueue([notification.pk for notification in queued])
    return len(queued)


def _notification(*, email: Email, address: str, user: User | None) -> Notification:
    context: dict[str, Any] = {
        "name": user.get_username() if user else "",
        "email": email,
        "site_url": settings.SITE_URL,
    }
    return Notification(
        recipient=user,
        to_email=address,
        event=email.event,
        subject=email.subject,
        body_text=render_to_string("notifications/email.txt", context),
        body_html=render_to_string("notifications/email.html", context),
    )
