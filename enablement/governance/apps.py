from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "enablement.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from content.extensions import register_asset_page_block, register_route
        from enablement.governance import signal_handlers
        from enablement.governance import tasks as _tasks  # noqa: F401 (Celery discovery)

        signal_handlers.connect()
        from enablement.governance.selectors import asset_retirement_for_tracking
        from enablement.tracking.lifecycle import asset_retirement_lookup_register

        # Share links of a retired asset lead to its replacement (tracking asks, we answer).
        asset_retirement_lookup_register(asset_retirement_for_tracking)
        # A retired asset in a play shows its replacement (content asks, we answer).
        from content.plays import play_successor_lookup_register
        from enablement.governance.selectors import asset_successor

        play_successor_lookup_register(asset_successor)
        # "Was this helpful?" and, for the owner and Marketing, review status and Verify.
        register_asset_page_block(slot="footer", template_name="governance/_asset_feedback.html")
        # Visitors of a retired or expired asset land on the notice (or the replacement).
        register_route(name="asset-unavailable", url_name="governance:retired")
