from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from helpdesk.assignment.models import AssignmentSettings
from helpdesk.assignment.services import assignment_settings_save


@admin.register(AssignmentSettings)
class AssignmentSettingsAdmin(admin.ModelAdmin[AssignmentSettings]):
    """One row, edited by superusers only; saved through the service, which
    refreshes the cached copy and serves the queue."""

    list_display = ["__str__", "enabled", "max_open_per_person"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser) and not AssignmentSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: AssignmentSettings, form: Any, change: bool
    ) -> None:
        assignment_settings_save(settings=obj, actor=request.user)  # type: ignore[arg-type]
