"""Access tokens: one check for every way in (the API and the WebSocket).

A rule added to `user_for_access_token` (a new claim, a blocklist) holds for
both at once; neither has a check of its own to forget.
"""

from typing import cast

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.tokens import Token

from helpdesk.accounts.models import User


def user_for_access_token(raw_token: str | bytes) -> tuple[User, Token]:
    """The active user an access token speaks for, and the token.

    Raises AuthenticationFailed (a 401) when the signature, expiry, audience,
    issuer or token type is wrong, the user is gone or inactive, or the
    password changed since the token was issued (its password-hash claim).
    """
    checks = JWTAuthentication()
    token = checks.get_validated_token(raw_token)  # type: ignore[arg-type]
    return cast(User, checks.get_user(token)), token


class AccessTokenAuthentication(JWTAuthentication):
    """`Authorization: Bearer <access>` for DRF, checked by `user_for_access_token`."""

    def authenticate(self, request: Request) -> tuple[User, Token] | None:  # type: ignore[override]
        header = self.get_header(request)
        raw_token = None if header is None else self.get_raw_token(header)
        if raw_token is None:
            return None
        return user_for_access_token(raw_token)


class AccessTokenScheme(SimpleJWTScheme):
    """The OpenAPI security scheme: the same bearer JWT as simplejwt's."""

    target_class = "helpdesk.accounts.authentication.AccessTokenAuthentication"
