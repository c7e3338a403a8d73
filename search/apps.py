from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Library search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from search import signal_handlers

        signal_handlers.connect()
