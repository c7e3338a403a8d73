"""Intervals and like-for-like lifts on hand-built deals (tracking's real services)."""

from __future__ import annotations

import datetime
import itertools
import uuid
from decimal import Decimal

import pytest

from content.groups import SALES
from enablement.insights import selectors
from enablement.insights.selectors import FIX, KEEP, UNKNOWN
from enablement.tracking.services import deal_upsert, usage_event_record, usage_rollup_run
from tests.factories import CaseStudyPageFactory, UserFactory, segment, stage
from tests.insights.query_pins import IN_MEMORY

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
MARCH = {"since": datetime.date(2026, 3, 1), "until": datetime.date(2026, 3, 31)}
_numbers = itertools.count(1)


@pytest.fixture
def rep(library):
    return UserFactory(username="rep", groups=[SALES])


def deals(rep, *, stage_name, won, lost, asset=None, amount="20000", days=20, seg="SMB"):
    """``won`` won and ``lost`` lost deals closed in March at that stage; each used
    ``asset`` (an attach event while open) when one is given."""
    made = []
    for index in range(won + lost):
        number = next(_numbers)
        closed = datetime.datetime(2026, 3, 1 + number % 28, 12, tzinfo=UTC)
        deal, _ = deal_upsert(
            external_id=f"D{number}",
            account=f"Account {number}",
            segment=segment(seg),
            stage=stage(stage_name),
            amount=Decimal(amount),
            owner=rep,
            created_at=closed - datetime.timedelta(days=days),
            closed_at=closed,
            status="won" if index < won else "lost",
        )
        if asset is not None:
            usage_event_record(
                event_id=uuid.uuid4(),
                asset=asset,
                user=rep,
                kind="attach",
                occurred_at=closed - datetime.timedelta(days=1),
                deal=deal,
            )
        made.append(deal)
    return made


def test_raw_lift_large_stratified_zero(rep):
    # given an asset used only in late-stage deals, which win as often without it
    asset = CaseStudyPageFactory(title="Late story", segments=["SMB"])
    deals(rep, stage_name="Closing", won=18, lost=2, asset=asset)
    deals(rep, stage_name="Closing", won=9, lost=1)
    deals(rep, stage_name="Demo", won=2, lost=18)
    usage_rollup_run()

    figures = selectors.asset_confidence(**MARCH)[asset.pk]

    # raw (DESIGN §6): 18/20 - 29/50 = 0.9 - 0.58 = 0.32 (against the other deals alone,
    # 0.9 - 11/30 = 0.533); like for like: Closing 0.9 vs 0.9, Demo has no deal with it
    assert figures.win_rate.rate == pytest.approx(0.9)
    assert figures.win_rate_lift == pytest.approx(0.32)
    assert figures.stratified_lift == pytest.approx(0.0)
    assert figures.compared_deals == 20
    # Sato variance 0.0135 (see test_statistics): ± 1.96 * 0.11619
    assert figures.stratified_lift_ci == pytest.approx((-0.22773, 0.22773), abs=1e-5)
    # Wilson 18/20 and the lift's Newcombe interval scaled by 30/50
    assert figures.win_rate_ci == pytest.approx((0.69897, 0.97213), abs=1e-5)
    low, high = figures.win_rate_lift_ci
    assert low > 0 and high < 0.6 * 1.0 and low < 0.32 < high
    assert figures.verdict == UNKNOWN and figures.deals_needed > 20
    # the same won/lost and lift as the dashboard's asset_performance
    row = selectors.asset_performance(**MARCH, asset_ids=[asset.pk])[0]
    assert (row.deals_won, row.deals_lost) == (18, 2)
    assert row.win_rate_lift == pytest.approx(figures.win_rate_lift)


def test_raw_lift_zero_stratified_positive(rep):
    # given an asset used mostly in early deals, which win less often overall
    asset = CaseStudyPageFactory(title="Early helper", segments=["SMB"])
    deals(rep, stage_name="Demo", won=4, lost=16, asset=asset)
    deals(rep, stage_name="Demo", won=0, lost=10)
    deals(rep, stage_name="Closing", won=8, lost=2, asset=asset)
    deals(rep, stage_name="Closing", won=12, lost=8)
    usage_rollup_run()

    figures = selectors.asset_confidence(**MARCH)[asset.pk]

    # raw: 12/30 - 24/60 = 0; like for like: +0.2 in Demo and in Closing
    assert figures.win_rate_lift == pytest.approx(0.0)
    assert figures.stratified_lift == pytest.approx(0.2)
    assert figures.stratified_lift_ci == pytest.approx((0.01406, 0.38594), abs=1e-5)
    assert figures.verdict == KEEP and figures.deals_needed is None


def test_clearly_negative_is_fix(rep):
    asset = CaseStudyPageFactory(title="Hurts", segments=["SMB"])
    deals(rep, stage_name="Demo", won=0, lost=20, asset=asset)
    deals(rep, stage_name="Demo", won=8, lost=12)
    deals(rep, stage_name="Closing", won=5, lost=15, asset=asset)
    deals(rep, stage_name="Closing", won=16, lost=4)
    usage_rollup_run()

    figures = selectors.asset_confidence(**MARCH)[asset.pk]

    # Demo 0 - 0.4, Closing 0.25 - 0.8; equal weights 20*20/40: (-0.4 - 0.55) / 2
    assert figures.stratified_lift == pytest.approx(-0.475)
    assert figures.stratified_lift_ci[1] < 0
    assert figures.verdict == FIX


def test_size_bands_and_segments_are_strata(rep):
    # the asset's big deals win, small deals without it lose: same stage, other bands
    asset = CaseStudyPageFactory(title="Big deals", segments=["SMB"])
    deals(rep, stage_name="Closing", won=8, lost=2, asset=asset, amount="300000")
    deals(rep, stage_name="Closing", won=8, lost=2, amount="300000")
    deals(rep, stage_name="Closing", won=1, lost=9, amount="5000")
    deals(rep, stage_name="Closing", won=1, lost=9, amount="5000", seg="Enterprise")
    usage_rollup_run()

    figures = selectors.asset_confidence(**MARCH)[asset.pk]

    assert figures.win_rate_lift == pytest.approx(0.8 - 18 / 40)
    assert figures.stratified_lift == pytest.approx(0.0)
    assert [selectors.size_band(Decimal(v)) for v in ("9999.99", "10000", "249999", "250000")] == [
        0,
        1,
        2,
        3,
    ]


def test_not_enough_data_rule_stays(rep):
    asset = CaseStudyPageFactory(title="Rare", segments=["SMB"])
    deals(rep, stage_name="Closing", won=3, lost=1, asset=asset)
    deals(rep, stage_name="Closing", won=5, lost=5)
    usage_rollup_run()

    figures = selectors.asset_confidence(**MARCH)[asset.pk]

    assert figures.win_rate.rate is None
    assert figures.win_rate_ci is None and figures.win_rate_lift_ci is None
    assert figures.stratified_lift is None and figures.stratified_lift_ci is None
    # unknown, with the deals a ±10-point interval needs, planned at the baseline rate 8/14
    # for the asset (its own 3/4 is "not enough data") and 5/10 for the others, 2.5 others
    # per deal of it: 15.366 * (0.5714 * 0.4286 + 0.25 / 2.5) / 0.04 = 132.5 -> 133
    assert figures.verdict == UNKNOWN
    assert figures.deals_needed == 133 and figures.more_deals_needed == 129
    nothing = selectors.no_deals(asset.pk)
    assert nothing.verdict == UNKNOWN and nothing.deals_needed == 193


def test_filters_narrow_the_figures(rep):
    asset = CaseStudyPageFactory(title="Both", segments=["SMB", "Enterprise"])
    deals(rep, stage_name="Closing", won=5, lost=5, asset=asset)
    deals(rep, stage_name="Closing", won=6, lost=0, asset=asset, seg="Enterprise")
    usage_rollup_run()

    everything = selectors.asset_confidence(**MARCH)[asset.pk]
    smb = selectors.asset_confidence(**MARCH, segment=segment("SMB"))[asset.pk]
    april = selectors.asset_confidence(
        since=datetime.date(2026, 4, 1), until=datetime.date(2026, 4, 30)
    )

    assert everything.win_rate.closed == 16 and smb.win_rate.closed == 10
    assert april == {}
    assert selectors.asset_confidence(**MARCH, asset_ids=[]) == {}


def test_content_confidence_with_and_without(rep):
    asset = CaseStudyPageFactory(title="Any", segments=["SMB"])
    deals(rep, stage_name="Closing", won=8, lost=2, asset=asset, days=10, amount="1000")
    deals(rep, stage_name="Closing", won=4, lost=6, days=30, amount="1000")
    usage_rollup_run()

    result = selectors.content_confidence(**MARCH)

    assert (result.with_content.rate, result.without_content.rate) == (0.8, 0.4)
    assert result.lift == pytest.approx(0.4)
    # Newcombe 8/10 - 4/10, hand-checked from the two Wilson intervals
    # 0.4 - sqrt((0.8 - 0.49016)^2 + (0.68733 - 0.4)^2) = -0.02256,
    # 0.4 + sqrt((0.94332 - 0.8)^2 + (0.4 - 0.16818)^2) = 0.67254
    assert result.lift_ci == pytest.approx((-0.02256, 0.67254), abs=1e-5)
    assert result.stratified_lift == pytest.approx(0.4)  # one stratum: the same
    assert result.with_content_ci == pytest.approx((0.49016, 0.94332), abs=1e-5)
    assert result.days_with.value == 10.0 and result.days_with.interval == (10.0, 10.0)
    assert result.days_without.value == 30.0 and result.days_difference.value == -20.0
    assert result.days_difference.interval == (-20.0, -20.0)
    assert result.revenue_per_deal_with.value == 800.0
    low, high = result.revenue_per_deal_with.interval
    assert 400 <= low < 800 < high <= 1000
    assert result.revenue_per_deal_without.value == 400.0


def test_asset_value_and_query_counts(rep, django_assert_num_queries):
    asset = CaseStudyPageFactory(title="Valued", segments=["SMB"])
    deals(rep, stage_name="Closing", won=3, lost=1, asset=asset, days=12, amount="2000")
    usage_rollup_run()

    with django_assert_num_queries(1):
        days, revenue = selectors.asset_value(asset_id=asset.pk, **MARCH)
    with django_assert_num_queries(2 + IN_MEMORY):
        selectors.asset_confidence(**MARCH)
    # the closed deals, once (strata counted in Python)
    with django_assert_num_queries(1 + IN_MEMORY):
        selectors.content_confidence(**MARCH)

    assert days.value == 12.0 and days.n == 3
    assert revenue.value == 1500.0 and revenue.n == 4
