"""Expiry behaves like retirement; publishing a retired asset again reinstates it."""

from __future__ import annotations

from wagtail.signals import page_published, page_unpublished

from content.models import AssetPage


def record_expiry(sender, instance, **kwargs) -> None:
    # Wagtail's publish_scheduled unpublishes pages past expire_at with expired=True.
    if isinstance(instance, AssetPage) and instance.expired:
        from enablement.governance.services import asset_expiry_record

        asset_expiry_record(asset=instance)


def clear_retirement(sender, instance, **kwargs) -> None:
    if isinstance(instance, AssetPage):
        from enablement.governance.services import asset_retirement_clear

        asset_retirement_clear(asset=instance)


def connect() -> None:
    page_unpublished.connect(record_expiry, dispatch_uid="governance.record_expiry")
    page_published.connect(clear_retirement, dispatch_uid="governance.clear_retirement")
