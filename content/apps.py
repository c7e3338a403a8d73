from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Content library"

    def ready(self) -> None:
        from content import signal_handlers
        from content.governance import signal_handlers as governance_signal_handlers
        from content.governance import tasks as _governance_tasks  # noqa: F401 (Celery discovery)

        signal_handlers.connect()
        governance_signal_handlers.connect()
