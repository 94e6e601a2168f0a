from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "helpdesk.sla"
    label = "sla"
    verbose_name = "Service levels"

    def ready(self) -> None:
        from helpdesk.sla import config

        config.connect_invalidation()
