from typing import Any

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from helpdesk.tickets import access


class IsStaffToChange(permissions.BasePermission):
    """Anyone signed in may read what they can see, create tickets and take
    part in the conversation; only staff may change or delete a ticket.

    Checked per object, after the visibility rule has already turned others'
    tickets into 404s, so a requester gets 403 only on their own tickets, and
    before the body is validated. The services refuse the same changes again
    (access.require_change), for callers other than this API.
    """

    message = access.CHANGE_REFUSED

    def has_permission(self, request: Request, view: APIView) -> bool:
        # Changes to many tickets at once have no one object to check.
        if getattr(view, "action", None) in getattr(view, "staff_actions", ()):
            return access.may_change(request.user)
        return True

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS or access.may_change(request.user):
            return True
        return getattr(view, "action", None) in getattr(view, "requester_actions", ())


class MayExport(permissions.BasePermission):
    """Lists as files (CSV, XLSX) are for staff; requesters get 403."""

    message = access.EXPORT_REFUSED

    def has_permission(self, request: Request, view: APIView) -> bool:
        return access.may_export(request.user)
