from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "enablement.tracking"
    label = "tracking"
    verbose_name = _("Usage and deals")

    def ready(self) -> None:
        from content.extensions import register_asset_page_block, register_route

        # The download / present / share / use-in-deal buttons under the asset's header.
        register_asset_page_block(slot="actions", template_name="tracking/_asset_actions.html")
        # Downloads of an asset's file are recorded uses.
        register_route(name="asset-download", url_name="tracking:asset-download")
