"""The refresh token's HttpOnly cookie, so the SPA never holds it in script-readable storage."""

from django.conf import settings
from rest_framework.request import Request
from rest_framework.response import Response


def set_refresh_cookie(response: Response, token: str) -> None:
    cookie = settings.REFRESH_COOKIE
    response.set_cookie(
        cookie["key"],
        token,
        max_age=int(settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds()),
        path=cookie["path"],
        httponly=cookie["httponly"],
        samesite=cookie["samesite"],
        secure=cookie["secure"],
    )


def clear_refresh_cookie(response: Response) -> None:
    cookie = settings.REFRESH_COOKIE
    response.delete_cookie(cookie["key"], path=cookie["path"], samesite=cookie["samesite"])


def refresh_from_cookie(request: Request) -> str | None:
    return request.COOKIES.get(settings.REFRESH_COOKIE["key"]) or None
