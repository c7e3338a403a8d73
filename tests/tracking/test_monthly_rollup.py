"""Per-user monthly rollup: derived from the daily per-user rows, kept exact by the
incremental processing and by ``usage_rollup_run`` (idempotent)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from enablement.tracking.models import AssetUserDailyUsage, AssetUserMonthlyUsage
from enablement.tracking.services import (
    usage_event_record,
    usage_events_process,
    usage_rollup_run,
)
from tests.factories import CaseStudyPageFactory, UserFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def at(month, day, hour=12):
    return datetime.datetime(2026, month, day, hour, tzinfo=UTC)


def record(asset, user, when):
    usage_event_record(event_id=uuid.uuid4(), asset=asset, user=user, kind="view", occurred_at=when)


def monthly():
    return set(AssetUserMonthlyUsage.objects.values_list("asset_id", "user_id", "month", "uses"))


def monthly_from_daily():
    return set(
        AssetUserDailyUsage.objects.annotate(month=TruncMonth("day"))
        .values_list("asset_id", "user_id", "month")
        .annotate(uses=Sum("uses"))
        .order_by()
    )


def test_monthly_rows_follow_events_incrementally_and_on_rebuild(library):
    asset, other = CaseStudyPageFactory(), CaseStudyPageFactory()
    ann, bob = UserFactory(), UserFactory()
    record(asset, ann, at(1, 31, 23))
    record(asset, ann, at(2, 1, 0))
    record(asset, ann, at(2, 14))
    record(asset, bob, at(2, 14))
    record(other, None, at(2, 14))  # a prospect: no per-user row
    usage_events_process()

    assert monthly() == {
        (asset.pk, ann.pk, datetime.date(2026, 1, 1), 1),
        (asset.pk, ann.pk, datetime.date(2026, 2, 1), 2),
        (asset.pk, bob.pk, datetime.date(2026, 2, 1), 1),
    }

    # A late event in an old month updates that month only.
    record(asset, bob, at(1, 3))
    usage_events_process()
    assert (asset.pk, bob.pk, datetime.date(2026, 1, 1), 1) in monthly()
    assert monthly() == monthly_from_daily()

    # Rebuilding everything, or from a day inside a month, gives the same rows.
    before = monthly()
    usage_rollup_run()
    assert monthly() == before
    usage_rollup_run(since=datetime.date(2026, 2, 10))
    assert monthly() == before
    AssetUserMonthlyUsage.objects.all().delete()
    usage_rollup_run()
    assert monthly() == before
