from django.apps import AppConfig


class AssignmentConfig(AppConfig):
    name = "helpdesk.assignment"
    label = "assignment"
    verbose_name = "Auto-assignment"
