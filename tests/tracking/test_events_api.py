"""POST /api/v1/events/: per-item validation, idempotency, 400s, concurrency."""

import datetime
import json
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from content.groups import MARKETING, SALES
from enablement.tracking.models import AssetDailyUsage, UsageEvent
from tests.factories import CaseStudyPageFactory, UserFactory
from tests.tracking.factories import DealFactory

URL = "/api/v1/events/"


def api_client(user) -> Client:
    _, key = APIToken.create_token(user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def post(client, payload):
    return client.post(URL, data=json.dumps(payload), content_type="application/json")


def event(asset, **overrides):
    item = {
        "event_id": str(uuid.uuid4()),
        "asset_id": asset.pk,
        "kind": "view",
        "occurred_at": (timezone.now() - datetime.timedelta(minutes=5)).isoformat(),
    }
    item.update(overrides)
    return item


@pytest.mark.django_db
def test_batch_of_1000_with_3_bad_events_accepts_997(library, sales_user):
    # given 1,000 events, three of them bad in different ways
    asset = CaseStudyPageFactory()
    # the rep's own open deal: a rep may link usage only to those (attribution integrity)
    deal = DealFactory(external_id="006OK", owner=sales_user)
    items = [event(asset, deal_id="006OK" if i % 2 else None) for i in range(1000)]
    items[10]["kind"] = "teleport"
    items[500]["occurred_at"] = "yesterday-ish"
    items[999]["event_id"] = "not-a-uuid"

    # when posted
    response = post(api_client(sales_user), {"events": items})

    # then 997 are stored and the three come back with index and reason
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["accepted"], body["duplicates"]) == (997, 0)
    rejected = {item["index"]: item for item in body["rejected"]}
    assert set(rejected) == {10, 500, 999}
    assert "kind" in rejected[10]["errors"]
    assert rejected[500]["errors"]["occurred_at"] == ["Not an ISO 8601 timestamp."]
    assert rejected[999]["event_id"] == "not-a-uuid"
    assert "event_id" in rejected[999]["errors"]
    assert UsageEvent.objects.count() == 997
    assert UsageEvent.objects.filter(deal=deal).count() == 500 - (1 if 999 % 2 else 0)


@pytest.mark.django_db
def test_each_reason_is_reported(library, sales_user):
    asset = CaseStudyPageFactory()
    restricted = CaseStudyPageFactory(groups=[MARKETING])
    draft = CaseStudyPageFactory(live=False)
    future = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    items = [
        event(restricted),
        event(draft),
        {**event(asset), "asset_id": 999999},
        event(asset, occurred_at=future),
        {k: v for k, v in event(asset).items() if k != "event_id"},
        event(asset, deal_id="NOPE"),
        event(asset, metadata=["not", "an", "object"]),
        "not an object",
    ]
    body = post(api_client(sales_user), {"events": items}).json()
    errors = {item["index"]: item["errors"] for item in body["rejected"]}
    assert errors[0] == {"asset_id": ["Unknown asset, or not visible to you."]}
    assert errors[1] == errors[2] == errors[0]
    assert errors[3] == {"occurred_at": ["Timestamp is in the future."]}
    assert errors[4] == {"event_id": ["This field is required."]}
    assert errors[5] == {"deal_id": ["Unknown deal."]}
    assert "metadata" in errors[6]
    assert "event" in errors[7]
    assert body["accepted"] == 0


@pytest.mark.django_db
def test_duplicate_event_ids_are_counted_once(
    library, sales_user, django_capture_on_commit_callbacks
):
    asset = CaseStudyPageFactory()
    client = api_client(sales_user)
    same = event(asset)
    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, {"events": [same, same, event(asset)]}).json()
    with django_capture_on_commit_callbacks(execute=True):
        again = post(client, {"events": [same]}).json()

    assert (first["accepted"], first["duplicates"]) == (2, 1)
    assert (again["accepted"], again["duplicates"]) == (0, 1)
    assert UsageEvent.objects.filter(event_id=same["event_id"]).count() == 1
    assert AssetDailyUsage.objects.get(asset=asset).uses == 2


@pytest.mark.postgres(
    reason="four writers at once: SQLite's shared-cache test database locks whole tables "
    "and answers 'database table is locked' instead of waiting"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_duplicates_posted_concurrently_are_stored_once(library):
    # given 4 clients posting the same 200 events at the same moment
    user = UserFactory(groups=[SALES])
    asset = CaseStudyPageFactory()
    items = [event(asset) for _ in range(200)]
    token = APIToken.create_token(user=user, name="tests")[1]
    barrier = threading.Barrier(4)
    answers = []

    def send():
        try:
            client = Client(HTTP_AUTHORIZATION=f"Token {token}")
            barrier.wait()
            answers.append(post(client, {"events": items}).json())
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then every event is stored once, and exactly one answer accepted each one
    assert UsageEvent.objects.count() == 200
    assert sum(answer["accepted"] for answer in answers) == 200
    assert sum(answer["duplicates"] for answer in answers) == 600
    assert AssetDailyUsage.objects.get(asset=asset).uses == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, field",
    [
        ("{not json", "detail"),
        (json.dumps([]), "events"),
        (json.dumps({"evnts": []}), "events"),
        (json.dumps({"events": {"a": 1}}), "events"),
    ],
)
def test_malformed_body_is_a_400(library, sales_user, body, field):
    response = api_client(sales_user).post(URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.django_db
def test_more_than_1000_events_is_a_400_and_stores_nothing(library, sales_user):
    asset = CaseStudyPageFactory()
    response = post(api_client(sales_user), {"events": [event(asset) for _ in range(1001)]})
    assert response.status_code == 400
    assert response.json()["errors"]["events"] == ["At most 1000 events per request, got 1001."]
    assert not UsageEvent.objects.exists()


@pytest.mark.django_db
def test_outsiders_and_anonymous_cannot_post(library, outsider_user):
    asset = CaseStudyPageFactory()
    assert post(api_client(outsider_user), {"events": [event(asset)]}).status_code == 403
    assert post(Client(), {"events": [event(asset)]}).status_code in (401, 403)
