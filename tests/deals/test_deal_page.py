"""The deal page (/deals/<id>/): the deal, what was used and shared in it, and each
prospect visit with time per page; seen by its owner, Managers, Marketing and superusers,
a 404 for everyone else."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from content.groups import MANAGERS
from content.models import StageTag
from enablement.rooms.services import room_create
from enablement.tracking.services import usage_event_record
from enablement.tracking.services.rollups import usage_events_process
from tests.factories import CaseStudyPageFactory, UserFactory, segment
from tests.tracking.share_world import shared_deck

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(library, sales_user):
    deck, link, token = shared_deck(sales_user)
    deal = link.deal
    deal.segment = segment("Enterprise")
    deal.stage = StageTag.objects.order_by("pk").first()
    deal.amount = 125000
    deal.account = "Globex"
    deal.save()
    return deck, link, token


def _url(deal_id) -> str:
    return f"/deals/{deal_id}/"


def _beat(client, token, *items):
    response = client.post(
        f"/share/{token}/engagement/",
        data=json.dumps({"batch_id": str(uuid.uuid4()), "items": list(items)}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response


def _use(asset, user, deal, *, days_ago: int = 1):
    usage_event_record(
        event_id=uuid.uuid4(),
        asset=asset,
        user=user,
        kind="view",
        occurred_at=timezone.now() - datetime.timedelta(days=days_ago),
        deal=deal,
    )


def test_a_prospect_visit_posted_through_the_beat_endpoint_shows_on_the_deal_page(
    client, shared, sales_user
):
    # given: the prospect opens the link and reads two pages
    deck, link, token = shared
    assert client.get(f"/share/{token}/").status_code == 200
    _beat(client, token, {"page": 1, "seconds": 15}, {"page": 2, "seconds": 30})
    _beat(client, token, {"page": 2, "seconds": 15})
    # when: the rep opens the deal page
    client.force_login(sales_user)
    response = client.get(_url(link.deal_id))
    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert "Globex renewal" in page and "Globex" in page
    assert "Enterprise" in page and link.deal.stage.name in page
    assert "125,000.00 USD" in page
    assert "data-deal-status>Open" in page
    assert "1 min 00 s reading" in page  # 15 + 45 s
    assert "p. 1: 15 s" in page and "p. 2: 45 s" in page
    assert 'data-page="3"' not in page
    assert deck.title in page
    # the share-links page shows the same summary (one template, one selector)
    links_page = client.get("/library/share-links/").content.decode()
    assert "p. 2: 45 s" in links_page
    assert f'href="/deals/{link.deal_id}/"' in links_page


def test_the_deal_page_lists_assets_used_share_links_and_rooms(client, shared, sales_user):
    deck, link, _ = shared
    deal = link.deal
    story = CaseStudyPageFactory(title="Acme cut onboarding by 40%")
    _use(deck, sales_user, deal, days_ago=3)
    for days_ago in (2, 2, 1):
        _use(story, sales_user, deal, days_ago=days_ago)
    usage_events_process()
    room, _ = room_create(user=sales_user, deal=deal, title="Globex: next steps", assets=[story])
    client.force_login(sales_user)
    page = client.get(_url(deal.pk)).content.decode()
    assets = page[page.index("deal-assets-heading") : page.index("deal-links-heading")]
    # most used first: the story (3 views), then the deck (shared, then viewed)
    assert assets.index("Acme cut onboarding by 40%") < assets.index("Quokka pitch deck")
    assert "used 3 times" in assets and "used 2 times" in assets
    assert "Globex: next steps" in page and f'href="/library/rooms/{room.pk}/"' in page
    assert "not opened yet" in page
    assert "Works until" in page  # the share link's state


def test_assets_the_viewer_may_not_see_and_drafts_are_not_named(client, shared, sales_user):
    _, link, _ = shared
    deal = link.deal
    secret = CaseStudyPageFactory(title="Board-only pricing memo", groups=[MANAGERS])
    manager = UserFactory(username="mona", groups=[MANAGERS])
    _use(secret, manager, deal)
    draft = CaseStudyPageFactory(title="Unpublished teaser")
    _use(draft, sales_user, deal)
    draft.unpublish()
    usage_events_process()
    client.force_login(sales_user)
    page = client.get(_url(deal.pk)).content.decode()
    assert "Board-only pricing memo" not in page
    # an asset no longer live that was used in the deal is named for history, never linked
    assets = page[page.index("deal-assets-heading") : page.index("deal-links-heading")]
    assert "Unpublished teaser <span" in assets
    assert "no longer in the library" in assets
    assert "unpublished-teaser" not in assets
    client.force_login(manager)
    assert "Board-only pricing memo" in client.get(_url(deal.pk)).content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("manager", 200), ("marketer", 200), ("superuser", 200), ("other", 404)],
)
def test_who_may_see_a_deal(
    client, shared, sales_user, manager_user, marketing_user, superuser, who, status
):
    _, link, _ = shared
    other = UserFactory(username="rita", groups=["Sales"])
    viewer = {
        "owner": sales_user,
        "manager": manager_user,
        "marketer": marketing_user,
        "superuser": superuser,
        "other": other,
    }[who]
    client.force_login(viewer)
    assert client.get(_url(link.deal_id)).status_code == status


def test_an_anonymous_visitor_is_sent_to_login(client, shared):
    _, link, _ = shared
    response = client.get(_url(link.deal_id))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_inactive_owner_sees_nothing(client, shared, sales_user):
    _, link, _ = shared
    client.force_login(sales_user)
    sales_user.is_active = False
    sales_user.save()
    response = client.get(_url(link.deal_id))
    assert response.status_code in (302, 404)


@pytest.mark.parametrize(
    "deal_id",
    ["9" * 30, str(2**63), "-1", "0", "abc", "1%00", "%27%20OR%201=1", "1.5", "1e3"],
)
def test_hostile_ids_are_a_404_not_a_500(client, sales_user, deal_id):
    client.force_login(sales_user)
    assert client.get(f"/deals/{deal_id}/").status_code == 404


def test_the_deal_page_costs_a_fixed_number_of_queries(
    client, shared, sales_user, django_assert_max_num_queries
):
    deck, link, _ = shared
    deal = link.deal
    for _ in range(3):
        _, token_more = shared_deck_link(deck, deal, sales_user)
        client.get(f"/share/{token_more}/")
        _beat(client, token_more, {"page": 1, "seconds": 5})
    _use(deck, sales_user, deal)
    usage_events_process()
    room_create(user=sales_user, deal=deal, title="Room A", assets=[deck])
    room_create(user=sales_user, deal=deal, title="Room B", assets=[deck])
    client.force_login(sales_user)
    client.get(_url(deal.pk))  # warm the session and content types
    with django_assert_max_num_queries(12):
        response = client.get(_url(deal.pk))
    assert response.status_code == 200
    assert response.content.decode().count("data-visit") == 3


def shared_deck_link(deck, deal, user):
    from enablement.tracking.services import share_link_create

    return share_link_create(asset=deck, deal=deal, user=user)
