"""Writes. Every change to a ticket goes through these functions, whoever
makes it (API, admin site, commands), so each leaves its trace: status
history, the activity timeline and the e-mails it causes, all in the
transaction of the change itself."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.accounts.models import User
from helpdesk.accounts.selectors import active_staff
from helpdesk.assignment import picking
from helpdesk.sla import clock as sla_clock
from helpdesk.sla import services as sla_warnings
from helpdesk.sla.config import Targets, targets_for
from helpdesk.tickets import access, attachments, events, notify, selectors
from helpdesk.tickets.models import (
    BULK_MAX_TICKETS,
    COMMENT_MAX_FILES,
    Activity,
    Attachment,
    Comment,
    StatusHistory,
    Ticket,
    TicketRead,
)

# Marks "attachment not mentioned" apart from None, which removes it.
UNCHANGED: Any = object()
EDITABLE_FIELDS = ("title", "description", "category", "status", "priority", "assignee")
# Not a column: setting it pauses the resolution clock, clearing it resumes it.
WAITING = "waiting_on_requester"
TRIAGE_FIELDS = ("status", "priority", "assignee")
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
    # Cached: while auto-assignment is off this costs no query (or one, once).
    auto = picking.enabled() if assignee is None else None
    now = timezone.now()
    with _stored(actor=actor, uploads=_some(upload)) as stored, transaction.atomic():
        if auto is not None:
            assignee = picking.pick_assignee(auto, at=now)
        ticket = Ticket(
            created_at=now,
            updated_at=now,
            resolved_at=now if status == Ticket.Status.RESOLVED else None,
            title=title,
            description=description,
            category=category,
            status=status,
            priority=priority,
            assignee=assignee,
            created_by=actor,
            attachment=_first(_attachments_create(actor=actor, stored=stored)),
        )
        sla_clock.schedule(ticket, targets_for(priority))
        _validate(ticket)
        ticket.save()
        history = StatusHistory.objects.create(
            ticket=ticket, status=status, changed_by=actor, changed_at=now
        )
        selectors.as_new(ticket, history)
        _record(
            ticket,
            actor,
            Activity.Kind.CREATED,
            {"status": status, "priority": priority, "assignee": _user_ref(assignee)},
        )
        notify.ticket_created(ticket, actor)
        if assignee is not None:
            notify.assigned(ticket, actor, automatic=auto is not None)
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
        files = [
            *([ticket.attachment] if ticket.attachment else []),
            *Attachment.objects.filter(comment_of__ticket=ticket),
        ]
        ticket.delete()
        for attachment in files:
            _attachment_delete(attachment)


def _update(
    ticket: Ticket, actor: User, changes: dict[str, Any], upload: Any = UNCHANGED
) -> Ticket:
    """A change whoever may make it: the public functions check the actor first."""
    unknown = set(changes) - {*EDITABLE_FIELDS, WAITING}
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    changes = dict(changes)
    waiting = changes.pop(WAITING, None)
    if changes.get("assignee") is not None:
        _check_assignable(changes["assignee"])
    new_upload = upload if upload is not UNCHANGED else None
    # No savepoint inside a caller's transaction (the API's, see ticket_lock):
    # an error here fails the whole change anyway.
    with (
        _stored(actor=actor, uploads=_some(new_upload)) as stored,
        transaction.atomic(savepoint=False),
    ):
        # The row lock serialises concurrent changes to one ticket (on SQLite
        # the IMMEDIATE transaction already does), so no update is lost and
        # each activity entry records the true previous value.
        locked = _lock(ticket)
        before, changed = _apply(locked, changes)
        old_attachment = locked.attachment
        if upload is None and old_attachment is None:
            upload = UNCHANGED  # removing what is not there changes nothing
        if upload is not UNCHANGED:
            locked.attachment = _first(_attachments_create(actor=actor, stored=stored))
            changed.append("attachment")
        if waiting is not None and bool(waiting) != (locked.waiting_since is not None):
            if waiting and locked.status == Ticket.Status.RESOLVED:
                raise ValidationError(
                    {WAITING: _("A resolved ticket is not waiting on anyone: reopen it first.")}
                )
            changed.append(WAITING)
        if not changed:
            return locked
        _write(locked, actor, before, changed, waiting=waiting)
        if upload is not UNCHANGED:
            _record(
                locked,
                actor,
                Activity.Kind.ATTACHMENT,
                {"from": _file_name(old_attachment), "to": _file_name(locked.attachment)},
            )
            if old_attachment is not None:
                _attachment_delete(old_attachment)
        events.ticket_changed(events.UPDATED, locked, actor=actor, changes=changed)
        if _frees_room(locked, before, changed):
            tickets_assign_waiting(actor=actor)
    return locked


def _apply(ticket: Ticket, changes: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Set `changes` on a locked ticket and validate it, writing nothing.
    Returns the values before and the fields that really changed."""
    before = {name: getattr(ticket, name) for name in changes}
    for name, value in changes.items():
        setattr(ticket, name, value)
    changed = [name for name in changes if getattr(ticket, name) != before[name]]
    if changed:
        _validate(ticket)
    return before, changed


def _write(
    ticket: Ticket,
    actor: User,
    before: dict[str, Any],
    changed: list[str],
    *,
    waiting: bool | None = None,
    targets: dict[str, Targets] | None = None,
) -> None:
    """Save what `_apply` (and an attachment change) set, with its trace.
    `waiting`: the new waiting-on-requester flag, when it changes. `targets`:
    the service-level targets read so far, kept across a bulk change."""
    ticket.updated_at = timezone.now()
    fields = [name for name in changed if name != WAITING] + ["updated_at"]
    resolving = "status" in changed and ticket.status == Ticket.Status.RESOLVED
    if "status" in changed:
        # Resolving again after a reopen starts the clock anew.
        ticket.resolved_at = ticket.updated_at if resolving else None
        fields.append("resolved_at")
    # A resolved ticket waits on no one; and the pause ends before the
    # resolution is judged.
    pause = bool(waiting) and ticket.waiting_since is None and not resolving
    resume = ticket.waiting_since is not None and (waiting is False or resolving)
    paused = 0
    warned = sla_clock.warned_targets(ticket, ticket.updated_at)
    if resume:
        paused = sla_clock.resume(ticket, ticket.updated_at, _targets(ticket.priority, targets))
        fields += sla_clock.PAUSE_FIELDS
    elif "priority" in changed:
        sla_clock.schedule(ticket, _targets(ticket.priority, targets))
        fields += sla_clock.SCHEDULE_FIELDS
    if pause:
        sla_clock.pause(ticket, ticket.updated_at)
        fields.append("waiting_since")
    # Only the columns that changed: an UPDATE of the title would also
    # rewrite the ticket's search index entry (SQLite's trigger).
    ticket.save(update_fields=list(dict.fromkeys(fields)))
    if not resolving:
        sla_warnings.rearm(ticket, sla_clock.moved_targets(ticket, warned))
    _record_changes(ticket, actor, before, changed)
    if pause:
        _record(ticket, actor, Activity.Kind.SLA_PAUSED, {})
    if resume:
        # Resolved, cleared by staff, or ended by the requester's reply.
        reason = "resolved" if resolving else "staff" if access.may_change(actor) else "reply"
        _record(
            ticket, actor, Activity.Kind.SLA_RESUMED, {"reason": reason, "paused_seconds": paused}
        )


def _targets(priority: str, known: dict[str, Targets] | None) -> Targets:
    if known is None:
        return targets_for(priority)
    if priority not in known:
        known[priority] = targets_for(priority)
    return known[priority]


@dataclass
class BulkResult:
    updated: list[Ticket] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)


def tickets_bulk_update(*, actor: User, ids: Sequence[int], changes: dict[str, Any]) -> BulkResult:
    """Make the same triage change (status, priority, assignee) to many tickets.

    Each ticket changes as a single change would (`_apply`, `_write`: its
    history, timeline, e-mails and live event). The reads are shared: one
    query locks every ticket, the assignee is checked once. A ticket that
    cannot take the change (it does not exist, or fails validation) is
    reported in `failed` and left as it was; the others are written in one
    transaction, all or none, so a database error leaves every ticket as it
    was rather than half of them changed.
    """
    access.require_change(actor)
    if not changes:
        raise ValidationError({"detail": _("Send at least one of status, priority or assignee.")})
    if set(changes) - set(TRIAGE_FIELDS):
        raise ValueError(f"Not a triage field: {sorted(set(changes) - set(TRIAGE_FIELDS))}")
    ids = list(dict.fromkeys(ids))  # each ticket once, in the order given
    if not 1 <= len(ids) <= BULK_MAX_TICKETS:
        raise ValidationError(
            {"ids": _("Give between 1 and %(max)d ticket ids.") % {"max": BULK_MAX_TICKETS}}
        )
    if changes.get("assignee") is not None:
        _check_assignable(changes["assignee"])
    result = BulkResult()
    with transaction.atomic():
        # In id order, as every bulk change takes them: two bulk changes
        # over the same tickets wait for each other instead of deadlocking.
        locked = {ticket.pk: ticket for ticket in _locked().filter(pk__in=ids).order_by("pk")}
        changed_tickets: list[tuple[Ticket, list[str]]] = []
        targets: dict[str, Targets] = {}  # one read per priority, not per ticket
        frees_room = False
        for pk in ids:
            ticket = locked.get(pk)
            if ticket is None:
                result.failed.append((pk, _("Not found.")))
                continue
            try:
                before, changed = _apply(ticket, changes)
            except ValidationError as error:
                result.failed.append((pk, " ".join(error.messages)))
                continue
            result.updated.append(ticket)
            if changed:
                _write(ticket, actor, before, changed, targets=targets)
                changed_tickets.append((ticket, changed))
                frees_room = frees_room or _frees_room(ticket, before, changed)
        events.tickets_changed(events.UPDATED, changed_tickets, actor=actor)
        if frees_room:
            tickets_assign_waiting(actor=actor)
    return result


def tickets_assign_waiting(*, actor: User) -> list[Ticket]:
    """Serve the auto-assignment queue (SPEC 4g): the oldest unassigned open
    tickets go, one by one, to whoever has the most room under the cap.
    Called when someone may have room again: they became available, or a
    ticket of theirs was resolved or given to someone else. Nothing while
    auto-assignment is off."""
    config = picking.enabled()
    if config is None:
        return []
    with transaction.atomic():
        plan = picking.plan_waiting(config, at=timezone.now())
        if not plan:
            return []
        locked = {t.pk: t for t in _locked().filter(pk__in=[pk for pk, _ in plan]).order_by("pk")}
        assigned: list[tuple[Ticket, list[str]]] = []
        for pk, user in plan:
            ticket = locked.get(pk)
            if ticket is None or ticket.assignee_id is not None:
                continue  # deleted or assigned by hand since the plan was made
            before, changed = _apply(ticket, {"assignee": user})
            _write(ticket, actor, before, changed)
            assigned.append((ticket, changed))
        events.tickets_changed(events.UPDATED, assigned, actor=actor)
    return [ticket for ticket, _ in assigned]


def _frees_room(ticket: Ticket, before: dict[str, Any], changed: list[str]) -> bool:
    """Whether a change may leave someone under the auto-assignment cap:
    their ticket resolved, or given to another."""
    if "assignee" in changed and before["assignee"] is not None:
        return True
    return (
        "status" in changed
        and ticket.status == Ticket.Status.RESOLVED
        and ticket.assignee_id is not None
    )


def ticket_mark_read(*, ticket: Ticket, user: User, read_at: datetime | None) -> None:
    """Everything on the ticket up to now is read by `user` (staff only:
    requesters have no unread markers). `read_at` is their marker as it
    stands (None: never opened): when nothing happened since, nothing is
    written, so opening a ticket again is a read, not a write."""
    if not access.has_read_markers(user):
        return
    # Every change stamps updated_at, and its timeline entry, with one time.
    if read_at is not None and read_at >= ticket.updated_at:
        return
    # One upsert, so reading a ticket costs a single query more.
    TicketRead.objects.bulk_create(
        [TicketRead(ticket=ticket, user=user, read_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["ticket", "user"],
        update_fields=["read_at"],
    )


def comment_create(
    *,
    ticket: Ticket,
    actor: User,
    body: str,
    internal: bool = False,
    uploads: Sequence[attachments.InspectedUpload] = (),
) -> Comment:
    if internal and not access.sees_everything(actor):
        raise ValidationError({"internal": _("Only staff can write internal notes.")})
    if not body.strip() or len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"body": _("Write between 1 and %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}}
        )
    if len(uploads) > COMMENT_MAX_FILES:
        raise ValidationError(
            {
                "attachments": _("Attach at most %(max)d files to a comment.")
                % {"max": COMMENT_MAX_FILES}
            }
        )
    with _stored(actor=actor, uploads=uploads) as stored, transaction.atomic():
        locked = _lock(ticket)
        files = _attachments_create(actor=actor, stored=stored)
        comment = Comment.objects.create(
            ticket=locked, author=actor, body=body, internal=internal, attachment=_first(files)
        )
        for position, attachment in enumerate(files):
            attachment.comment_of, attachment.position = comment, position
        Attachment.objects.bulk_update(files, ["comment_of", "position"])
        locked.updated_at = comment.created_at
        fields = ["updated_at"]
        if _is_first_response(comment, locked):
            locked.first_response_at = comment.created_at
            locked.first_response_by = actor
            fields += ["first_response_at", "first_response_by"]
        locked.save(update_fields=fields)
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
        # The answer staff were waiting for: the resolution clock runs again.
        elif is_requester_reply and locked.waiting_since is not None:
            _update(locked, actor, {WAITING: False})
    return comment


def _is_first_response(comment: Comment, ticket: Ticket) -> bool:
    """The reply the requester was waiting for: public, by staff, and not by
    whoever opened the ticket (staff answering their own ticket is no response)."""
    return (
        ticket.first_response_at is None
        and not comment.internal
        and access.sees_everything(comment.author)
        and comment.author_id != ticket.created_by_id
    )


def ticket_lock(tickets: QuerySet[Ticket], *, pk: Any) -> Ticket:
    """Read the ticket `pk` of `tickets` (the caller's visibility rule) as a
    change reads it, with its row lock, inside the caller's transaction. A
    change made to it in that same transaction uses it as read instead of
    reading it again: the API's write views read, check and change a ticket
    in one transaction (one query less per write). Raises Ticket.DoesNotExist."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("ticket_lock needs a transaction")
    ticket = selectors.tickets_for_change(tickets).get(pk=pk)
    ticket._locked_in = connection.atomic_blocks[0]  # type: ignore[attr-defined]
    return ticket


def _lock(ticket: Ticket) -> Ticket:
    connection = transaction.get_connection()
    held_in = getattr(ticket, "_locked_in", None)
    if held_in is not None and connection.atomic_blocks[:1] == [held_in]:
        return ticket  # read by ticket_lock in this very transaction
    return _locked().get(pk=ticket.pk)


def _locked() -> QuerySet[Ticket]:
    return selectors.tickets_for_change(Ticket.objects.all())


def _record_changes(
    ticket: Ticket, actor: User, before: dict[str, Any], changed: list[str]
) -> None:
    if "status" in changed:
        StatusHistory.objects.create(
            ticket=ticket,
            status=ticket.status,
            previous=before["status"],
            changed_by=actor,
            changed_at=ticket.updated_at,
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
    return activity_record(
        ticket=ticket, actor=actor, kind=kind, data=data, at=ticket.updated_at, internal=internal
    )


def activity_record(
    *,
    ticket: Ticket,
    actor: User,
    kind: str,
    data: dict[str, Any],
    at: datetime,
    internal: bool = False,
) -> Activity:
    """Add an entry to the ticket's timeline: the one writer of Activity rows,
    for the services of other apps too (a rating, which changes no ticket
    field). Call it inside the transaction of the change it records; `at`
    is the change's own time."""
    return Activity.objects.create(
        ticket=ticket, kind=kind, actor=actor, at=at, data=data, internal=internal
    )


def _user_ref(user: User | None) -> dict[str, Any] | None:
    # A snapshot: the timeline keeps saying who it was even after a rename.
    return None if user is None else {"id": user.pk, "username": user.get_username()}


def _file_name(attachment: Attachment | None) -> str | None:
    return None if attachment is None else attachment.original_name


def _check_assignable(user: User) -> None:
    if not active_staff().filter(pk=user.pk).exists():
        raise ValidationError({"assignee": _("Only an active staff user can be assigned.")})


def _validate(ticket: Ticket) -> None:
    # The model's own rules (lengths, choices), whoever the caller is.
    # Not the check constraints: they restate the choices, which the field
    # checks cover, and Django validates each with a query (and a savepoint)
    # of its own. The database still enforces them.
    ticket.full_clean(
        exclude=["created_by", "attachment", "assignee"],
        validate_unique=False,
        validate_constraints=False,
    )


@dataclass(frozen=True)
class _Stored:
    upload: attachments.InspectedUpload
    backend: str
    name: str


def _some(upload: attachments.InspectedUpload | None) -> list[attachments.InspectedUpload]:
    return [] if upload is None else [upload]


def _first(files: list[Attachment]) -> Attachment | None:
    return files[0] if files else None


def _attachments_create(*, actor: User, stored: list[_Stored]) -> list[Attachment]:
    if not stored:
        return []
    # Checked again under a lock on the uploader's row: two uploads racing
    # past the first check (in _stored) must not both fit into the same room.
    User.objects.select_for_update().only("pk").get(pk=actor.pk)
    _check_quota(actor=actor, size=sum(item.upload.size for item in stored))
    return [
        Attachment.objects.create(
            file=item.name,
            storage=item.backend,
            original_name=item.upload.name,
            content_type=item.upload.content_type,
            size=item.upload.size,
            uploaded_by=actor,
        )
        for item in stored
    ]


def _attachment_delete(attachment: Attachment) -> None:
    name, backend = attachment.file.name, attachment.storage
    attachment.delete()
    if name:
        # The file goes only once the row is surely gone.
        transaction.on_commit(lambda: attachments.delete_stored(name, backend=backend))


@contextmanager
def _stored(
    *, actor: User, uploads: Sequence[attachments.InspectedUpload]
) -> Iterator[list[_Stored]]:
    """Store the uploads before the transaction and remove them again if it
    fails, so a failed write leaves no orphan file behind: all or none."""
    if uploads:
        # Before storing: a user over quota must not be able to fill the disk.
        _check_quota(actor=actor, size=sum(upload.size for upload in uploads))
    stored: list[_Stored] = []
    try:
        for upload in uploads:
            stored.append(_Stored(upload, *attachments.store_upload(upload)))
        yield stored
    except BaseException:
        for item in stored:
            attachments.delete_stored(item.name, backend=item.backend)
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
                "attachment": _(
                    "Not enough storage left: %(left)s of your %(quota)s quota remains, "
                    "and this file is %(size)s. Ask staff to remove old attachments."
                )
                % {"left": _file_size(left), "quota": _file_size(quota), "size": _file_size(size)}
            }
        )


def _file_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB"):
        if value < 1024:
            return f"{round(value, 1):g} {unit}"
        value /= 1024
    return f"{round(value, 1):g} MB"
