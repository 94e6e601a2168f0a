from typing import Any

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView


class IsStaffToChange(permissions.BasePermission):
    """Anyone signed in may read what they can see, create tickets and take
    part in the conversation; only staff may change or delete a ticket.

    Checked per object, after the visibility rule has already turned others'
    tickets into 404s, so a requester gets 403 only on their own tickets.
    """

    message = "Only staff can change or delete tickets."

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS or request.user.is_staff:
            return True
        return getattr(view, "action", None) in getattr(view, "requester_actions", ())
