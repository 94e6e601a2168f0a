from django.apps import AppConfig


class CsatConfig(AppConfig):
    name = "helpdesk.csat"
    label = "csat"
    verbose_name = "Satisfaction"
