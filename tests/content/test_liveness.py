""" "Live now" has one definition (content.selectors) and every path uses it: an asset whose
``expire_at`` has passed is gone at once, before Wagtail's scheduler unpublishes it."""

from __future__ import annotations

import datetime
from uuid import uuid4

import pytest
from django.utils import timezone

from content.models import AssetPage
from content.selectors import asset_is_live, assets_live, assets_visible_to
from enablement.governance.selectors import library_assets
from enablement.insights import selectors as insights
from enablement.tracking.services import (
    ShareLinkError,
    share_link_create,
    usage_event_record,
    usage_rollup_run,
)
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db


def _lapse(asset: AssetPage, *, ago: datetime.timedelta = datetime.timedelta(minutes=1)):
    """Let ``expire_at`` pass without the scheduler running (``live`` stays True)."""
    AssetPage.objects.filter(pk=asset.pk).update(expire_at=timezone.now() - ago)
    asset.refresh_from_db()
    return asset


@pytest.fixture
def lapsed(library):
    return _lapse(CaseStudyPageFactory(title="Lapsed pricing story"))


def test_the_one_definition_of_live_now(library):
    # given
    published = CaseStudyPageFactory(title="Published")
    not_yet_expiring = CaseStudyPageFactory(
        title="Expires next week", expire_at=timezone.now() + datetime.timedelta(days=7)
    )
    draft = CaseStudyPageFactory(title="Draft", live=False)
    unpublished = CaseStudyPageFactory(title="Unpublished")
    unpublished.unpublish()
    swept = CaseStudyPageFactory(title="Expired by the scheduler")
    swept.unpublish(set_expired=True)
    lapsed = _lapse(CaseStudyPageFactory(title="Past expire_at, not swept"))
    # when
    live_titles = set(assets_live().values_list("title", flat=True))
    # then
    assert live_titles == {"Published", "Expires next week"}
    for asset in (published, not_yet_expiring):
        assert asset_is_live(asset=AssetPage.objects.get(pk=asset.pk))
    for asset in (draft, unpublished, swept, lapsed):
        assert not asset_is_live(asset=AssetPage.objects.get(pk=asset.pk)), asset.title


def test_liveness_is_read_at_read_time(library):
    asset = CaseStudyPageFactory(expire_at=timezone.now() + datetime.timedelta(hours=1))
    later = timezone.now() + datetime.timedelta(hours=2)
    assert asset_is_live(asset=asset)
    assert not asset_is_live(asset=asset, now=later)
    assert not assets_live(now=later).filter(pk=asset.pk).exists()


def test_library_reads_drop_a_lapsed_asset(lapsed, sales_user, marketing_user):
    for user in (sales_user, marketing_user):
        assert not assets_visible_to(user=user).filter(pk=lapsed.pk).exists()


def test_lapsed_asset_page_behaves_as_expired(client, lapsed, sales_user):
    client.force_login(sales_user)
    response = client.get(lapsed.url, follow=True)
    assert response.status_code == 410
    assert b"expired" in response.content
    assert b"Lapsed pricing story" in response.content  # the notice names it; no body


def test_lapsed_asset_is_not_in_the_api(client, lapsed, sales_user):
    client.force_login(sales_user)
    assert client.get(f"/api/v1/assets/{lapsed.pk}/").status_code == 404


def test_lapsed_asset_cannot_be_shared_and_its_links_stop(client, library, sales_user):
    # given a link made while the asset was live
    asset = CaseStudyPageFactory(title="Soon lapsing story")
    deal = DealFactory(owner=sales_user)
    _, token = share_link_create(asset=asset, deal=deal, user=sales_user)
    # when its expire_at passes
    _lapse(asset)
    # then no new link, and the old one shows the expired notice and no file
    with pytest.raises(ShareLinkError):
        share_link_create(asset=asset, deal=deal, user=sales_user)
    response = client.get(f"/share/{token}/")
    assert response.status_code == 410
    assert b"This content has expired" in response.content
    assert b"Soon lapsing story" not in response.content
    assert client.get(f"/share/{token}/file/").status_code == 410


def test_lapsed_asset_leaves_reports_and_stats(lapsed):
    live_one = ObjectionPageFactory(title="Live answer")
    assert set(library_assets().values_list("pk", flat=True)) == {live_one.pk}
    assert set(insights.live_assets().values_list("pk", flat=True)) == {live_one.pk}
    today = timezone.localdate()
    rows = {
        row.asset_id: row
        for row in insights.asset_performance(
            since=today - datetime.timedelta(days=30), until=today
        )
    }
    assert lapsed.pk not in rows
    assert rows[live_one.pk].live is True


def test_lapsed_asset_performance_row_says_not_live(lapsed, sales_user):
    # an asset used in the period keeps its history row, marked as no longer live
    yesterday = timezone.now() - datetime.timedelta(days=1)
    usage_event_record(
        event_id=uuid4(), asset=lapsed, user=sales_user, kind="view", occurred_at=yesterday
    )
    usage_rollup_run()
    today = timezone.localdate()
    rows = {
        row.asset_id: row
        for row in insights.asset_performance(
            since=today - datetime.timedelta(days=30), until=today
        )
    }
    assert rows[lapsed.pk].live is False
