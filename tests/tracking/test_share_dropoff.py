"""Managers see, per deck, the share of prospect visits that reached each page."""

from __future__ import annotations

import re
import uuid

import pytest

from content.models import DocumentPage
from enablement.tracking.selectors import share_dropoff, share_visits_for_deal
from enablement.tracking.services.engagement import engagement_record
from tests.tracking.factories import DealFactory
from tests.tracking.share_world import shared_deck

pytestmark = pytest.mark.django_db


def test_the_insights_asset_page_shows_the_page_by_page_drop_off(
    client, library, sales_user, manager_user
):
    deck, link, _ = shared_deck(sales_user)
    assert share_dropoff(asset_id=deck.pk, page_numbers=[1, 2, 3]) == (0, [(1, 0), (2, 0), (3, 0)])
    client.force_login(manager_user)
    empty = client.get(f"/insights/assets/{deck.pk}/").content.decode()
    assert "No prospect has read this asset through a share link yet." in empty
    # four visits read up to pages 1, 2, 3 and 3 (page 2 skipped still reaches 3)
    for pages in ({1: 5.0}, {1: 5.0, 2: 3.0}, {1: 2.0, 2: 2.0, 3: 9.0}, {1: 4.0, 3: 1.0}):
        engagement_record(link=link, asset=deck, batch_id=uuid.uuid4(), pages=pages)
        link.visits.update(last_activity_at=link.created_at.replace(year=2001))  # new visit
    assert share_dropoff(asset_id=deck.pk, page_numbers=[1, 2, 3]) == (4, [(1, 4), (2, 3), (3, 2)])
    # the deal's view of the same visits (for the deal page), newest first
    on_deal = list(share_visits_for_deal(deal=link.deal))
    assert len(on_deal) == 4 and on_deal[0].started_at >= on_deal[-1].started_at
    assert list(share_visits_for_deal(deal=DealFactory(owner=sales_user))) == []
    html = client.get(f"/insights/assets/{deck.pk}/").content.decode()
    assert "Where prospects stop reading" in html and "<svg" in html
    assert "Share of 4 prospect visits" in html
    table = html[html.index("Where prospects stop reading") :]
    assert table.index("100%") < table.index("75%") < table.index("50%")  # pages in order


def test_reps_do_not_see_the_insights_page(client, library, sales_user):
    deck, _, _ = shared_deck(sales_user)
    client.force_login(sales_user)
    assert client.get(f"/insights/assets/{deck.pk}/").status_code in (302, 403)


def test_a_hidden_slide_is_not_a_page_of_the_drop_off(client, library, sales_user, manager_user):
    # given a deck whose third slide was hidden: its pages are slides 1, 2 and 4
    deck, link, _ = shared_deck(sales_user)
    DocumentPage.objects.filter(document_id=deck.attachment_id, number=3).update(number=4)
    engagement_record(link=link, asset=deck, batch_id=uuid.uuid4(), pages={1: 5.0, 2: 3.0})
    link.visits.update(last_activity_at=link.created_at.replace(year=2001))
    engagement_record(link=link, asset=deck, batch_id=uuid.uuid4(), pages={1: 5.0, 4: 3.0})
    client.force_login(manager_user)

    html = client.get(f"/insights/assets/{deck.pk}/").content.decode()

    # then the chart's table lists slides 1, 2 and 4, and the one who read slide 4 reached it
    table = html[html.index("Where prospects stop reading") :]
    rows = re.findall(r"<tr><th scope=\"row\">(\d+)</th><td>(\d+)</td>", table)
    assert rows == [("1", "2"), ("2", "2"), ("4", "1")]  # reaching 4 passes 2
