"""Signals governance sends; apps above it (notifications) subscribe in their ``ready()``.

Governance never imports those apps: it announces, they react. Both are sent after the
change is stored (``transaction.on_commit``).
"""

from __future__ import annotations

from django.dispatch import Signal

content_request_done = Signal()
"""Sent with ``content_request`` when a content request is marked done (delivered)."""

asset_retired = Signal()
"""Sent with ``asset`` (the retired ``AssetPage``) and ``replacement`` (an ``AssetPage`` or
``None``) when an asset is retired by hand or expires."""
