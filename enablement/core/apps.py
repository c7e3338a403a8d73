from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "enablement.core"
    label = "core"
    verbose_name = "Enablement core"

    def ready(self):
        from content.spreadsheets import wagtail_csv_exports_neutralise

        wagtail_csv_exports_neutralise()
