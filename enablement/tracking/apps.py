from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "enablement.tracking"
    label = "tracking"
    verbose_name = "Usage and deals"
