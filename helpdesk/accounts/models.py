from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """The helpdesk's user: `is_staff` makes a support agent, the rest are requesters.

    A model of our own from the first migration, so fields can be added later
    without a painful swap of the user model.
    """

    notify_email = models.BooleanField(
        default=True, help_text="Receive notification e-mails about tickets."
    )
    # Fair auto-assignment (helpdesk.assignment): staff only. A staff member
    # is given new tickets only while available; a new account is not.
    # db_default: the previous release, serving while this migrates, inserts
    # users without the column.
    available = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Staff: give me new tickets (when auto-assignment is on).",
    )
    last_assigned_at = models.DateTimeField(null=True, blank=True, editable=False)
