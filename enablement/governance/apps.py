from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "enablement.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from enablement.governance import signal_handlers
        from enablement.governance import tasks as _tasks  # noqa: F401 (Celery discovery)

        signal_handlers.connect()
