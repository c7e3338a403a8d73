from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "enablement.core"
    label = "core"
    verbose_name = _("Enablement core")

    def ready(self):
        from content.spreadsheets import wagtail_csv_exports_neutralise

        wagtail_csv_exports_neutralise()
