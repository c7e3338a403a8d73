"""Time per page in a deal room: the visitor's viewer posts page timings for an item, as on a
share link; they are stored once per batch, merged into visits, shown to the room's owner and
on the deal page. Bad batches are a 400 naming the field; the owner's own look, a closed
email gate, a revoked room and an item no longer in the room store nothing."""

from __future__ import annotations

import json
import uuid

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from content.groups import SALES
from content.models import AssetPage
from enablement.rooms.models import RoomBeat, RoomItemVisit
from enablement.rooms.services import room_create, room_revoke
from tests.factories import CaseStudyPageFactory, UserFactory

pytestmark = pytest.mark.django_db

BATCH_ID = "5f0c6d2e-8f4b-4c1e-9a57-2d7b3e1f9a10"  # fixed: xdist needs stable test ids


def engagement_url(token, item):
    return reverse("room:engagement", args=[token, item.pk])


def post(client, url, *items, batch_id=None, raw=None):
    body = (
        raw
        if raw is not None
        else json.dumps({"batch_id": str(batch_id or uuid.uuid4()), "items": list(items)})
    )
    return client.post(url, data=body, content_type="application/json")


@pytest.fixture
def deck_item(room, deck):
    return room.items.get(asset=deck)


def test_the_item_viewer_posts_page_timings_and_they_become_a_visit(
    client, room, token, deck, deck_item
):
    client.get(reverse("room:page", args=[token]))
    html = client.get(reverse("room:item", args=[token, deck_item.pk])).content.decode()
    assert engagement_url(token, deck_item) in html  # the viewer is told where to post
    url = engagement_url(token, deck_item)
    first = post(client, url, {"page": 1, "seconds": 12}, {"page": 2, "seconds": 30})
    assert first.status_code == 200, first.content
    assert first.json()["accepted"] == 2
    post(client, url, {"page": 2, "seconds": 8})
    visit = RoomItemVisit.objects.get()
    assert visit.asset_id == deck.pk
    assert visit.visitor.room_id == room.pk
    assert visit.seconds == 50
    assert visit.pages == {"1": 12.0, "2": 38.0}


def test_a_repeated_batch_is_stored_once(client, token, deck_item):
    client.get(reverse("room:page", args=[token]))
    url = engagement_url(token, deck_item)
    batch_id = uuid.uuid4()
    assert post(client, url, {"page": 1, "seconds": 5}, batch_id=batch_id).json()["accepted"] == 1
    again = post(client, url, {"page": 1, "seconds": 5}, batch_id=batch_id)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert RoomBeat.objects.count() == 1
    assert RoomItemVisit.objects.get().seconds == 5


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b"\x00\xff not json", "body"),
        (b"[1, 2]", "body"),
        (b"[" * 5000 + b"]" * 5000, "body"),
        (json.dumps({"items": [{"page": 1, "seconds": 1}]}), "batch_id"),
        (json.dumps({"batch_id": "'; DROP TABLE x; --", "items": []}), "batch_id"),
        (json.dumps({"batch_id": BATCH_ID, "items": "x" * 10}), "items"),
        (
            json.dumps({"batch_id": BATCH_ID, "items": [{"page": 50, "seconds": 1}]}),
            "items",
        ),
        (
            json.dumps({"batch_id": BATCH_ID, "items": [{"page": 2**80, "seconds": 1}]}),
            "items",
        ),
        (
            json.dumps({"batch_id": BATCH_ID, "items": [{"page": 1, "seconds": 1e308}]}),
            "items",
        ),
        (b"x" * (70 * 1024), "body"),
    ],
)
def test_hostile_batches_are_400_naming_the_field(client, token, deck_item, raw, field):
    client.get(reverse("room:page", args=[token]))
    response = post(client, engagement_url(token, deck_item), raw=raw)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not RoomItemVisit.objects.exists()


def test_one_bad_item_rejects_only_itself(client, token, deck_item):
    client.get(reverse("room:page", args=[token]))
    response = post(
        client,
        engagement_url(token, deck_item),
        {"page": 1, "seconds": 4},
        {"page": "1\x00", "seconds": 1},
        {"page": 2, "seconds": -3},
    )
    assert response.status_code == 200
    assert [row["index"] for row in response.json()["rejected"]] == [1, 2]
    assert RoomItemVisit.objects.get().pages == {"1": 4.0}


def test_an_item_without_pages_takes_no_page_timing(client, room, token, story):
    client.get(reverse("room:page", args=[token]))
    item = room.items.get(asset=story)
    response = post(client, engagement_url(token, item), {"page": 1, "seconds": 4})
    assert response.status_code == 400
    assert not RoomItemVisit.objects.exists()


def test_the_owner_preview_a_closed_gate_and_a_revoked_room_store_nothing(
    client, sales_user, room, token, deck_item
):
    url = engagement_url(token, deck_item)
    client.force_login(sales_user)
    assert post(client, url, {"page": 1, "seconds": 4}).json()["ignored"] == "owner"
    client.logout()
    room.email_gate = True
    room.save()
    gated = post(client, url, {"page": 1, "seconds": 4})
    assert gated.status_code == 403 and "email" in gated.json()["errors"]
    room.email_gate = False
    room.save()
    assert (
        post(
            client, reverse("room:engagement", args=[token, 2**31 - 1]), {"page": 1, "seconds": 1}
        ).status_code
        == 404
    )
    room_revoke(room=room, user=sales_user)
    assert post(client, url, {"page": 1, "seconds": 4}).status_code == 410
    assert not RoomItemVisit.objects.exists()


def test_the_owner_and_the_deal_page_show_time_per_page(
    client, sales_user, room, token, deal, deck_item
):
    client.get(reverse("room:page", args=[token]))
    post(client, engagement_url(token, deck_item), {"page": 2, "seconds": 42})
    client.force_login(sales_user)
    room_page = client.get(reverse("rooms:detail", args=[room.pk])).content.decode()
    assert 'data-page="2"' in room_page
    deal_page = client.get(f"/deals/{deal.pk}/").content.decode()
    assert "Reading in the rooms" in deal_page
    assert 'data-page="2"' in deal_page and "Globex: what we discussed" in deal_page


def test_the_deal_page_hides_room_reading_of_an_asset_the_viewer_may_not_see(
    client, sales_user, deal
):
    secret = CaseStudyPageFactory(title="Secret pricing story")
    room, _ = room_create(user=sales_user, deal=deal, title="Private", assets=[secret])
    RoomItemVisit.objects.create(
        visitor=room.visitors.create(
            visitor_key="k",
            first_opened_at=secret.first_published_at,
            last_opened_at=secret.first_published_at,
        ),
        asset=secret,
        started_at=secret.first_published_at,
        last_activity_at=secret.first_published_at,
        seconds=9,
        pages={"1": 9},
    )
    secret.visibility = AssetPage.Visibility.RESTRICTED
    secret.save()
    secret.visible_to_groups.set([Group.objects.create(name="Board")])
    manager = UserFactory(groups=[SALES])
    manager.groups.add(Group.objects.get_or_create(name="Managers")[0])
    client.force_login(manager)
    html = client.get(f"/deals/{deal.pk}/").content.decode()
    assert "Secret pricing story" not in html
