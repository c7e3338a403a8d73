"""The prospect's room page: no login, branded, items with thumbnails through token-checked
views; opens and item views are usage events on the deal, counted once and attributed to it;
a revoked or expired room stops serving everything at once; retired items follow their
replacement or disappear; restricted items never leak."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from content.groups import MANAGERS, SALES
from enablement.core.models import Branding
from enablement.governance.services import asset_retire
from enablement.rooms.models import Room, RoomVisitor
from enablement.rooms.services import room_create
from enablement.rooms.signals import room_first_opened
from enablement.tracking.models import DealInfluence, UsageEvent
from enablement.tracking.services import usage_rollup_run
from tests.factories import CaseStudyPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def page(token):
    return reverse("room:page", args=[token])


def item_url(token, item):
    return reverse("room:item", args=[token, item.pk])


def image_url(token, item, number=1, size="thumbnail"):
    return reverse("room:page-image", args=[token, item.pk, number, size])


def prospect_events(**filters):
    return UsageEvent.objects.filter(user=None, metadata__prospect=True, **filters)


def test_the_room_shows_its_items_with_thumbnails_without_login(client, room, token, deck):
    Branding.objects.create(site_name="Northwind Sales")
    response = client.get(page(token))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Northwind Sales" in body
    assert "Globex: what we discussed" in body
    assert "Platform overview deck" in body and "Acme cut onboarding" in body
    deck_item = room.items.get(asset=deck)
    assert image_url(token, deck_item) in body
    image = client.get(image_url(token, deck_item))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/webp"
    assert "no-store" in image["Cache-Control"]
    # the library's own image URL still needs a login
    assert (
        client.get(reverse("content:page-image", args=[deck.pk, 1, "thumbnail"])).status_code == 403
    )


def test_opening_an_item_shows_its_pages_and_only_prospect_fields(client, room, token, deck):
    deck_item = room.items.get(asset=deck)
    response = client.get(item_url(token, deck_item))
    assert response.status_code == 200
    body = response.content.decode()
    assert image_url(token, deck_item, 2, "page") in body
    assert client.get(image_url(token, deck_item, 2, "page")).status_code == 200
    assert client.get(image_url(token, deck_item, 99, "page")).status_code == 404
    assert "Download the PDF" not in body  # downloads are off by default
    assert client.get(reverse("room:download", args=[token, deck_item.pk])).status_code == 404


def test_downloads_only_when_the_room_allows_them(client, room, token, deck):
    Room.objects.filter(pk=room.pk).update(allow_download=True)
    deck_item = room.items.get(asset=deck)
    assert "Download the PDF" in client.get(item_url(token, deck_item)).content.decode()
    response = client.get(reverse("room:download", args=[token, deck_item.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert prospect_events(kind="download", asset=deck).count() == 1


def test_room_events_are_counted_once_and_attributed_to_the_deal(
    client, room, token, deal, deck, story
):
    deck_item = room.items.get(asset=deck)
    # when the prospect opens the room and one item, reloading each several times
    for _ in range(3):
        assert client.get(page(token)).status_code == 200
        assert client.get(item_url(token, deck_item)).status_code == 200
    # then one open per item and one item view, all on the deal, none with a user
    opens = prospect_events(metadata__room_event="open")
    assert sorted(opens.values_list("asset_id", flat=True)) == sorted([deck.pk, story.pk])
    views = prospect_events(metadata__room_event="item")
    assert list(views.values_list("asset_id", flat=True)) == [deck.pk]
    assert set(prospect_events().values_list("deal_id", flat=True)) == {deal.pk}
    assert set(prospect_events().values_list("metadata__room", flat=True)) == {room.pk}
    visitor = RoomVisitor.objects.get(room=room)
    assert visitor.opens == 1
    # and the rollups count the items as influences: the rep's share + the prospect's
    # open (+ the item view for the deck), never the reloads
    usage_rollup_run()
    influences = dict(DealInfluence.objects.filter(deal=deal).values_list("asset_id", "uses"))
    assert influences == {deck.pk: 3, story.pk: 2}


def test_two_visitors_are_two_opens(client, room, token, deck):
    client.get(page(token))
    other = client.__class__()
    other.get(page(token))
    assert RoomVisitor.objects.filter(room=room).count() == 2
    assert prospect_events(metadata__room_event="open", asset=deck).count() == 2


def test_the_owners_own_look_is_a_preview_and_not_counted(client, room, token, sales_user):
    client.force_login(sales_user)
    response = client.get(page(token))
    assert response.status_code == 200
    assert b"your own preview" in response.content
    client.get(item_url(token, room.items.first()))
    assert not prospect_events().exists()
    assert not RoomVisitor.objects.exists()
    room.refresh_from_db()
    assert room.first_opened_at is None


def test_first_open_sends_the_signal_once(client, room, token, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, room, opened_at, **kwargs):
        received.append((room.pk, opened_at))

    room_first_opened.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.get(page(token))
        with django_capture_on_commit_callbacks(execute=True):
            client.__class__().get(page(token))
    finally:
        room_first_opened.disconnect(receiver)
    assert [pk for pk, _ in received] == [room.pk]
    room.refresh_from_db()
    assert room.first_opened_at == received[0][1]


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_a_revoked_or_expired_room_stops_serving_everything_at_once(client, room, token, deck, how):
    deck_item = room.items.get(asset=deck)
    Room.objects.filter(pk=room.pk).update(allow_download=True)
    urls = [
        page(token),
        item_url(token, deck_item),
        image_url(token, deck_item),
        image_url(token, deck_item, 1, "page"),
        reverse("room:download", args=[token, deck_item.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [200, 200, 200, 200, 200]
    before = UsageEvent.objects.count()
    if how == "revoked":
        Room.objects.filter(pk=room.pk).update(revoked_at=timezone.now())
    else:
        Room.objects.filter(pk=room.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    assert [client.get(url).status_code for url in urls] == [410] * 5
    assert UsageEvent.objects.count() == before


@pytest.mark.parametrize(
    "token", ["nope", "x" * 101, "%00", "' OR 1=1 --", "a" * 43], ids=lambda t: t[:8]
)
def test_unknown_tokens_are_not_found(client, token, db):
    assert client.get(f"/room/{token}/").status_code == 404
    assert client.get(f"/room/{token}/items/1/pages/1/thumbnail/").status_code == 404


def test_hostile_item_and_page_addresses_are_not_found(client, room, token):
    item = room.items.first()
    for url in (
        f"/room/{token}/items/99999999999999999999999/",
        f"/room/{token}/items/{item.pk}/pages/99999999999999999999999/page/",
        f"/room/{token}/items/{item.pk}/pages/1/huge/",
    ):
        assert client.get(url).status_code == 404, url


def test_an_item_of_another_room_is_not_served_through_this_one(client, room, token, deal):
    other_story = CaseStudyPageFactory(title="Other room story")
    other, _other_token = room_create(
        user=room.owner, deal=deal, title="Other", assets=[other_story]
    )
    assert client.get(item_url(token, other.items.get())).status_code == 404


def test_a_retired_item_follows_its_replacement_and_counts_for_it(
    client, room, token, deal, story, marketing_user
):
    new = CaseStudyPageFactory(title="Acme story, 2026 edition")
    asset_retire(asset=story, user=marketing_user, reason="Internal: outdated", replacement=new)
    body = client.get(page(token)).content.decode()
    assert "Acme story, 2026 edition" in body
    assert "Acme cut onboarding" not in body
    assert "Internal: outdated" not in body
    story_item = room.items.get(asset=story)
    item_body = client.get(item_url(token, story_item)).content.decode()
    assert "replaced by this up-to-date version" in item_body
    view = prospect_events(metadata__room_event="item").get()
    assert (view.asset_id, view.deal_id, view.metadata["via_retired_asset"]) == (
        new.pk,
        deal.pk,
        story.pk,
    )
    usage_rollup_run()
    assert DealInfluence.objects.filter(deal=deal, asset=new).exists()


def test_a_retired_item_without_replacement_disappears(client, room, token, story, marketing_user):
    asset_retire(asset=story, user=marketing_user, reason="Withdrawn")
    body = client.get(page(token)).content.decode()
    assert "Acme cut onboarding" not in body
    assert "Platform overview deck" in body
    assert client.get(item_url(token, room.items.get(asset=story))).status_code == 404
    assert not prospect_events(asset=story).exists()


def test_restricted_items_never_leak(client, library, deck):
    # a rep in Managers and Sales adds a Managers-only story, then leaves Managers
    rep = UserFactory(groups=[SALES, MANAGERS])
    from tests.tracking.factories import DealFactory

    deal = DealFactory(owner=rep)
    secret = CaseStudyPageFactory(title="Managers-only margin story", groups=[MANAGERS])
    room, token = room_create(user=rep, deal=deal, title="Room", assets=[deck, secret])
    assert "Managers-only margin story" in client.get(page(token)).content.decode()
    rep.groups.remove(rep.groups.get(name=MANAGERS))
    body = client.get(page(token)).content.decode()
    assert "Managers-only margin story" not in body
    secret_item = room.items.get(asset=secret)
    assert client.get(item_url(token, secret_item)).status_code == 404
    assert client.get(image_url(token, secret_item)).status_code == 404


def test_a_draft_again_item_disappears(client, room, token, deck):
    deck.unpublish()
    assert "Platform overview deck" not in client.get(page(token)).content.decode()
    assert client.get(image_url(token, room.items.get(asset=deck))).status_code == 404


def test_a_visitor_straight_to_an_item_is_listed_too(client, room, token, deck):
    client.get(item_url(token, room.items.get(asset=deck)))
    visitor = RoomVisitor.objects.get(room=room)
    assert visitor.opens == 0
    assert prospect_events(
        metadata__room_event="item", metadata__visitor=visitor.visitor_key
    ).exists()


def test_the_first_prospect_open_notifies_the_owner_once(
    client, room, token, sales_user, django_capture_on_commit_callbacks
):
    from enablement.notifications.selectors import notifications_for_user

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.__class__().get(page(token))

    [notification] = notifications_for_user(user=sales_user)
    assert notification.title == "Globex opened your deal room Globex: what we discussed"
    assert notification.url == reverse("rooms:detail", args=[room.pk])
