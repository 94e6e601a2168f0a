from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from helpdesk.sla.models import BusinessCalendar, SlaPolicy, SlaWarning


class SuperuserOnly(admin.ModelAdmin):
    """Service levels are the organisation's promises: superusers set them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(SuperuserOnly):
    list_display = ("name", "time_zone", "is_default", "updated_at")
    fields = ("name", "time_zone", "is_default", "hours", "holidays")


@admin.register(SlaPolicy)
class SlaPolicyAdmin(SuperuserOnly):
    list_display = ("priority", "first_response_minutes", "resolution_minutes", "calendar")
    ordering = ("priority",)


@admin.register(SlaWarning)
class SlaWarningAdmin(SuperuserOnly):
    """What the scheduler sent: read only."""

    list_display = ("ticket", "target", "warned_at")
    list_filter = ("target",)
    readonly_fields = ("ticket", "target", "warned_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
