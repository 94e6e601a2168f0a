"""The signed-in user of a request, typed as our User."""

from django.http import HttpRequest
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from helpdesk.accounts.models import User


def actor(request: Request | HttpRequest) -> User:
    """`request.user` where a view requires a signed-in user (API views by
    default, the admin site always). Anything else is a 401, never a crash."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated
    return user
