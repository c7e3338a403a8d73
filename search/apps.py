from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Library search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from content.extensions import register_route
        from search import signal_handlers

        signal_handlers.connect()
        # The library page (content's root) opens the search UI.
        register_route(name="library", url_name="library:search")
