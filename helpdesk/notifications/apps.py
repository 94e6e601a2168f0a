from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "helpdesk.notifications"
    label = "notifications"
