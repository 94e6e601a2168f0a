"""One-click rating links (SPEC 4g): a signed token per score, tied to the
ticket and to the resolution it rates, so reopening the ticket (a new
resolution, or none) makes every link already sent useless. The token is
the authorization, as a password-reset link is: whoever holds the e-mail
may rate, and only that one resolution of that one ticket."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing

from helpdesk.csat.models import SCORE_MAX, SCORE_MIN

_SALT = "helpdesk.csat.rating"
# A backstop: a resolution left alone for months is not rated by old mail.
MAX_AGE = timedelta(days=30)


@dataclass(frozen=True)
class RatingClaim:
    ticket_id: int
    resolved_at: datetime
    score: int


def make_token(*, ticket_id: int, resolved_at: datetime, score: int) -> str:
    payload = {"t": ticket_id, "r": resolved_at.isoformat(), "s": score}
    return signing.dumps(payload, salt=_SALT, compress=True)


def read_token(token: str) -> RatingClaim:
    """The claim in `token`; raises signing.BadSignature (SignatureExpired
    included) for anything not issued by us or too old."""
    payload = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    try:
        claim = RatingClaim(
            ticket_id=int(payload["t"]),
            resolved_at=datetime.fromisoformat(payload["r"]),
            score=int(payload["s"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Malformed rating token.") from error
    if not SCORE_MIN <= claim.score <= SCORE_MAX:
        raise signing.BadSignature("Score out of range.")
    return claim


def rating_links(*, ticket_id: int, resolved_at: datetime) -> list[tuple[str, str]]:
    """(label, URL) for each score, for the resolution e-mail."""
    links = []
    for score in range(SCORE_MIN, SCORE_MAX + 1):
        token = make_token(ticket_id=ticket_id, resolved_at=resolved_at, score=score)
        links.append((str(score), f"{settings.SITE_URL}/rate/{token}"))
    return links
