"""The currency every money figure of insights is shown in."""

from __future__ import annotations

from django.conf import settings


def default_currency() -> str:
    """``settings.ENABLEMENT_DEFAULT_CURRENCY`` (ISO 4217 code), "USD" when unset."""
    return getattr(settings, "ENABLEMENT_DEFAULT_CURRENCY", "USD")
