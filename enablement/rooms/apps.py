from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    name = "enablement.rooms"
    label = "rooms"
    verbose_name = _("Deal rooms")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from content.extensions import register_asset_page_block

        register_asset_page_block(
            slot="actions", template_name="rooms/_asset_room_link.html", position=110
        )
