"""The refresh token's HttpOnly cookie, so the SPA never holds it in script-readable storage.

Beside it goes a marker the SPA can read, holding nothing secret: it says
there may be a session to restore, so a visitor who never signed in (or
signed out) costs no refresh request and no 401 in the console.
"""

from django.conf import settings
from rest_framework.request import Request
from rest_framework.response import Response

SIGNED_IN_COOKIE_NAME = "helpdesk_signed_in"


def set_refresh_cookie(response: Response, token: str) -> None:
    max_age = int(settings.REFRESH_TOKEN_LIFETIME.total_seconds())
    secure = settings.REFRESH_COOKIE_SECURE
    response.set_cookie(
        settings.REFRESH_COOKIE_NAME,
        token,
        max_age=max_age,
        path=settings.REFRESH_COOKIE_PATH,
        httponly=True,
        samesite="Strict",
        secure=secure,
    )
    # Lives and dies with the refresh cookie; readable on every page.
    response.set_cookie(
        SIGNED_IN_COOKIE_NAME, "1", max_age=max_age, path="/", samesite="Strict", secure=secure
    )


def clear_refresh_cookie(response: Response) -> None:
    response.delete_cookie(
        settings.REFRESH_COOKIE_NAME, path=settings.REFRESH_COOKIE_PATH, samesite="Strict"
    )
    response.delete_cookie(SIGNED_IN_COOKIE_NAME, path="/", samesite="Strict")


def refresh_from_cookie(request: Request) -> str | None:
    return request.COOKIES.get(settings.REFRESH_COOKIE_NAME) or None
