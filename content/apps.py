from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content library")

    def ready(self) -> None:
        from content import signal_handlers

        signal_handlers.connect()
