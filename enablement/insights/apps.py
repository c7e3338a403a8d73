from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "enablement.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from content.extensions import register_asset_editor_tab
        from enablement.insights import report_views
        from enablement.insights.panels import AssetUsagePanel

        register_asset_editor_tab(heading=_("Usage"), panel_factory=AssetUsagePanel)
        # A play's page links managers to its scorecard.
        from content.extensions import register_route

        register_route(name="play-scorecard", url_name="insights:play-scorecard")
        report_views.register()
