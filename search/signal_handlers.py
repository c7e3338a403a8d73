"""Content lifecycle → dirty flags → index sync on commit (connected in apps.ready)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from content.models import ASSET_TYPES, AssetPage, SegmentTag, StageTag
from content.signals import asset_content_changed
from enablement.tracking.signals import asset_popularity_changed
from search.models import SearchSynonym, SegmentAlias
from search.selectors import filter_vocabulary_clear
from search.services import assets_mark_dirty
from search.spelling import spelling_vocabulary_clear
from search.understanding import understanding_vocabulary_clear


def _asset_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, AssetPage):
        assets_mark_dirty(asset_ids=[instance.pk])


def _asset_deleted(sender, instance, **kwargs) -> None:
    if instance.pk is not None:
        assets_mark_dirty(asset_ids=[instance.pk])


def _asset_content_changed(sender, asset_ids, **kwargs) -> None:
    assets_mark_dirty(asset_ids=asset_ids)


def _asset_popularity_changed(sender, asset_ids, **kwargs) -> None:
    assets_mark_dirty(asset_ids=asset_ids)


def connect() -> None:
    # Publish covers edits, visibility changes and re-publishing; unpublish covers
    # retirement and expiry (Wagtail's publish_scheduled unpublishes expired pages).
    page_published.connect(_asset_changed, dispatch_uid="search.asset_published")
    page_unpublished.connect(_asset_changed, dispatch_uid="search.asset_unpublished")
    for model in (AssetPage, *ASSET_TYPES.values()):
        post_delete.connect(
            _asset_deleted, sender=model, dispatch_uid=f"search.asset_deleted.{model.__name__}"
        )
    for model in (SegmentTag, StageTag):
        for signal in (post_save, post_delete):
            signal.connect(
                filter_vocabulary_clear,
                sender=model,
                dispatch_uid=f"search.vocabulary.{signal is post_save}.{model.__name__}",
            )
    # Query understanding reads these at query time (no reindexing): drop its cache.
    for model in (SegmentTag, StageTag, SearchSynonym, SegmentAlias):
        for signal in (post_save, post_delete):
            signal.connect(
                understanding_vocabulary_clear,
                sender=model,
                dispatch_uid=f"search.understanding.{signal is post_save}.{model.__name__}",
            )
    # The spelling dictionary also notices changes by a fingerprint; this is sooner.
    page_published.connect(spelling_vocabulary_clear, dispatch_uid="search.spelling.published")
    page_unpublished.connect(spelling_vocabulary_clear, dispatch_uid="search.spelling.unpublished")
    asset_content_changed.connect(
        _asset_content_changed, dispatch_uid="search.asset_content_changed"
    )
    # Tracking announces ranking-input changes (deals, win rate, recent-use bucket);
    # tracking never imports search, search listens.
    asset_popularity_changed.connect(
        _asset_popularity_changed, dispatch_uid="search.asset_popularity_changed"
    )
