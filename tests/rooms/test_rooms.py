"""Deal rooms, the rep's side: only on the rep's own open deals, only shareable assets,
plain-text notes, revoke and a new link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.groups import MANAGERS, SALES
from enablement.rooms.models import Room
from enablement.rooms.services import RoomError, room_create, room_item_add
from enablement.tracking.models import Deal, UsageEvent
from enablement.tracking.services import share_token_hash
from tests.factories import CaseStudyPageFactory, UserFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db


def test_a_room_stores_only_the_hash_of_its_token_and_records_a_share_per_item(
    room, token, deal, deck, story, sales_user
):
    assert len(token) >= 43
    assert room.token_hash == share_token_hash(token)
    assert [item.asset_id for item in room.items.all()] == [deck.pk, story.pk]
    shares = UsageEvent.objects.filter(kind="share", deal=deal)
    assert sorted(shares.values_list("asset_id", flat=True)) == sorted([deck.pk, story.pk])
    assert all(event.user == sales_user for event in shares)


@pytest.mark.parametrize(
    "make_deal",
    [
        pytest.param(lambda rep: DealFactory(owner=UserFactory(groups=[SALES])), id="other-rep"),
        pytest.param(lambda rep: DealFactory(owner=rep, status=Deal.Status.WON), id="won"),
        pytest.param(lambda rep: DealFactory(owner=rep, status=Deal.Status.LOST), id="lost"),
        pytest.param(lambda rep: DealFactory(owner=None), id="unowned"),
    ],
)
def test_rooms_only_on_the_reps_own_open_deals(sales_user, story, make_deal):
    with pytest.raises(RoomError) as raised:
        room_create(user=sales_user, deal=make_deal(sales_user), title="x", assets=[story])
    assert raised.value.field == "deal"
    assert not Room.objects.exists()


def test_even_a_manager_only_builds_rooms_on_their_own_deals(library, story):
    manager = UserFactory(groups=[MANAGERS])
    other_deal = DealFactory(owner=UserFactory(groups=[SALES]))
    with pytest.raises(RoomError):
        room_create(user=manager, deal=other_deal, title="x", assets=[story])


def test_drafts_and_restricted_assets_cannot_be_added(sales_user, deal, library):
    draft = CaseStudyPageFactory(live=False)
    restricted = CaseStudyPageFactory(groups=[MANAGERS])
    for asset in (draft, restricted):
        with pytest.raises(RoomError) as raised:
            room_create(user=sales_user, deal=deal, title="x", assets=[asset])
        assert raised.value.field == "items"
    room, _token = room_create(user=sales_user, deal=deal, title="x")
    with pytest.raises(RoomError):
        room_item_add(room=room, user=sales_user, asset=restricted)
    assert not room.items.exists()


def test_only_the_owner_may_change_a_room(room, library, story):
    other = UserFactory(groups=[SALES])
    with pytest.raises(PermissionError):
        room_item_add(room=room, user=other, asset=story)


def test_the_create_page_offers_only_own_open_deals_and_refuses_another(
    client, sales_user, deal, story
):
    foreign = DealFactory(owner=UserFactory(groups=[SALES]), name="Initech expansion")
    won = DealFactory(owner=sales_user, status=Deal.Status.WON, name="Umbrella won deal")
    client.force_login(sales_user)
    page = client.get(reverse("rooms:create"))
    assert page.status_code == 200
    assert b"Globex renewal" in page.content
    assert b"Initech expansion" not in page.content
    assert b"Umbrella won deal" not in page.content
    for other in (foreign, won):
        response = client.post(
            reverse("rooms:create"),
            {"deal": other.pk, "title": "Sneaky", "items": [story.pk], "expires_in_days": 14},
        )
        assert response.status_code == 400
        assert "deal" in response.context["form"].errors
    assert not Room.objects.exists()


def test_creating_a_room_on_the_page_shows_its_link_once(client, sales_user, deal, story):
    client.force_login(sales_user)
    response = client.post(
        reverse("rooms:create"),
        {"deal": deal.pk, "title": "For Globex", "items": [story.pk], "expires_in_days": 30},
        follow=True,
    )
    assert response.status_code == 200
    room = Room.objects.get()
    url = response.context["new_link"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert room.token_hash == share_token_hash(token)
    again = client.get(reverse("rooms:detail", args=[room.pk]))
    assert url.encode() not in again.content


HOSTILE = [
    ("title", "A\x00B", "title"),
    ("title", "x" * 201, "title"),
    ("note", "x" * 4001, "note"),
    ("note", "nul\x00byte", "note"),
    ("expires_in_days", "0", "expires_in_days"),
    ("expires_in_days", "91", "expires_in_days"),
    ("expires_in_days", "99999999999999999999999", "expires_in_days"),
    ("expires_in_days", "7'; DROP TABLE rooms_room;--", "expires_in_days"),
    ("items", "99999999999999999999999", "items"),
    ("items", "'", "items"),
    ("deal", "99999999999999999999999", "deal"),
    ("deal", "1 OR 1=1", "deal"),
]


@pytest.mark.parametrize("name,value,field", HOSTILE)
def test_hostile_form_input_is_a_400_naming_the_field(
    client, sales_user, deal, story, name, value, field
):
    data = {"deal": deal.pk, "title": "Fine", "items": [story.pk], "expires_in_days": 14}
    data[name] = value
    client.force_login(sales_user)
    response = client.post(reverse("rooms:create"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Room.objects.exists()


def test_the_note_is_plain_text_escaped_everywhere(client, sales_user, deal, story):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>\nline two'
    room, token = room_create(user=sales_user, deal=deal, title="<b>Bold</b> title", note=hostile)
    client.force_login(sales_user)
    rep_page = client.get(reverse("rooms:detail", args=[room.pk])).content.decode()
    client.logout()
    prospect_page = client.get(reverse("room:page", args=[token])).content.decode()
    for page in (rep_page, prospect_page):
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "<b>Bold</b>" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "<br>line two" in page


def test_someone_elses_room_is_not_found(client, room, library):
    client.force_login(UserFactory(groups=[SALES]))
    for name in ("rooms:detail", "rooms:edit"):
        assert client.get(reverse(name, args=[room.pk])).status_code == 404
    assert client.post(reverse("rooms:revoke", args=[room.pk])).status_code == 404
    room.refresh_from_db()
    assert room.revoked_at is None


def test_editing_a_room_adds_and_removes_items_and_moves_them(
    client, sales_user, room, deck, story, library
):
    third = CaseStudyPageFactory(title="Third story")
    client.force_login(sales_user)
    response = client.post(
        reverse("rooms:edit", args=[room.pk]),
        {"title": "New title", "note": "", "items": [story.pk, third.pk]},
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.title == "New title"
    assert [item.asset_id for item in room.items.all()] == [story.pk, third.pk]
    last = room.items.get(asset=third)
    client.post(reverse("rooms:item-move", args=[room.pk, last.pk]), {"direction": "up"})
    assert [item.asset_id for item in room.items.all()] == [third.pk, story.pk]


def test_revoke_and_a_new_link(client, sales_user, room, token):
    client.force_login(sales_user)
    client.post(reverse("rooms:revoke", args=[room.pk]))
    client.logout()
    assert client.get(reverse("room:page", args=[token])).status_code == 410
    client.force_login(sales_user)
    response = client.post(
        reverse("rooms:renew", args=[room.pk]), {"expires_in_days": "7"}, follow=True
    )
    new_url = response.context["new_link"]
    client.logout()
    assert client.get(new_url).status_code == 200
    assert client.get(reverse("room:page", args=[token])).status_code == 404  # old one


def test_editing_keeps_a_retired_item_the_form_could_not_offer(
    client, sales_user, room, story, deck, marketing_user
):
    from enablement.governance.services import asset_retire

    new = CaseStudyPageFactory(title="Acme, 2026 edition")
    asset_retire(asset=story, user=marketing_user, reason="Outdated", replacement=new)
    client.force_login(sales_user)
    response = client.post(
        reverse("rooms:edit", args=[room.pk]), {"title": "Renamed", "items": [deck.pk]}
    )
    assert response.status_code == 302
    assert sorted(room.items.values_list("asset_id", flat=True)) == sorted([deck.pk, story.pk])
    detail = client.get(reverse("rooms:detail", args=[room.pk])).content.decode()
    assert "shown as its replacement “Acme, 2026 edition”" in detail


def test_an_asset_page_starts_a_room_with_that_asset(client, sales_user, deal, story):
    client.force_login(sales_user)
    page = client.get(story.url).content.decode()
    start = f"{reverse('rooms:create')}?asset={story.pk}"
    assert start in page
    form = client.get(start).context["form"]
    assert form["items"].value() == [str(story.pk)]
    for hostile in ("99999999999999999999999", "'\x00", "-1"):
        assert client.get(reverse("rooms:create"), {"asset": hostile}).status_code == 200
