from typing import Any

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView


class IsStaffToChange(permissions.BasePermission):
    """Anyone signed in may read what they can see and create tickets; only
    staff may change or delete one.

    Checked per object, after the visibility rule has already turned others'
    tickets into 404s, so a requester gets 403 only on their own tickets.
    """

    message = "Only staff can change or delete tickets."

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or bool(request.user.is_staff)
