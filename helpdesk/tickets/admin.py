from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from helpdesk.accounts.actor import actor
from helpdesk.accounts.selectors import active_staff
from helpdesk.tickets import services
from helpdesk.tickets.models import Activity, StatusHistory, Ticket


class ReadOnlyInline(admin.TabularInline):
    """A record that is written only by the services: shown, never edited."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StatusHistoryInline(ReadOnlyInline):
    model = StatusHistory
    fields = readonly_fields = ("status", "changed_by", "changed_at")


class ActivityInline(ReadOnlyInline):
    model = Activity
    fields = readonly_fields = ("kind", "actor", "at", "data", "internal")


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Every save and delete goes through the services, so the admin site
    records status history exactly like the API does."""

    list_display = [
        "id",
        "title",
        "category",
        "status",
        "priority",
        "assignee",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "category", "priority"]
    search_fields = ["title", "description", "created_by__username"]
    list_select_related = ["created_by", "assignee"]
    fields = [
        "title",
        "description",
        "category",
        "status",
        "priority",
        "assignee",
        "created_by",
        "created_at",
        "updated_at",
        "attachment",
    ]
    readonly_fields = ["created_by", "created_at", "updated_at", "attachment"]
    inlines = [StatusHistoryInline, ActivityInline]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "assignee":
            kwargs["queryset"] = active_staff()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Ticket, form: ModelForm, change: bool) -> None:
        user = actor(request)
        if change:
            changes = {
                f: form.cleaned_data[f] for f in form.changed_data if f in services.EDITABLE_FIELDS
            }
            saved = services.ticket_update(ticket=obj, actor=user, changes=changes)
        else:
            saved = services.ticket_create(
                actor=user,
                title=obj.title,
                description=obj.description,
                category=obj.category,
                status=obj.status,
                priority=obj.priority,
                assignee=obj.assignee,
            )
        # The admin reads the saved object back (messages, redirects, log entries).
        obj.pk = saved.pk
        obj.created_by = saved.created_by
        obj.created_at = saved.created_at

    def delete_model(self, request: HttpRequest, obj: Ticket) -> None:
        services.ticket_delete(ticket=obj, actor=actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        user = actor(request)
        for ticket in queryset.select_related("attachment"):
            services.ticket_delete(ticket=ticket, actor=user)
