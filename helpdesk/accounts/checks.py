"""What the log should say when the app starts."""

import logging

from django.db import DatabaseError

from helpdesk.accounts.models import User

logger = logging.getLogger(__name__)


def warn_about_staff_without_email() -> None:
    """Staff without an address hear of no new ticket or reply: say so, by name."""
    try:
        names = list(
            User.objects.filter(is_staff=True, is_active=True, email="")
            .order_by("username")
            .values_list("username", flat=True)[:20]
        )
    except DatabaseError:  # not migrated yet: `migrate` will say what is wrong
        return
    if names:
        logger.warning(
            "Staff without an e-mail address get no notifications: %s. Set one in the "
            "admin (/admin/), or DJANGO_SUPERUSER_EMAIL before the superuser is created.",
            ", ".join(names),
        )
