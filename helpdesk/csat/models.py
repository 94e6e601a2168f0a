from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

SCORE_MIN, SCORE_MAX = 1, 5
# 4 and 5 count as satisfied (SPEC 4g).
POSITIVE_MIN = 4
COMMENT_MAX_LENGTH = 2000


class Rating(models.Model):
    """The requester's satisfaction with one resolution of a ticket.

    Keyed by the resolution (`resolved_at`, the instant the ticket became
    Resolved): rating it again replaces the rating, and a ticket resolved
    again after a reopen is rated afresh, the earlier rating kept.
    """

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="ratings")
    resolved_at = models.DateTimeField()
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-resolved_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "resolved_at"], name="rating_per_resolution"),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="rating_score_in_range",
            ),
        ]
        # The summary report counts the ratings of resolutions within a period.
        indexes = [models.Index(fields=["resolved_at"], name="rating_resolved")]

    def __str__(self) -> str:
        return f"{self.score}/5 for ticket {self.ticket_id}"
