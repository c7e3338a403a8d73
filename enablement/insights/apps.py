from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "enablement.insights"
    label = "insights"
    verbose_name = "Insights"
