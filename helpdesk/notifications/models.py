import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """An e-mail in the outbox.

    Written in the same transaction as the change it reports, so it exists
    exactly when the change does; the worker sends it and marks it sent.
    The content is rendered when it is queued: what was sent is what is here.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_email = models.EmailField()
    event = models.CharField(max_length=40)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField()
    # A stable Message-ID, so even a resend after a crash is one message to the reader.
    message_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="notification_pending")]

    def __str__(self) -> str:
        return f"{self.event} to {self.to_email}"
