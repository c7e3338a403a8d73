"""Popularity flows one way: tracking announces, search marks the assets dirty."""

import pytest

from enablement.tracking.models import AssetPopularity
from enablement.tracking.signals import asset_popularity_changed
from search.models import DirtyAsset
from tests.factories import CaseStudyPageFactory


@pytest.mark.django_db
def test_a_popularity_change_marks_the_asset_dirty_for_reindexing():
    asset = CaseStudyPageFactory()
    DirtyAsset.objects.all().delete()

    asset_popularity_changed.send(sender=AssetPopularity, asset_ids=[asset.pk])

    assert DirtyAsset.objects.filter(asset_id=asset.pk).exists()
