from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "enablement.rooms"
    label = "rooms"
    verbose_name = "Deal rooms"
    default_auto_field = "django.db.models.BigAutoField"
