from django.core.validators import MinValueValidator
from django.db import models

DEFAULT_MAX_OPEN = 20


class AssignmentSettings(models.Model):
    """Fair auto-assignment's switch and cap (SPEC 4g): one row, edited by a
    superuser in the admin. Read through `selectors.assignment_settings`,
    which caches it, so the create path pays nothing while it is off."""

    enabled = models.BooleanField(
        default=False,
        help_text="Give each new ticket to the available staff member with the fewest "
        "open tickets, and serve unassigned tickets, oldest first, as room appears.",
    )
    max_open_per_person = models.PositiveIntegerField(
        default=DEFAULT_MAX_OPEN,
        validators=[MinValueValidator(1)],
        help_text="No one is given a ticket beyond this many open (New or Under Review) ones.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "auto-assignment settings"

    def __str__(self) -> str:
        state = "on" if self.enabled else "off"
        return f"Auto-assignment {state}, at most {self.max_open_per_person} open per person"
