"""Writes. Every change to a ticket goes through these functions, whoever
makes it (API, admin site, commands), so each leaves its trace: status
history, the activity timeline and the e-mails it causes, all in the
transaction of the change itself."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from helpdesk.accounts.models import User
from helpdesk.accounts.selectors import active_staff
from helpdesk.tickets import access, attachments, events, notify
from helpdesk.tickets.models import Activity, Attachment, Comment, StatusHistory, Ticket

# Marks "attachment not mentioned" apart from None, which removes it.
UNCHANGED: Any = object()
EDITABLE_FIELDS = ("title", "description", "category", "status", "priority", "assignee")
COMMENT_MAX_LENGTH = 10_000


def ticket_create(
    *,
    actor: User,
    title: str,
    description: str,
    category: str,
    status: str | None = None,
    priority: str | None = None,
    assignee: User | None = None,
    upload: attachments.InspectedUpload | None = None,
) -> Ticket:
    # A requester may choose the priority; only staff choose the starting
    # status and an assignee. A requester's ticket always starts as New.
    if not access.may_change(actor):
        status, assignee = None, None
    status = status or Ticket.Status.NEW
    priority = priority or Ticket.Priority.MEDIUM
    if assignee is not None:
        _check_assignable(assignee)
    now = timezone.now()
    with _stored(actor=actor, upload=upload) as stored, transaction.atomic():
        ticket = Ticket(
            created_at=now,
            updated_at=now,
            title=title,
            description=description,
            category=category,
            status=status,
            priority=priority,
            assignee=assignee,
            created_by=actor,
            attachment=_attachment_create(actor=actor, upload=upload, stored=stored),
        )
        _validate(ticket)
        ticket.save()
        StatusHistory.objects.create(ticket=ticket, status=status, changed_by=actor, changed_at=now)
        _record(
            ticket,
            actor,
            Activity.Kind.CREATED,
            {"status": status, "priority": priority, "assignee": _user_ref(assignee)},
        )
        notify.ticket_created(ticket, actor)
        if assignee is not None:
            notify.assigned(ticket, actor)
        events.ticket_changed(events.CREATED, ticket, actor=actor)
    return ticket


def ticket_update(
    *,
    ticket: Ticket,
    actor: User,
    changes: dict[str, Any],
    upload: attachments.InspectedUpload | None = UNCHANGED,
) -> Ticket:
    access.require_change(actor)
    return _update(ticket, actor, changes, upload)


def ticket_change_status(*, ticket: Ticket, actor: User, status: str) -> Ticket:
    access.require_change(actor)
    return _update(ticket, actor, {"status": status})


def ticket_delete(*, ticket: Ticket, actor: User) -> None:
    access.require_change(actor)
    with transaction.atomic():
        events.ticket_deleted(ticket, actor=actor)
        files = [ticket.attachment] + [
            c.attachment for c in ticket.comments.select_related("attachment")
        ]
        ticket.delete()
        for attachment in files:
            if attachment is not None:
                _attachment_delete(attachment)


def _update(
    ticket: Ticket, actor: User, changes: dict[str, Any], upload: Any = UNCHANGED
) -> Ticket:
    """A change whoever may make it: the public functions check the actor first."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if changes.get("assignee") is not None:
        _check_assignable(changes["assignee"])
    new_upload = upload if upload is not UNCHANGED else None
    with _stored(actor=actor, upload=new_upload) as stored, transaction.atomic():
        # The row lock serialises concurrent changes to one ticket (on SQLite
        # the IMMEDIATE transaction already does), so no update is lost and
        # each activity entry records the true previous value.
        locked = _lock(ticket)
        before = {field: getattr(locked, field) for field in changes}
        for field, value in changes.items():
            setattr(locked, field, value)
        changed = [field for field in changes if getattr(locked, field) != before[field]]
        old_attachment = locked.attachment
        if upload is None and old_attachment is None:
            upload = UNCHANGED  # removing what is not there changes nothing
        if upload is not UNCHANGED:
            locked.attachment = _attachment_create(actor=actor, upload=new_upload, stored=stored)
        if not changed and upload is UNCHANGED:
            return locked
        locked.updated_at = timezone.now()
        _validate(locked)
        locked.save()
        if upload is not UNCHANGED:
            _record(
                locked,
                actor,
                Activity.Kind.ATTACHMENT,
                {"from": _file_name(old_attachment), "to": _file_name(locked.attachment)},
            )
            if old_attachment is not None:
                _attachment_delete(old_attachment)
        _record_changes(locked, actor, before, changed)
        events.ticket_changed(
            events.UPDATED,
            locked,
            actor=actor,
            changes=[*changed, *([] if upload is UNCHANGED else ["attachment"])],
        )
    return locked


def comment_create(
    *,
    ticket: Ticket,
    actor: User,
    body: str,
    internal: bool = False,
    upload: attachments.InspectedUpload | None = None,
) -> Comment:
    if internal and not access.sees_everything(actor):
        raise ValidationError({"internal": "Only staff can write internal notes."})
    if not body.strip() or len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError({"body": f"Write between 1 and {COMMENT_MAX_LENGTH} characters."})
    with _stored(actor=actor, upload=upload) as stored, transaction.atomic():
        locked = _lock(ticket)
        comment = Comment.objects.create(
            ticket=locked,
            author=actor,
            body=body,
            internal=internal,
            attachment=_attachment_create(actor=actor, upload=upload, stored=stored),
        )
        locked.updated_at = comment.created_at
        locked.save(update_fields=["updated_at"])
        _record(
            locked,
            actor,
            Activity.Kind.COMMENT,
            {"comment_id": comment.pk, "internal": internal, "excerpt": body[:200]},
            internal=internal,
        )
        notify.comment_created(comment, locked, actor)
        events.comment_created(comment)
        # A requester's reply to a resolved ticket means it is not resolved:
        # the one status change a requester makes.
        is_requester_reply = not internal and actor.pk == locked.created_by_id
        if is_requester_reply and locked.status == Ticket.Status.RESOLVED:
            _update(locked, actor, {"status": Ticket.Status.UNDER_REVIEW})
    return comment


def _lock(ticket: Ticket) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("created_by", "assignee", "attachment")
        .get(pk=ticket.pk)
    )


def _record_changes(
    ticket: Ticket, actor: User, before: dict[str, Any], changed: list[str]
) -> None:
    if "status" in changed:
        StatusHistory.objects.create(
            ticket=ticket, status=ticket.status, changed_by=actor, changed_at=ticket.updated_at
        )
        _record(
            ticket, actor, Activity.Kind.STATUS, {"from": before["status"], "to": ticket.status}
        )
        notify.status_changed(ticket, actor)
    if "priority" in changed:
        _record(
            ticket,
            actor,
            Activity.Kind.PRIORITY,
            {"from": before["priority"], "to": ticket.priority},
        )
    if "assignee" in changed:
        _record(
            ticket,
            actor,
            Activity.Kind.ASSIGNEE,
            {"from": _user_ref(before["assignee"]), "to": _user_ref(ticket.assignee)},
        )
        notify.assigned(ticket, actor)
    edited = [f for f in changed if f in ("title", "description", "category")]
    if edited:
        data: dict[str, Any] = {"fields": edited}
        for field in ("title", "category"):
            if field in edited:
                data[field] = {"from": before[field], "to": getattr(ticket, field)}
        _record(ticket, actor, Activity.Kind.EDITED, data)


def _record(
    ticket: Ticket, actor: User, kind: str, data: dict[str, Any], *, internal: bool = False
) -> Activity:
    # Stamped with the ticket's updated_at, so one change has one time everywhere.
    return Activity.objects.create(
        ticket=ticket, kind=kind, actor=actor, at=ticket.updated_at, data=data, internal=internal
    )


def _user_ref(user: User | None) -> dict[str, Any] | None:
    # A snapshot: the timeline keeps saying who it was even after a rename.
    return None if user is None else {"id": user.pk, "username": user.get_username()}


def _file_name(attachment: Attachment | None) -> str | None:
    return None if attachment is None else attachment.original_name


def _check_assignable(user: User) -> None:
    if not active_staff().filter(pk=user.pk).exists():
        raise ValidationError({"assignee": "Only an active staff user can be assigned."})


def _validate(ticket: Ticket) -> None:
    # The model's own rules (lengths, choices), whoever the caller is.
    ticket.full_clean(exclude=["created_by", "attachment", "assignee"], validate_unique=False)


def _attachment_create(
    *,
    actor: User,
    upload: attachments.InspectedUpload | None,
    stored: tuple[str, str] | None,
) -> Attachment | None:
    if upload is None or stored is None:
        return None
    # Checked again under a lock on the uploader's row: two uploads racing
    # past the first check (in _stored) must not both fit into the same room.
    User.objects.select_for_update().only("pk").get(pk=actor.pk)
    _check_quota(actor=actor, size=upload.size)
    backend, name = stored
    return Attachment.objects.create(
        file=name,
        storage=backend,
        original_name=upload.name,
        content_type=upload.content_type,
        size=upload.size,
        uploaded_by=actor,
    )


def _attachment_delete(attachment: Attachment) -> None:
    name, backend = attachment.file.name, attachment.storage
    attachment.delete()
    if name:
        # The file goes only once the row is surely gone.
        transaction.on_commit(lambda: attachments.delete_stored(name, backend=backend))


@contextmanager
def _stored(
    *, actor: User, upload: attachments.InspectedUpload | None
) -> Iterator[tuple[str, str] | None]:
    """Store an upload before the transaction and remove it again if the
    transaction fails, so a failed write leaves no orphan file behind.
    Yields (backend, name), or None without an upload."""
    if upload is not None:
        # Before storing: a user over quota must not be able to fill the disk.
        _check_quota(actor=actor, size=upload.size)
    stored = attachments.store_upload(upload) if upload is not None else None
    try:
        yield stored
    except BaseException:
        if stored is not None:
            backend, name = stored
            attachments.delete_stored(name, backend=backend)
        raise


def _check_quota(*, actor: User, size: int) -> None:
    quota = settings.ATTACHMENT_QUOTA_BYTES
    if not quota:
        return
    used = Attachment.objects.filter(uploaded_by=actor).aggregate(used=Sum("size"))["used"] or 0
    if used + size > quota:
        left = max(quota - used, 0)
        raise ValidationError(
            {
                "attachment": f"Not enough storage left: {_file_size(left)} of your "
                f"{_file_size(quota)} quota remains, and this file is {_file_size(size)}. "
                "Ask staff to remove old attachments."
            }
        )


def _file_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB"):
        if value < 1024:
            return f"{round(value, 1):g} {unit}"
        value /= 1024
    return f"{round(value, 1):g} MB"
