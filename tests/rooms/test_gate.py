"""The optional email gate, and the rep seeing who opened what and when."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enablement.rooms.models import Room, RoomVisitor
from enablement.tracking.models import UsageEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def gated(room):
    Room.objects.filter(pk=room.pk).update(email_gate=True)
    room.refresh_from_db()
    return room


def test_the_gate_shows_nothing_until_an_email_is_given(client, gated, token, deck):
    response = client.get(reverse("room:page", args=[token]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="email"' in body
    assert "Platform overview deck" not in body
    item = gated.items.get(asset=deck)
    assert client.get(reverse("room:item", args=[token, item.pk])).status_code == 302
    image = reverse("room:page-image", args=[token, item.pk, 1, "thumbnail"])
    assert client.get(image).status_code == 403
    assert not UsageEvent.objects.filter(user=None).exists()
    assert not RoomVisitor.objects.exists()


@pytest.mark.parametrize(
    "email",
    [
        "",
        "not-an-email",
        "ann@globex.example\x00",
        "<script>alert(1)</script>@x.io",
        "a" * 250 + "@x.io",
        "ann@globex.example' OR '1'='1",
    ],
    ids=["empty", "plain", "nul", "script", "too-long", "quote"],
)
def test_a_bad_email_is_a_400_naming_the_field(client, gated, token, email):
    response = client.post(reverse("room:page", args=[token]), {"email": email})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert "<script>alert(1)" not in response.content.decode()
    assert not RoomVisitor.objects.exists()


def test_after_the_gate_the_visitor_is_known_by_email(client, gated, token, deck):
    response = client.post(
        reverse("room:page", args=[token]), {"email": " Ann@Globex.example "}, follow=True
    )
    assert response.status_code == 200
    assert "Platform overview deck" in response.content.decode()
    item = gated.items.get(asset=deck)
    client.get(reverse("room:item", args=[token, item.pk]))
    visitor = RoomVisitor.objects.get()
    assert visitor.email == "ann@globex.example"
    views = UsageEvent.objects.filter(user=None, metadata__room_event="item")
    assert [event.metadata["visitor"] for event in views] == [visitor.visitor_key]


def test_the_rep_sees_who_opened_what_and_when(client, gated, token, deck, sales_user):
    client.post(reverse("room:page", args=[token]), {"email": "ann@globex.example"})
    client.get(reverse("room:page", args=[token]))
    client.get(reverse("room:item", args=[token, gated.items.get(asset=deck).pk]))
    other = client.__class__()
    other.post(reverse("room:page", args=[token]), {"email": "bob@globex.example"})
    other.get(reverse("room:page", args=[token]))

    client.force_login(sales_user)
    body = client.get(reverse("rooms:detail", args=[gated.pk])).content.decode()
    assert "ann@globex.example" in body
    assert "bob@globex.example" in body
    assert "viewed Platform overview deck" in body
    ann = body.index("ann@globex.example")
    bob = body.index("bob@globex.example")
    # bob opened last, so he is listed first; only ann viewed the deck
    assert bob < ann < body.index("viewed Platform overview deck")
    listing = client.get(reverse("rooms:list")).content.decode()
    assert "Globex: what we discussed" in listing
    assert "not yet" not in listing
