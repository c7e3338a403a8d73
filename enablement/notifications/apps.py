from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "enablement.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from enablement.notifications import signal_handlers
        from enablement.notifications import tasks as _tasks  # noqa: F401 (Celery discovery)

        signal_handlers.connect()
