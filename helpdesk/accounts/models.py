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
