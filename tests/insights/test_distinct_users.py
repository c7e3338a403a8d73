"""Distinct users over long periods come from per-asset user bitmaps (whole months plus
the edge days); they must equal a count of distinct users over the raw events, exactly,
for any period, segment and team, on SQLite as on PostgreSQL."""

from __future__ import annotations

import datetime
import random
import uuid

import pytest
from django.db.models import Count

from enablement.insights import selectors
from enablement.insights.models import Team
from enablement.tracking.models import AssetUserBitmap, UsageEvent
from enablement.tracking.services import usage_events_process
from tests.factories import CaseStudyPageFactory, UserFactory, segment

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
FIRST = datetime.datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def usage(library):
    """Four assets (two in Healthcare), 12 users (one with pk 1000, so bitmaps differ in
    length by over 100 bytes), ~600 events over 15 months, some from prospects."""
    rng = random.Random(16)
    healthcare = segment("Healthcare")
    assets = [CaseStudyPageFactory() for _ in range(4)]
    for asset in assets[:2]:
        asset.segments.add(healthcare)
    users = [UserFactory() for _ in range(11)] + [UserFactory(id=1000, username="far")]
    team = Team.objects.create(name="North")
    team.members.add(users[0], users[3], users[11])
    events = []
    for _ in range(600):
        # The first asset is used by few users: most of its bitmaps are short.
        asset = rng.choice(assets)
        user = rng.choice(users[:3] if asset == assets[0] else [*users, None])
        occurred = FIRST + datetime.timedelta(seconds=rng.randrange(455 * 86400))
        events.append(
            UsageEvent(
                event_id=uuid.uuid4(), asset=asset, user=user, kind="view", occurred_at=occurred
            )
        )
    UsageEvent.objects.bulk_create(events)
    usage_events_process()
    return {"assets": assets, "team": team, "segment": healthcare}


def raw(since, until, **filters):
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=UTC)
    end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, UTC)
    events = UsageEvent.objects.filter(
        occurred_at__gte=start, occurred_at__lt=end, user__isnull=False, **filters
    )
    per_asset = dict(
        events.order_by()
        .values("asset_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("asset_id", "n")
    )
    return events.values("user_id").distinct().count(), per_asset


PERIODS = [
    (datetime.date(2025, 3, 17), datetime.date(2026, 3, 16)),  # 365 days, two edges
    (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),  # whole months only
    (datetime.date(2025, 6, 2), datetime.date(2025, 6, 29)),  # edge days only
    (datetime.date(2025, 5, 20), datetime.date(2025, 6, 18)),  # 30 days: suffix + prefix
    (datetime.date(2025, 1, 31), datetime.date(2025, 3, 1)),  # one month, one day each side
    (datetime.date(2024, 12, 1), datetime.date(2026, 6, 30)),  # beyond the data
]


@pytest.mark.parametrize(("since", "until"), PERIODS)
def test_distinct_users_equal_the_raw_event_count(usage, since, until):
    team, healthcare = usage["team"], usage["segment"]
    cases = [
        ({}, {}),
        ({"segment": healthcare}, {"asset__tagged_segments__tag": healthcare}),
        ({"team": team}, {"user__sales_teams": team}),
    ]
    for selector_filters, event_filters in cases:
        active, per_asset = raw(since, until, **event_filters)
        result = selectors.summary(since=since, until=until, **selector_filters)
        rows = selectors.asset_performance(since=since, until=until, **selector_filters)

        assert result.active_users == active, selector_filters
        assert {row.asset_id: row.users for row in rows if row.users} == per_asset


def test_year_long_figures_are_not_trivial(usage):
    """The data really spreads users over assets and bitmap lengths (the test can fail)."""
    since, until = PERIODS[0]
    active, per_asset = raw(since, until)
    assert active == 12
    assert sorted(per_asset.values()) == [3, 12, 12, 12]
    lengths = set(
        AssetUserBitmap.objects.filter(grain=AssetUserBitmap.Grain.MONTH).values_list(
            "bits", flat=True
        )
    )
    # Short bitmaps (the first asset's few users) beside the 126 bytes user pk 1000 needs.
    sizes = {len(bytes(bits)) for bits in lengths}
    assert max(sizes) == 126 and min(sizes) < 126
