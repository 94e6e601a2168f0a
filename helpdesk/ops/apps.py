from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: probes, request logs, metrics and the storage backends."""

    name = "helpdesk.ops"
    label = "ops"
