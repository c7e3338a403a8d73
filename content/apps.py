from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Content library"

    def ready(self) -> None:
        from content import signal_handlers

        signal_handlers.connect()
