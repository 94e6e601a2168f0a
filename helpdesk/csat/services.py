"""Writes of ratings. The signed-in endpoint and the e-mailed one-click link
both come here, so the rules (who, which resolution, only while Resolved)
hold whichever way a rating arrives."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.accounts.models import User
from helpdesk.csat.models import COMMENT_MAX_LENGTH, SCORE_MAX, SCORE_MIN, Rating
from helpdesk.tickets import access
from helpdesk.tickets.models import Activity, Ticket
from helpdesk.tickets.services import activity_record


@dataclass(frozen=True)
class RatingResult:
    rating: Rating
    created: bool


def rating_submit(
    *,
    ticket: Ticket,
    actor: User,
    score: int,
    comment: str | None = None,
    resolution: datetime | None = None,
) -> RatingResult:
    """Rate the ticket's current resolution, or replace the rating already
    given to it. `resolution` (from a one-click link) must be the current
    one: a link sent before a reopen no longer rates anything. `comment`
    None keeps the comment already given (a second click on a link)."""
    if not access.may_rate(actor, ticket):
        raise PermissionDenied(access.RATE_REFUSED)
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise ValidationError({"score": _("Give a score from 1 to 5.")})
    if comment is not None and len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"comment": _("Write at most %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}}
        )
    with transaction.atomic():
        # The ticket's row lock orders a rating against a reopen racing it,
        # and two ratings of one resolution against each other.
        locked = (
            Ticket.objects.select_for_update().only("pk", "status", "resolved_at").get(pk=ticket.pk)
        )
        if locked.status != Ticket.Status.RESOLVED or locked.resolved_at is None:
            raise ValidationError({"detail": _("Only a resolved ticket can be rated.")})
        if resolution is not None and resolution != locked.resolved_at:
            raise ValidationError(
                {"detail": _("This rating link has expired: the ticket was reopened since.")}
            )
        now = timezone.now()
        rating = Rating.objects.filter(ticket=locked, resolved_at=locked.resolved_at).first()
        if rating is None:
            rating = Rating.objects.create(
                ticket=locked,
                resolved_at=locked.resolved_at,
                score=score,
                comment=comment or "",
                rated_by=actor,
                created_at=now,
                updated_at=now,
            )
            _record(locked, actor, rating, previous_score=None)
            return RatingResult(rating, created=True)
        previous_score = rating.score
        changed = score != previous_score or (comment is not None and comment != rating.comment)
        rating.score, rating.updated_at, rating.rated_by = score, now, actor
        if comment is not None:
            rating.comment = comment
        rating.save(update_fields=["score", "comment", "updated_at", "rated_by"])
        if changed:
            _record(locked, actor, rating, previous_score=previous_score)
        return RatingResult(rating, created=False)


def _record(ticket: Ticket, actor: User, rating: Rating, *, previous_score: int | None) -> None:
    # The score only: the comment is the requester's words to read on the
    # ticket's rating, not a copy kept in the timeline. Not internal: whoever
    # sees the ticket sees it was rated.
    activity_record(
        ticket=ticket,
        actor=actor,
        kind=Activity.Kind.RATED,
        data={"score": rating.score, "previous_score": previous_score},
        at=rating.updated_at,
    )
