import uuid

from django.conf import settings
from django.core.files import File
from django.db import models
from django.utils import timezone

from helpdesk.ops.storage import attachment_storage
from helpdesk.tickets.access import InternalQuerySet, TicketQuerySet


class Attachment(models.Model):
    """An uploaded file, kept in private storage and served only via signed URLs.

    A model of its own (not a FileField on Ticket) so comments and several
    files per ticket can reuse it. The UUID key keeps ids unguessable.
    """

    class Storage(models.TextChoices):
        LOCAL = "local", "Local disk"
        S3 = "s3", "S3-compatible bucket"
        CLOUDINARY = "cloudinary", "Cloudinary"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The name within `storage`, the backend that holds the file (ATTACHMENT_STORAGE
    # when uploaded; `manage.py move_attachments` changes both together).
    file = models.FileField(max_length=255)
    # db_default too: the previous release's code, still serving while the
    # migration runs, inserts rows without this column.
    storage = models.CharField(
        max_length=16, choices=Storage.choices, default=Storage.LOCAL, db_default=Storage.LOCAL
    )
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A comment holds up to COMMENT_MAX_FILES of these, in the order given;
    # `Comment.attachment` points at the first (the field clients had before).
    comment_of = models.ForeignKey(
        "Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    position = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return self.original_name

    def open(self) -> File:
        """The stored file, from whichever backend holds it; raises OSError
        (StorageUnavailable) when the backend cannot be reached."""
        return attachment_storage(self.storage).open(str(self.file.name), "rb")

    @property
    def is_inline(self) -> bool:
        """Whether browsers may display it in the page (images and PDF only)."""
        return self.content_type.startswith("image/") or self.content_type == "application/pdf"


class TicketCategory(models.TextChoices):
    TECHNICAL = "Technical"
    BILLING = "Billing"
    GENERAL = "General"
    OTHER = "Other"


class TicketStatus(models.TextChoices):
    NEW = "New"
    UNDER_REVIEW = "Under Review"
    RESOLVED = "Resolved"


class TicketPriority(models.TextChoices):
    LOW = "Low"
    MEDIUM = "Medium"
    HIGH = "High"
    CRITICAL = "Critical"


# Most files on one comment, and most tickets in one bulk change.
COMMENT_MAX_FILES = 5
BULK_MAX_TICKETS = 100

# Ordering by priority means by urgency, not alphabetically.
PRIORITY_RANK = {"Low": 0, "Medium": 1, "High": 2, "Critical": 3}


class Ticket(models.Model):
    Category = TicketCategory
    Status = TicketStatus
    Priority = TicketPriority

    title = models.CharField(max_length=200)
    description = models.TextField()
    category = models.CharField(max_length=20, choices=Category.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    attachment = models.OneToOneField(
        Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tickets"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Set by the services on every change, comments included.
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    # The first public reply by a staff member other than the creator.
    first_response_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Who wrote it: the reports' per-agent response times read it without
    # looking the reply up again (set beside first_response_at, by the service).
    first_response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # When the ticket last became Resolved; null while it is not.
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Service levels (helpdesk/sla): when each target is due, and when 80 % of
    # its business time is used (the at-risk warning); set by the services at
    # creation and on a priority change. Null for tickets from before SLAs.
    first_response_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_response_risk_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolution_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolution_risk_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set while staff wait on the requester (`waiting_on_requester`): the
    # resolution clock is paused. The business time of past pauses is added
    # to the resolution times above.
    waiting_since = models.DateTimeField(null=True, blank=True, editable=False)
    # Nullable (None is 0): SQLite adds a nullable column in place, where a
    # NOT NULL one would rebuild the table (and trip its search triggers).
    sla_paused_seconds = models.IntegerField(null=True, blank=True, editable=False)

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="ticket_newest"),
            models.Index(fields=["created_by", "-created_at"], name="ticket_creator_newest"),
            models.Index(fields=["status", "-created_at"], name="ticket_status_newest"),
            # Triage filters on both at once; with either index alone the count
            # and the page read every ticket of the status (docs/benchmarks.md).
            models.Index(
                fields=["status", "category", "-created_at"], name="ticket_status_category_newest"
            ),
            models.Index(fields=["category", "-created_at"], name="ticket_category_newest"),
            models.Index(fields=["assignee", "-created_at"], name="ticket_assignee_newest"),
            models.Index(fields=["priority", "-created_at"], name="ticket_priority_newest"),
            # created_after/before use ticket_newest; resolved_after/before this.
            models.Index(fields=["resolved_at"], name="ticket_resolved"),
            # The reports' backlog and each agent's open tickets: only the
            # open tickets, which stay few while the resolved ones pile up.
            models.Index(
                fields=["assignee"],
                condition=~models.Q(status=TicketStatus.RESOLVED),
                name="ticket_open_assignee",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TicketStatus.values),
                name="ticket_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=TicketCategory.values),
                name="ticket_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(priority__in=TicketPriority.values),
                name="ticket_priority_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def waiting_on_requester(self) -> bool:
        return self.waiting_since is not None


class StatusHistory(models.Model):
    """One entry per status a ticket has had, the first written at creation.

    Written only by the services in `services.py`; never edited.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(max_length=20, choices=TicketStatus.choices)
    # The status it changed from; empty for the first entry. What makes an
    # entry a reopening (from Resolved) readable without the entry before it.
    previous = models.CharField(
        max_length=20, choices=TicketStatus.choices, blank=True, default="", db_default=""
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name_plural = "status history"
        indexes = [
            # The reports count changes to Resolved (by whom) and from it in a
            # date range: small partial indexes, one per question.
            models.Index(
                fields=["changed_at", "changed_by"],
                condition=models.Q(status=TicketStatus.RESOLVED),
                name="history_resolved",
            ),
            models.Index(
                fields=["changed_at", "status"],
                condition=models.Q(previous=TicketStatus.RESOLVED),
                name="history_reopened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status} at {self.changed_at:%Y-%m-%d %H:%M}"


class Comment(models.Model):
    """A message in a ticket's conversation; `internal` notes are for staff only."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    internal = models.BooleanField(default=False)
    attachment = models.OneToOneField(
        Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="comment"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = InternalQuerySet["Comment"].as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="comment_ticket_oldest")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on ticket {self.ticket_id}"


class Activity(models.Model):
    """One entry of a ticket's timeline: every change, written by the service
    that makes it. `internal` entries (internal notes) are for staff only."""

    class Kind(models.TextChoices):
        CREATED = "created"
        STATUS = "status"
        PRIORITY = "priority"
        ASSIGNEE = "assignee"
        EDITED = "edited"
        ATTACHMENT = "attachment"
        COMMENT = "comment"
        # Staff marked the ticket waiting on the requester, and the end of it.
        SLA_PAUSED = "sla_paused"
        SLA_RESUMED = "sla_resumed"
        # The requester rated the resolution (SPEC 4g), or changed the rating.
        RATED = "rated"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="activity")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(default=dict)
    internal = models.BooleanField(default=False)

    objects = InternalQuerySet["Activity"].as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "activity"
        indexes = [models.Index(fields=["ticket", "at"], name="activity_ticket_oldest")]

    def __str__(self) -> str:
        return f"{self.kind} on ticket {self.ticket_id}"


class TicketRead(models.Model):
    """When a staff member last opened a ticket: anything someone else did
    on it after that is unread for them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "user"], name="ticket_read_once_per_user")
        ]

    def __str__(self) -> str:
        return f"Ticket {self.ticket_id} read by {self.user_id}"
