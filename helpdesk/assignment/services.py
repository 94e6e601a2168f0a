"""Writes of auto-assignment's own state: a staff member's availability and
the admin's settings. Both may open room, so both serve the queue."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk.accounts.models import User
from helpdesk.assignment.models import AssignmentSettings
from helpdesk.assignment.selectors import forget_settings
from helpdesk.tickets.services import tickets_assign_waiting


def staff_set_available(*, user: User, available: bool) -> User:
    """Staff mark themselves available for new tickets, or away. Becoming
    available hands them the oldest waiting tickets, up to the cap."""
    if not user.is_staff:
        raise ValidationError({"available": _("Only staff can be available for assignment.")})
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(available=available)
        user.available = available
        if available:
            tickets_assign_waiting(actor=user)
    return user


def assignment_settings_save(*, settings: AssignmentSettings, actor: User) -> AssignmentSettings:
    """Save the one settings row; switching on or raising the cap serves
    the queue at once."""
    settings.pk = 1
    settings.full_clean()
    with transaction.atomic():
        settings.save()
        # Every process reads the settings through the shared cache.
        transaction.on_commit(forget_settings)
    forget_settings()  # this process, now, so the queue below sees the new values
    tickets_assign_waiting(actor=actor)
    return settings
