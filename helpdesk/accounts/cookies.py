"""The refresh token's HttpOnly cookie, so the SPA never holds it in script-readable storage."""

from django.conf import settings
from rest_framework.request import Request
from rest_framework.response import Response


def set_refresh_cookie(response: Response, token: str) -> None:
    response.set_cookie(
        settings.REFRESH_COOKIE_NAME,
        token,
        max_age=int(settings.REFRESH_TOKEN_LIFETIME.total_seconds()),
        path=settings.REFRESH_COOKIE_PATH,
        httponly=True,
        samesite="Strict",
        secure=settings.REFRESH_COOKIE_SECURE,
    )


def clear_refresh_cookie(response: Response) -> None:
    response.delete_cookie(
        settings.REFRESH_COOKIE_NAME, path=settings.REFRESH_COOKIE_PATH, samesite="Strict"
    )


def refresh_from_cookie(request: Request) -> str | None:
    return request.COOKIES.get(settings.REFRESH_COOKIE_NAME) or None
