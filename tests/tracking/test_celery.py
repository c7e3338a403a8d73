"""Celery for real: a dead broker loses nothing; a SIGKILLed worker ends with correct rollups.

These start ``celery -A enablement worker`` against the real Redis (CELERY_BROKER_URL) and
the test database, so they use transactional tests that commit.
"""

import datetime
import json
import random
import uuid
from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from content.groups import SALES
from enablement.tracking.models import AssetDailyUsage, DealInfluence, UsageEvent
from enablement.tracking.tasks import usage_events_process_task, usage_events_sweep_task
from tests.factories import CaseStudyPageFactory, UserFactory
from tests.tracking.conftest import wait_until
from tests.tracking.factories import DealFactory

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEAD_BROKER = "redis://127.0.0.1:1/0"


def point_app_at(app, url: str) -> None:
    """Repoint the app's producer (its connection pools are built lazily from the URL)."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.redis
def test_broker_down_events_are_accepted_then_processed_when_it_returns(
    library, celery_worker_factory, celery_live
):
    # given the broker is unreachable
    user = UserFactory(groups=[SALES])
    asset = CaseStudyPageFactory()
    token = APIToken.create_token(user=user, name="tests")[1]
    good_url = celery_live.conf.broker_url
    point_app_at(celery_live, DEAD_BROKER)
    try:
        items = [
            {
                "event_id": str(uuid.uuid4()),
                "asset_id": asset.pk,
                "kind": "download",
                "occurred_at": timezone.now().isoformat(),
            }
            for _ in range(50)
        ]
        # when events are posted
        response = Client(HTTP_AUTHORIZATION=f"Token {token}").post(
            "/api/v1/events/", data=json.dumps({"events": items}), content_type="application/json"
        )
    finally:
        point_app_at(celery_live, good_url)

    # then they are stored durably, not yet processed
    assert response.status_code == 200
    assert response.json()["accepted"] == 50
    assert UsageEvent.objects.filter(processed_at__isnull=True).count() == 50
    assert not AssetDailyUsage.objects.exists()

    # when the broker is back and the periodic sweep runs on a real worker
    celery_worker_factory().start()
    usage_events_sweep_task.delay()

    # then every event is processed, once
    wait_until(
        lambda: not UsageEvent.objects.filter(processed_at__isnull=True).exists(),
        timeout=60,
        message="the sweep did not process the events",
    )
    assert AssetDailyUsage.objects.get(asset=asset).uses == 50


@pytest.mark.redis
def test_worker_killed_mid_task_ends_with_correct_rollups(library, celery_worker_factory):
    # given 12,000 stored, unprocessed events over 30 days, 4 assets and 20 deals
    rng = random.Random(7)
    user = UserFactory(groups=[SALES])
    assets = [CaseStudyPageFactory() for _ in range(4)]
    deals = [DealFactory() for _ in range(20)]
    start = timezone.now() - datetime.timedelta(days=30)
    events = []
    for _ in range(12_000):
        events.append(
            UsageEvent(
                event_id=uuid.uuid4(),
                asset=rng.choice(assets),
                user=user,
                kind="view",
                occurred_at=start + datetime.timedelta(minutes=rng.randrange(30 * 24 * 60)),
                deal=rng.choice(deals) if rng.random() < 0.5 else None,
            )
        )
    UsageEvent.objects.bulk_create(events, batch_size=4000)
    expected_days = Counter((e.asset_id, e.occurred_at.date()) for e in events)
    expected_influence = Counter((e.deal_id, e.asset_id) for e in events if e.deal_id)

    # when a real worker starts processing them and is SIGKILLed half way
    worker = celery_worker_factory()
    worker.start()
    usage_events_process_task.delay()
    wait_until(
        lambda: UsageEvent.objects.filter(processed_at__isnull=False).exists(),
        timeout=60,
        interval=0.02,
        message="the worker never started processing",
    )
    worker.kill()
    pending = UsageEvent.objects.filter(processed_at__isnull=True).count()
    assert 0 < pending < 12_000, "the worker was not killed mid-task"

    # and a new worker starts (the unacked message is redelivered: acks_late)
    celery_worker_factory().start()

    # then every event is processed and every rollup is exactly right
    wait_until(
        lambda: not UsageEvent.objects.filter(processed_at__isnull=True).exists(),
        timeout=90,
        interval=0.2,
        message="the redelivered task did not finish the job",
    )
    stored_days = Counter({(r.asset_id, r.day): r.uses for r in AssetDailyUsage.objects.all()})
    assert stored_days == expected_days
    stored_influence = {(r.deal_id, r.asset_id): r.uses for r in DealInfluence.objects.all()}
    assert stored_influence == dict(expected_influence)
