"""The demo usage history tells a story: enough deals and events, outcomes, unused assets."""

import io
import random

import pytest
from django.db.models import Count

from content.groups import SALES
from enablement.tracking.demo import seed_usage_history
from enablement.tracking.models import AssetDailyUsage, AssetPopularity, Deal, UsageEvent
from tests.factories import CaseStudyPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_seed_usage_history(library):
    # given a small library and two reps
    for name in ("riley", "jordan"):
        UserFactory(username=name, groups=[SALES])
    assets = [CaseStudyPageFactory(segments=["Enterprise"]) for _ in range(24)]
    out = io.StringIO()

    # when seeded
    seed_usage_history(stdout=out, rng=random.Random(42))

    # then there is a year of deals with every outcome, and the events to go with them
    statuses = dict(Deal.objects.values_list("status").annotate(n=Count("id")))
    assert sum(statuses.values()) >= 200
    assert all(statuses.get(status, 0) >= 20 for status in ("won", "lost", "open"))
    assert UsageEvent.objects.count() >= 20_000
    assert not UsageEvent.objects.filter(processed_at__isnull=True).exists()
    used = set(UsageEvent.objects.values_list("asset_id", flat=True))
    assert 0 < len({a.pk for a in assets} - used) < len(assets) // 2
    assert AssetDailyUsage.objects.exists()
    # better assets are used in more deals and win more: the most used half has the
    # higher average win rate
    rated = list(AssetPopularity.objects.exclude(win_rate=None).order_by("-deals_influenced"))
    half = len(rated) // 2
    top, bottom = rated[:half], rated[half:]
    assert sum(p.win_rate for p in top) / len(top) > sum(p.win_rate for p in bottom) / len(bottom)
    assert "events" in out.getvalue()

    # and seeding again changes nothing
    seed_usage_history(stdout=out, rng=random.Random(42))
    assert Deal.objects.count() == sum(statuses.values())
