"""Events the product records itself (page views, downloads, presents, form posts without
the page script's key) count once per double click or retry: keyed by user, asset, kind,
deal and a 30-second window."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from content.models import AssetDocument
from enablement.tracking.models import UsageEvent
from tests.factories import CaseStudyPageFactory, PresentationPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db

# 12:00:00 UTC is on a 30-second window boundary (windows are aligned to the epoch).
WINDOW_START = datetime.datetime(2026, 6, 1, 12, 0, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock(monkeypatch):
    """Set the server's clock (only ``django.utils.timezone.now``; the database is real)."""

    def set_to(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def counts():
    return sorted(UsageEvent.objects.values_list("kind", "deal__external_id"), key=str)


def test_double_clicked_present_counts_once_and_a_later_one_again(
    client, library, sales_user, clock
):
    deck = PresentationPageFactory()
    deal = DealFactory(external_id="006MINE", owner=sales_user)
    client.force_login(sales_user)
    url = f"/library/assets/{deck.pk}/present/?deal={deal.pk}"

    clock(WINDOW_START + datetime.timedelta(seconds=1))
    assert client.get(url).status_code == 200
    clock(WINDOW_START + datetime.timedelta(seconds=2))  # the double click
    assert client.get(url).status_code == 200
    assert counts() == [("present", "006MINE")]

    clock(WINDOW_START + datetime.timedelta(seconds=31))  # the next window
    assert client.get(url).status_code == 200
    assert counts() == [("present", "006MINE")] * 2

    # the same click without the deal is a different use
    assert client.get(f"/library/assets/{deck.pk}/present/").status_code == 200
    assert counts() == [("present", "006MINE")] * 2 + [("present", None)]


def test_retried_download_counts_once(client, library, sales_user, clock):
    document = AssetDocument.objects.create(
        title="Deck", file=ContentFile(b"%PDF-1.4 test", name="deck.pdf")
    )
    asset = CaseStudyPageFactory(attachment=document)
    client.force_login(sales_user)
    url = f"/library/assets/{asset.pk}/download/"

    clock(WINDOW_START + datetime.timedelta(seconds=5))
    assert client.get(url).status_code == 200
    clock(WINDOW_START + datetime.timedelta(seconds=29))
    assert client.get(url).status_code == 200
    assert counts() == [("download", None)]
    clock(WINDOW_START + datetime.timedelta(seconds=30))
    assert client.get(url).status_code == 200
    assert counts() == [("download", None)] * 2


def test_reloaded_asset_page_is_one_view_per_window(client, library, sales_user, clock):
    asset = CaseStudyPageFactory()
    client.force_login(sales_user)
    clock(WINDOW_START)
    for _ in range(3):
        assert client.get(asset.url).status_code == 200
    assert counts() == [("view", None)]
    clock(WINDOW_START + datetime.timedelta(minutes=1))
    assert client.get(asset.url).status_code == 200
    assert counts() == [("view", None)] * 2


def test_each_user_counts_separately(client, library, sales_user, marketing_user, clock):
    asset = CaseStudyPageFactory()
    clock(WINDOW_START)
    for user in (sales_user, marketing_user):
        client.force_login(user)
        assert client.get(asset.url).status_code == 200
    assert UsageEvent.objects.values("user").distinct().count() == 2


def test_use_in_deal_posted_twice_without_the_scripts_key_counts_once(
    client, library, sales_user, clock
):
    asset = CaseStudyPageFactory()
    deal = DealFactory(external_id="006MINE", owner=sales_user)
    client.force_login(sales_user)
    clock(WINDOW_START + datetime.timedelta(seconds=3))
    for _ in range(2):  # a form posted twice (no script, so no event_id)
        response = client.post(f"/library/assets/{asset.pk}/use-in-deal/", {"deal_id": deal.pk})
        assert response.status_code == 302
    assert counts() == [("attach", "006MINE")]
