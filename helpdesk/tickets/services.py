"""Writes. Every change to a ticket goes through these functions, whoever
makes it (API, admin site, commands), so history is always recorded."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from helpdesk.accounts.models import User
from helpdesk.tickets import attachments
from helpdesk.tickets.models import Attachment, StatusHistory, Ticket

# Marks "attachment not mentioned" apart from None, which removes it.
UNCHANGED: Any = object()
EDITABLE_FIELDS = ("title", "description", "category", "status")


def ticket_create(
    *,
    actor: User,
    title: str,
    description: str,
    category: str,
    status: str | None = None,
    upload: attachments.InspectedUpload | None = None,
) -> Ticket:
    # Only staff choose the starting status; a requester's ticket is always New.
    if not actor.is_staff or not status:
        status = Ticket.Status.NEW
    with _stored(upload) as stored_name, transaction.atomic():
        ticket = Ticket(
            title=title,
            description=description,
            category=category,
            status=status,
            created_by=actor,
            attachment=_attachment_create(actor=actor, upload=upload, name=stored_name),
        )
        _validate(ticket)
        ticket.save()
        StatusHistory.objects.create(ticket=ticket, status=status, changed_by=actor)
    return ticket


def ticket_update(
    *,
    ticket: Ticket,
    actor: User,
    changes: dict[str, Any],
    upload: attachments.InspectedUpload | None = UNCHANGED,
) -> Ticket:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    new_upload = upload if upload is not UNCHANGED else None
    with _stored(new_upload) as stored_name, transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        old_status = locked.status
        for field, value in changes.items():
            setattr(locked, field, value)
        old_attachment = locked.attachment
        if upload is not UNCHANGED:
            locked.attachment = _attachment_create(actor=actor, upload=new_upload, name=stored_name)
        _validate(locked)
        locked.save()
        if upload is not UNCHANGED and old_attachment is not None:
            _attachment_delete(old_attachment)
        if locked.status != old_status:
            StatusHistory.objects.create(ticket=locked, status=locked.status, changed_by=actor)
    return locked


def ticket_change_status(*, ticket: Ticket, actor: User, status: str) -> Ticket:
    return ticket_update(ticket=ticket, actor=actor, changes={"status": status})


def ticket_delete(*, ticket: Ticket, actor: User) -> None:
    with transaction.atomic():
        attachment = ticket.attachment
        ticket.delete()
        if attachment is not None:
            _attachment_delete(attachment)


def _validate(ticket: Ticket) -> None:
    # The model's own rules (lengths, choices), whoever the caller is.
    ticket.full_clean(exclude=["created_by", "attachment"], validate_unique=False)


def _attachment_create(
    *, actor: User, upload: attachments.InspectedUpload | None, name: str | None
) -> Attachment | None:
    if upload is None or name is None:
        return None
    return Attachment.objects.create(
        file=name,
        original_name=upload.name,
        content_type=upload.content_type,
        size=upload.size,
        uploaded_by=actor,
    )


def _attachment_delete(attachment: Attachment) -> None:
    name = attachment.file.name
    attachment.delete()
    if name:
        # The file goes only once the row is surely gone.
        transaction.on_commit(lambda: attachments.delete_stored(name))


@contextmanager
def _stored(upload: attachments.InspectedUpload | None) -> Iterator[str | None]:
    """Store an upload before the transaction and remove it again if the
    transaction fails, so a failed write leaves no orphan file behind."""
    name = attachments.store_upload(upload) if upload is not None else None
    try:
        yield name
    except BaseException:
        if name is not None:
            attachments.delete_stored(name)
        raise
