"""Per-page engagement through a share link: batched, idempotent page timings merged into
visits (activity within 10 minutes is one visit), hostile input refused field by field,
and the rep's share-links page showing each visit with time per page."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from enablement.tracking.models import ShareLinkBeat, ShareLinkVisit
from enablement.tracking.services.engagement import engagement_record
from tests.tracking.share_world import shared_deck

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(library, sales_user):
    return shared_deck(sales_user)


def _post(client, token, payload, *, raw: bytes | None = None):
    return client.post(
        f"/share/{token}/engagement/",
        data=raw if raw is not None else json.dumps(payload),
        content_type="application/json",
    )


def _batch(*items, batch_id=None):
    return {"batch_id": str(batch_id or uuid.uuid4()), "items": list(items)}


def test_a_prospect_visit_posting_page_timings_is_the_summary_the_rep_sees(
    client, shared, sales_user
):
    _, link, token = shared
    client.get(f"/share/{token}/")  # CSRF is not needed: the token is the credential
    first = _batch({"page": 1, "seconds": 12.5}, {"page": 2, "seconds": 30})
    response = _post(client, token, first)
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == 2
    assert _post(client, token, first).json()["duplicate"] is True  # a retry counts once
    assert _post(client, token, _batch({"page": 2, "seconds": 15}, {"page": 3, "seconds": 4}))
    visit = ShareLinkVisit.objects.get()
    assert visit.link == link and visit.asset_id == link.asset_id
    assert visit.pages == {"1": 12.5, "2": 45.0, "3": 4.0}
    assert visit.seconds == 61.5
    assert ShareLinkBeat.objects.count() == 2

    client.force_login(sales_user)
    page = client.get("/library/share-links/").content.decode()
    assert "1 visit" in page
    assert "1 min 02 s reading" in page
    assert "p. 1: 12 s" in page and "p. 2: 45 s" in page and "p. 3: 4 s" in page


def test_activity_within_ten_minutes_is_one_visit_and_a_longer_pause_starts_another(shared):
    deck, link, _ = shared
    start = timezone.now() - datetime.timedelta(hours=1)
    minutes = datetime.timedelta(minutes=1)
    for offset, page in ((0, 1), (9, 2), (18, 2), (29, 3)):  # 9-min gaps, then 11
        engagement_record(
            link=link,
            asset=deck,
            batch_id=uuid.uuid4(),
            pages={page: 10.0},
            now=start + offset * minutes,
        )
    visits = list(ShareLinkVisit.objects.order_by("started_at"))
    assert [v.pages for v in visits] == [{"1": 10.0, "2": 20.0}, {"3": 10.0}]
    assert visits[0].last_activity_at == start + 18 * minutes


def test_the_sharers_own_preview_records_no_engagement(client, shared, sales_user):
    _, _, token = shared
    client.force_login(sales_user)
    assert b"engagement.js" not in client.get(f"/share/{token}/").content
    assert _post(client, token, _batch({"page": 1, "seconds": 5})).json()["ignored"] == "sharer"
    assert not ShareLinkVisit.objects.exists()


def test_a_revoked_link_takes_no_more_timings(client, shared, sales_user):
    _, link, token = shared
    link.revoked_at = timezone.now()
    link.save()
    response = _post(client, token, _batch({"page": 1, "seconds": 5}))
    assert response.status_code == 410 and "token" in response.json()["errors"]
    assert not ShareLinkVisit.objects.exists()


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


HOSTILE_BATCHES = [
    # (body, field named in the 400)
    (None, "body"),  # raw bytes below
    ([], "body"),
    ("text", "body"),
    ({"items": [{"page": 1, "seconds": 1}]}, "batch_id"),
    ({"batch_id": "not-a-uuid", "items": [{"page": 1, "seconds": 1}]}, "batch_id"),
    ({"batch_id": 12, "items": [{"page": 1, "seconds": 1}]}, "batch_id"),
    ({"batch_id": "\x00" + str(uuid.uuid4()), "items": []}, "batch_id"),
    ({"batch_id": str(uuid.uuid4()), "items": {"page": 1}}, "items"),
    ({"batch_id": str(uuid.uuid4()), "items": []}, "items"),
    ({"batch_id": str(uuid.uuid4()), "items": [{"page": 1, "seconds": 1}] * 201}, "items"),
]

HOSTILE_ITEMS = [
    ({"page": 0, "seconds": 1}, "page"),
    ({"page": 4, "seconds": 1}, "page"),  # the deck has 3 pages
    ({"page": -1, "seconds": 1}, "page"),
    ({"page": 10**30, "seconds": 1}, "page"),
    ({"page": "1\x00", "seconds": 1}, "page"),
    ({"page": "1", "seconds": 1}, "page"),
    ({"page": True, "seconds": 1}, "page"),
    ({"page": 1.5, "seconds": 1}, "page"),
    ({"page": [[[[1]]]], "seconds": 1}, "page"),
    ({"page": 1, "seconds": -5}, "seconds"),
    ({"page": 1, "seconds": 0}, "seconds"),
    ({"page": 1, "seconds": 1e308}, "seconds"),
    ({"page": 1, "seconds": 10**40}, "seconds"),
    ({"page": 1, "seconds": "5'; DROP TABLE"}, "seconds"),
    ({"page": 1, "seconds": {"a": {"b": {}}}}, "seconds"),
    ({"page": 1}, "seconds"),
    ("page 1", "item"),
    (None, "item"),
]


def test_hostile_batches_are_400_naming_the_field_never_500(client, shared):
    _, _, token = shared
    raw_cases = [
        (b"\x00\xff not json", "body"),
        (_nested(100_000).encode(), "body"),
        (b'{"batch_id": "' + b"a" * 70_000 + b'"}', "body"),
        (b'{"batch_id": "x", "items": [' + b"1e999" + b"]}", "batch_id"),
    ]
    for raw, field in raw_cases:
        response = _post(client, token, None, raw=raw)
        assert response.status_code == 400, raw[:40]
        assert field in response.json()["errors"], (raw[:40], response.json())
    for body, field in HOSTILE_BATCHES[1:]:
        response = _post(client, token, body)
        assert response.status_code == 400, body
        assert field in response.json()["errors"], (body, response.json())
    for item, field in HOSTILE_ITEMS:
        response = _post(client, token, _batch(item))
        assert response.status_code == 400, item
        rejected = response.json()["rejected"]
        assert rejected[0]["index"] == 0 and field in rejected[0]["errors"], (item, rejected)
    assert not ShareLinkVisit.objects.exists()


def test_one_bad_item_rejects_only_that_item(client, shared):
    _, _, token = shared
    response = _post(
        client,
        token,
        _batch({"page": 1, "seconds": 3}, {"page": 99, "seconds": 3}, {"page": 2, "seconds": -1}),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["accepted"] == 1
    assert [(r["index"], list(r["errors"])) for r in body["rejected"]] == [
        (1, ["page"]),
        (2, ["seconds"]),
    ]
    assert ShareLinkVisit.objects.get().pages == {"1": 3.0}
