"""``/api/v1/rooms/``: readable and writable by the owner only, rooms only on the caller's
own open deals, hostile input a 400 naming the field, documented in the OpenAPI schema."""

from __future__ import annotations

import json

import pytest

from content.groups import MANAGERS, SALES
from enablement.rooms.models import Room
from enablement.tracking.models import Deal
from enablement.tracking.services import share_token_hash
from tests.conftest import api_client_for
from tests.factories import CaseStudyPageFactory, UserFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/rooms/"


def post(api, data, url=URL):
    return api.post(url, data=json.dumps(data), content_type="application/json")


def test_create_read_add_remove_revoke(api, client, deal, deck, story, library):
    # create
    response = post(
        api,
        {
            "deal": deal.external_id,
            "title": "For Globex",
            "note": "Hi",
            "items": [story.pk, deck.pk],
            "email_gate": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    room = Room.objects.get()
    token = body["url"].rstrip("/").rsplit("/", 1)[1]
    assert room.token_hash == share_token_hash(token)
    assert [item["asset_id"] for item in body["items"]] == [story.pk, deck.pk]
    assert body["deal"]["external_id"] == deal.external_id
    assert body["status"] == "active" and body["email_gate"] is True
    # read: the list and the room, never the url again
    listed = api.get(URL).json()["results"]
    assert [r["id"] for r in listed] == [room.pk]
    detail = api.get(f"{URL}{room.pk}/").json()
    assert "url" not in detail
    # add an item, again (no duplicate), remove one
    third = CaseStudyPageFactory(title="Third")
    assert post(api, {"asset_id": third.pk}, f"{URL}{room.pk}/items/").status_code == 201
    assert post(api, {"asset_id": third.pk}, f"{URL}{room.pk}/items/").status_code == 200
    assert api.delete(f"{URL}{room.pk}/items/{story.pk}/").status_code == 204
    assert api.delete(f"{URL}{room.pk}/items/{story.pk}/").status_code == 404
    assert [i.asset_id for i in room.items.all()] == [deck.pk, third.pk]
    # change
    changed = api.patch(
        f"{URL}{room.pk}/",
        data=json.dumps({"title": "Renamed", "email_gate": False}),
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert (changed.json()["title"], changed.json()["email_gate"]) == ("Renamed", False)
    # a prospect visit shows up
    client.get(f"/room/{token}/")
    visitors = api.get(f"{URL}{room.pk}/").json()["visitors"]
    assert len(visitors) == 1 and visitors[0]["opens"] == 1
    # revoke
    revoked = api.post(f"{URL}{room.pk}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert client.get(f"/room/{token}/").status_code == 410


@pytest.mark.parametrize(
    "make_deal",
    [
        pytest.param(lambda rep: DealFactory(owner=UserFactory(groups=[SALES])), id="other-rep"),
        pytest.param(lambda rep: DealFactory(owner=rep, status=Deal.Status.WON), id="won"),
    ],
)
def test_rooms_only_on_own_open_deals(api, sales_user, story, make_deal):
    deal = make_deal(sales_user)
    response = post(api, {"deal": deal.external_id, "title": "x", "items": [story.pk]})
    assert response.status_code == 400
    assert "deal" in response.json()["errors"]
    assert not Room.objects.exists()


def test_a_manager_may_not_build_a_room_on_a_reps_deal(deal, story):
    manager_api = api_client_for(UserFactory(groups=[MANAGERS]))
    response = post(manager_api, {"deal": deal.external_id, "title": "x"})
    assert response.status_code == 400
    assert "deal" in response.json()["errors"]


def test_restricted_and_draft_assets_are_refused(api, deal, library):
    for asset in (CaseStudyPageFactory(groups=[MANAGERS]), CaseStudyPageFactory(live=False)):
        response = post(api, {"deal": deal.external_id, "title": "x", "items": [asset.pk]})
        assert response.status_code == 400
        assert "items" in response.json()["errors"]
    assert not Room.objects.exists()


def test_someone_elses_room_is_not_found(room, story, library):
    other = api_client_for(UserFactory(groups=[SALES]))
    assert other.get(f"{URL}{room.pk}/").status_code == 404
    assert post(other, {"asset_id": story.pk}, f"{URL}{room.pk}/items/").status_code == 404
    assert other.delete(f"{URL}{room.pk}/items/{story.pk}/").status_code == 404
    assert other.post(f"{URL}{room.pk}/revoke/").status_code == 404
    assert other.get(URL).json()["results"] == []
    room.refresh_from_db()
    assert room.revoked_at is None and room.items.count() == 2


def test_outsiders_and_anonymous_callers_are_refused(client, outsider_user):
    assert client.get(URL).status_code in (401, 403)
    assert api_client_for(outsider_user).get(URL).status_code == 403


HOSTILE = [
    ("title", 5, "title"),
    ("title", {"$gt": ""}, "title"),
    ("title", "A\x00B", "title"),
    ("title", "x" * 201, "title"),
    ("note", ["a"], "note"),
    ("note", "n\x00", "note"),
    ("deal", 12, "deal"),
    ("deal", "x" * 65, "deal"),
    ("deal", "006\x00", "deal"),
    ("items", "1,2", "items"),
    ("items", [True], "items"),
    ("items", ["1"], "items"),
    ("items", [1.5], "items"),
    ("items", [10**30], "items"),
    ("items", [-1], "items"),
    ("items", [[[[[1]]]]], "items"),
    ("items", list(range(1, 40)), "items"),
    ("expires_in_days", 0, "expires_in_days"),
    ("expires_in_days", 91, "expires_in_days"),
    ("expires_in_days", "14", "expires_in_days"),
    ("expires_in_days", 10**4000, "expires_in_days"),
    ("email_gate", "yes", "email_gate"),
    ("email_gate", 1, "email_gate"),
    ("allow_download", None, "allow_download"),
    ("owner", "someone-else", "owner"),
]


@pytest.mark.parametrize(
    "name,value,field", HOSTILE, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(HOSTILE)]
)
def test_hostile_input_is_a_400_naming_the_field(api, deal, story, name, value, field):
    data = {"deal": deal.external_id, "title": "Fine", "items": [story.pk], name: value}
    body = json.dumps(data) if not isinstance(value, int) or value < 10**100 else None
    if body is None:  # a number too long for json.dumps' defaults is still valid JSON
        body = json.dumps({**data, name: 0}).replace('": 0', f'": {value}')
    response = api.post(URL, data=body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Room.objects.exists()


@pytest.mark.parametrize(
    "body",
    ["[]", '"room"', "null", "{", "[" * 100_000 + "]" * 100_000, '{"title": ' + "[" * 50_000],
    ids=["list", "string", "null", "truncated", "deep", "deep-open"],
)
def test_malformed_bodies_are_a_400(api, body):
    response = api.post(URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_hostile_item_adds_and_updates(api, room, library):
    for payload, field in (
        ({"asset_id": "1"}, "asset_id"),
        ({"asset_id": 2**40}, "asset_id"),
        ({"asset_id": 999999}, "asset_id"),
        ({}, "asset_id"),
    ):
        response = post(api, payload, f"{URL}{room.pk}/items/")
        assert response.status_code == 400 and field in response.json()["errors"], payload
    for payload, field in (
        ({"title": None}, "title"),
        ({"deal": "other"}, "deal"),
        ({"email_gate": "false"}, "email_gate"),
    ):
        response = api.patch(
            f"{URL}{room.pk}/", data=json.dumps(payload), content_type="application/json"
        )
        assert response.status_code == 400 and field in response.json()["errors"], payload
    assert api.get(f"{URL}99999999999999999999999/").status_code == 404
    assert api.delete(f"{URL}{room.pk}/items/99999999999999999999999/").status_code == 404


def test_the_schema_documents_the_rooms_endpoints(client, sales_user):
    client.force_login(sales_user)
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = json.loads(response.content) if response.content.startswith(b"{") else None
    text = response.content.decode()
    for path in (
        "/api/v1/rooms/",
        "/api/v1/rooms/{id}/",
        "/api/v1/rooms/{id}/items/",
        "/api/v1/rooms/{id}/items/{asset_id}/",
        "/api/v1/rooms/{id}/revoke/",
    ):
        assert path in text
    if schema is not None:
        create = schema["paths"]["/api/v1/rooms/"]["post"]
        assert "201" in create["responses"]
