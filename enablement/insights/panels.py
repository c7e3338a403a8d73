"""A "Usage" panel on every asset's edit page in the Wagtail admin.

Added as its own tab by content/models.py (``_edit_handler``). Imports nothing from the
models at import time, so content/models.py can import it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.admin.panels import Panel

PANEL_DAYS = 90


class AssetUsagePanel(Panel):
    """Read-only figures for the asset being edited (last 90 days; LTV all time)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "insights/admin/asset_usage_panel.html"

        def get_context_data(self, parent_context=None):
            from django.urls import reverse

            from enablement.insights import selectors
            from enablement.insights.money import default_currency

            context = super().get_context_data(parent_context)
            asset_id = getattr(self.instance, "pk", None)
            until = timezone.localdate()
            since = until - datetime.timedelta(days=PANEL_DAYS - 1)
            row = None
            ltv = None
            if asset_id:
                rows = selectors.asset_performance(since=since, until=until, asset_ids=[asset_id])
                row = rows[0] if rows else None
                ltv = selectors.asset_account_ltv(asset_ids=[asset_id]).get(asset_id)
            context.update(
                {
                    "row": row,
                    "ltv": ltv,
                    "currency": default_currency(),
                    "since": since,
                    "until": until,
                    "report_url": reverse("insights_admin:my-assets"),
                }
            )
            return context
