"""Pinned query counts on the hot paths of tracking: event ingestion and asset page serving.

Each count must stay the same however large the batch or the page's tags and deals, so an
N+1 regression fails here.
"""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import APIToken

from enablement.tracking.models import UsageEvent
from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db

# The same on PostgreSQL and SQLite: the token, the user's groups, the assets and deals of
# the whole batch looked up once each, one multi-row INSERT.
EVENTS_QUERIES = 9
# Routing, visibility, the page's tags and attachment, its visible translations ("also
# in"), the rep's open deals, the view event; the header's unread notifications count and
# the star (home).
ASSET_PAGE_QUERIES = 22


def _batch(*, assets, deal, size: int) -> list[dict]:
    occurred_at = (timezone.now() - datetime.timedelta(minutes=5)).isoformat()
    return [
        {
            "event_id": str(uuid.uuid4()),
            "asset_id": assets[index % len(assets)].pk,
            "kind": "view",
            "occurred_at": occurred_at,
            "deal_id": deal.external_id if index % 2 else None,
        }
        for index in range(size)
    ]


def _count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_event_ingestion_query_count_is_constant_in_batch_size(
    library, sales_user, django_assert_num_queries
):
    # given a rep's token, three assets and the rep's own open deal
    _, key = APIToken.create_token(user=sales_user, name="tests")
    # a token's first use in a minute also records it (one UPDATE); pin the steady state
    APIToken.objects.filter(user=sales_user).update(last_used_at=timezone.now())
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assets = [CaseStudyPageFactory() for _ in range(3)]
    deal = DealFactory(external_id="006PIN", owner=sales_user)

    def post(size: int):
        payload = {"events": _batch(assets=assets, deal=deal, size=size)}
        response = client.post("/api/v1/events/", json.dumps(payload), "application/json")
        assert response.status_code == 200, response.content
        assert response.json()["accepted"] == size

    # when a batch of 2 and a batch of 200 are posted, then both cost the same queries
    with django_assert_num_queries(EVENTS_QUERIES):
        post(2)
    with django_assert_num_queries(EVENTS_QUERIES):
        post(200)
    assert UsageEvent.objects.count() == 202


def test_asset_page_query_count_is_constant_in_tags_and_deals(
    client, library, sales_user, django_assert_num_queries
):
    # given a small asset page and a richer one, and a rep with one, then six open deals
    small = CaseStudyPageFactory(segments=["Banking"], stages=["Discovery"])
    rich = CaseStudyPageFactory(
        segments=["Banking", "Retail", "Healthcare"], stages=["Discovery", "Demo", "Proposal"]
    )
    DealFactory(owner=sales_user)
    client.force_login(sales_user)
    client.get(small.url)  # warm the session and site caches

    # when each page is served, then the query count is the same
    with django_assert_num_queries(ASSET_PAGE_QUERIES):
        assert client.get(small.url).status_code == 200
    for _ in range(5):
        DealFactory(owner=sales_user)
    with django_assert_num_queries(ASSET_PAGE_QUERIES):
        assert client.get(rich.url).status_code == 200
    # and each page view was recorded (the repeated view of ``small`` within the same
    # 30-second capture window counts once, as a double click does)
    viewed = UsageEvent.objects.filter(kind="view").values_list("asset_id", flat=True)
    assert set(viewed) == {small.pk, rich.pk}
