"""Keep the deal copies on ``DealInfluence`` and the deal-data generation current after
ORM writes that bypass the rollups (``services.influences``): a deal saved or deleted
anywhere, an influence saved one by one, an asset deleted with its influences (its
deals' influence counts drop)."""

from __future__ import annotations

from enablement.tracking.services.influences import deal_data_changed, deal_influences_refresh


def on_deal_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    # A new deal has no influences yet; a refresh that rewrote copies already gave the
    # deal data a new generation.
    if created or not deal_influences_refresh(deal_ids=[instance.pk]):
        deal_data_changed()


def on_deal_deleted(sender, instance, **kwargs) -> None:
    deal_data_changed()


def on_influence_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        deal_influences_refresh(deal_ids=[instance.deal_id])


def on_asset_deleting(sender, instance, **kwargs) -> None:
    from enablement.tracking.models import DealInfluence

    # Remembered on the instance: the cascade deletes the influences before post_delete.
    instance._influenced_deal_ids = list(
        DealInfluence.objects.filter(asset_id=instance.pk).values_list("deal_id", flat=True)
    )


def on_asset_deleted(sender, instance, **kwargs) -> None:
    deal_ids = getattr(instance, "_influenced_deal_ids", None)
    # A deal that lost its only influence has no copies left to rewrite: the generation
    # changes all the same.
    if deal_ids and not deal_influences_refresh(deal_ids=deal_ids):
        deal_data_changed()
