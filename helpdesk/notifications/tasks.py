"""Delivery: the worker (`manage.py db_worker`) runs `deliver_all` for the
e-mails each change queued, and `deliver` for each retry."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from helpdesk.notifications.models import Notification

logger = logging.getLogger(__name__)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: base, 2x base, 4x base, ... capped."""
    seconds = settings.EMAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.EMAIL_RETRY_MAX_SECONDS))


@task()
def deliver_all(notification_ids: list[int]) -> None:
    """The e-mails one change queued. Each is tried in turn; one that fails is
    retried on its own (`deliver`), without holding up or repeating the rest."""
    failed: list[int] = []
    for notification_id in notification_ids:
        try:
            deliver.call(notification_id)
        except Exception:
            # Not the mail server (`deliver` retries that) but a bug or the
            # database: it costs this e-mail alone, as when each had its own task.
            logger.exception("E-mail %s could not be delivered", notification_id)
            failed.append(notification_id)
    if failed:
        # Fails the task, so it shows as failed in the task results.
        raise RuntimeError(f"E-mails {failed} could not be delivered")


@task()
def deliver(notification_id: int) -> None:
    # One queued task per unsent notification at any time (a retry is queued
    # only after a failed attempt), and the worker claims each task once: so
    # a notification is sent once. Sent ones are skipped, should one be re-run.
    notification = Notification.objects.filter(
        pk=notification_id, sent_at__isnull=True, failed_at__isnull=True
    ).first()
    if notification is None:
        return
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.to_email],
        headers={"Message-ID": f"<{notification.message_id}@helpdesk>"},
    )
    message.attach_alternative(notification.body_html, "text/html")
    notification.attempts += 1
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        _schedule_retry(notification, exc)
        return
    notification.sent_at = timezone.now()
    notification.next_attempt_at = None
    notification.save(update_fields=["attempts", "sent_at", "next_attempt_at"])


def _schedule_retry(notification: Notification, exc: Exception) -> None:
    notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    with transaction.atomic():
        if notification.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            notification.failed_at = timezone.now()
            notification.next_attempt_at = None
            logger.error(
                "E-mail %s gave up after %d attempts: %s",
                notification.pk,
                notification.attempts,
                notification.last_error,
            )
        else:
            notification.next_attempt_at = timezone.now() + retry_delay(notification.attempts)
            deliver.using(run_after=notification.next_attempt_at).enqueue(notification.pk)
            logger.warning(
                "E-mail %s failed (attempt %d), retrying at %s: %s",
                notification.pk,
                notification.attempts,
                notification.next_attempt_at.isoformat(),
                notification.last_error,
            )
        notification.save(update_fields=["attempts", "last_error", "next_attempt_at", "failed_at"])
