from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Library search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from content.extensions import register_route, register_text_analysis
        from search import signal_handlers
        from search.polish import POLISH, asset_polish_text

        signal_handlers.connect()
        # The library page (content's root) opens the search UI.
        register_route(name="library", url_name="library:search")
        # Polish assets' lemmas in the database search index (search/polish.py).
        register_text_analysis(language=POLISH, analyser=asset_polish_text)
