from django.utils.translation import gettext_lazy
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from helpdesk.tickets import access


class IsStaff(permissions.BasePermission):
    """Reports cover every ticket: only those who may see every ticket read them."""

    message = gettext_lazy("Only staff can read reports.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return access.sees_everything(request.user)
