import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Attachment(models.Model):
    """An uploaded file, kept in private storage and served only via signed URLs.

    A model of its own (not a FileField on Ticket) so comments and several
    files per ticket can reuse it. The UUID key keeps ids unguessable.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.original_name

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


class Ticket(models.Model):
    Category = TicketCategory
    Status = TicketStatus

    title = models.CharField(max_length=200)
    description = models.TextField()
    category = models.CharField(max_length=20, choices=Category.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    attachment = models.OneToOneField(
        Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tickets"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="ticket_newest"),
            models.Index(fields=["created_by", "-created_at"], name="ticket_creator_newest"),
            models.Index(fields=["status", "-created_at"], name="ticket_status_newest"),
            models.Index(fields=["category", "-created_at"], name="ticket_category_newest"),
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
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"


class StatusHistory(models.Model):
    """One entry per status a ticket has had, the first written at creation.

    Written only by the services in `services.py`; never edited.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(max_length=20, choices=TicketStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name_plural = "status history"

    def __str__(self) -> str:
        return f"{self.status} at {self.changed_at:%Y-%m-%d %H:%M}"
