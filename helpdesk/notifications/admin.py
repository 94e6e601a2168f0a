from django.contrib import admin

from helpdesk.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "event", "to_email", "created_at", "attempts", "sent_at", "failed_at"]
    list_filter = ["event", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to_email", "subject"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
