from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "enablement.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from content.extensions import register_asset_page_block
        from enablement.governance import signal_handlers
        from enablement.governance import tasks as _tasks  # noqa: F401 (Celery discovery)

        signal_handlers.connect()
        # "Was this helpful?" and, for the owner and Marketing, review status and Verify.
        register_asset_page_block(slot="footer", template_name="governance/_asset_feedback.html")
