from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "enablement.tracking"
    label = "tracking"
    verbose_name = _("Usage and deals")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_delete

        from content.extensions import register_asset_page_block, register_route
        from content.models import AssetPage
        from enablement.tracking import signal_handlers
        from enablement.tracking.models import Deal, DealInfluence

        # The download / present / share / use-in-deal buttons under the asset's header.
        register_asset_page_block(slot="actions", template_name="tracking/_asset_actions.html")
        # Downloads of an asset's file are recorded uses.
        register_route(name="asset-download", url_name="tracking:asset-download")
        # The deal copies on influences and the deal-data generation follow deal saves
        # and deletions and asset deletions.
        post_save.connect(signal_handlers.on_deal_saved, sender=Deal)
        post_delete.connect(signal_handlers.on_deal_deleted, sender=Deal)
        post_save.connect(signal_handlers.on_influence_saved, sender=DealInfluence)
        pre_delete.connect(signal_handlers.on_asset_deleting, sender=AssetPage)
        post_delete.connect(signal_handlers.on_asset_deleted, sender=AssetPage)
