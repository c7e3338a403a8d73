"""The array (numpy) versions of the interval functions and of the per-asset confidence
figures give exactly the floats of the scalar ones: on hand-built edge cases (nothing to
compare with, every deal with the asset, rates of 0 and 1, too few deals) and on
randomized strata."""

from __future__ import annotations

import random

import numpy as np
import pytest

from enablement.insights import statistics
from enablement.insights.selectors.assets import AssetDeals
from enablement.insights.selectors.confidence import (
    _asset_figures,
    _baseline,
    _confidence_by_asset,
)


def scalar_figures(totals, by_asset):
    baseline = _baseline(totals)
    return {
        asset_id: _asset_figures(asset_id, deals.strata, totals, baseline)
        for asset_id, deals in by_asset.items()
    }


def random_world(rng: random.Random, *, strata: int, assets: int, deals: int):
    keys = [(rng.choice([None, 1, 2, 3]), rng.choice([None, 4, 5]), band) for band in range(4)]
    keys = list(dict.fromkeys(keys))[:strata] or [(None, None, 0)]
    totals = {}
    for key in keys:
        closed = rng.randrange(0, deals)
        totals[key] = (rng.randint(0, closed), closed)
    by_asset = {}
    for asset_id in range(1, assets + 1):
        strata_of_asset = {}
        for key in rng.sample(keys, rng.randint(1, len(keys))):
            total_won, total_closed = totals[key]
            if total_closed == 0:
                continue
            n = rng.randint(1, total_closed)  # sometimes every deal of the stratum
            w = rng.randint(max(0, n - (total_closed - total_won)), min(n, total_won))
            strata_of_asset[key] = (w, n)
        if strata_of_asset:
            deals_of_asset = AssetDeals(strata=strata_of_asset)
            by_asset[asset_id] = deals_of_asset
    return totals, by_asset


@pytest.mark.parametrize("seed", range(40))
def test_asset_figures_over_arrays_equal_the_scalar_ones(seed):
    rng = random.Random(seed)
    totals, by_asset = random_world(
        rng,
        strata=rng.randint(1, 12),
        assets=rng.randint(1, 60),
        deals=rng.choice([3, 8, 40, 400]),
    )
    assert _confidence_by_asset(totals, by_asset) == scalar_figures(totals, by_asset)


def test_hand_built_edge_cases_equal_the_scalar_ones():
    a, b = ("s1", "st", 0), ("s2", "st", 1)
    cases = [
        # every closed deal used the asset: the lift is 0 by definition
        ({a: (6, 10)}, {1: {a: (6, 10)}}),
        # too few deals overall (no baseline rate)
        ({a: (1, 3)}, {1: {a: (1, 2)}}),
        # rates 0 and 1, a stratum with nothing to compare
        ({a: (0, 20), b: (20, 20)}, {1: {a: (0, 10), b: (20, 20)}, 2: {b: (5, 5)}}),
        # clearly better: keep; clearly worse: fix
        (
            {a: (50, 100), b: (50, 100)},
            {1: {a: (30, 30), b: (29, 30)}, 2: {a: (0, 30), b: (1, 30)}, 3: {a: (2, 4)}},
        ),
        # baseline rate exactly 0 (falls back to 0.5 for deals needed)
        ({a: (0, 30)}, {1: {a: (0, 12)}}),
    ]
    for totals, strata in cases:
        by_asset = {asset_id: AssetDeals(strata=s) for asset_id, s in strata.items()}
        assert _confidence_by_asset(totals, by_asset) == scalar_figures(totals, by_asset)


def test_interval_functions_over_arrays_equal_the_scalar_ones():
    rng = np.random.default_rng(7)
    totals = rng.integers(1, 2000, size=5000)
    successes = (rng.random(5000) * (totals + 1)).astype(np.int64).clip(0, totals)
    successes[:50] = 0
    successes[50:100] = totals[50:100]
    lows, highs = statistics.wilson_intervals(successes, totals)
    assert [(float(lo), float(hi)) for lo, hi in zip(lows, highs, strict=True)] == [
        statistics.wilson_interval(int(s), int(t)) for s, t in zip(successes, totals, strict=True)
    ]

    other_totals = rng.integers(1, 2000, size=5000)
    other_successes = (rng.random(5000) * (other_totals + 1)).astype(np.int64)
    other_successes = other_successes.clip(0, other_totals)
    lows, highs = statistics.newcombe_intervals(successes, totals, other_successes, other_totals)
    assert [(float(lo), float(hi)) for lo, hi in zip(lows, highs, strict=True)] == [
        statistics.newcombe_interval(int(s1), int(t1), int(s2), int(t2))
        for s1, t1, s2, t2 in zip(successes, totals, other_successes, other_totals, strict=True)
    ]

    p1, p0 = rng.random(3000), rng.random(3000)
    p1[:10], p0[10:20] = 0.0, 1.0
    widths, ratios = 0.2 + rng.random(3000) * 1.8, 0.05 + rng.random(3000) * 20
    assert statistics.deals_needed_many(p1, p0, width=widths, ratio=ratios).tolist() == [
        statistics.deals_needed(float(a), float(b), width=float(w), ratio=float(r))
        for a, b, w, r in zip(p1, p0, widths, ratios, strict=True)
    ]


def test_mantel_haenszel_over_groups_equals_the_scalar_one():
    rng = random.Random(3)
    groups, tables, expected = [], [], []
    for group in range(300):
        rows = []
        for _ in range(rng.randint(1, 25)):
            n1, n0 = rng.randint(0, 40), rng.randint(0, 40)
            rows.append((rng.randint(0, n1), n1, rng.randint(0, n0), n0))
        groups += [group] * len(rows)
        tables += rows
        expected.append(statistics.mantel_haenszel_counts(rows))
    pooled = statistics.mantel_haenszel_groups(np.array(groups), np.array(tables), size=300)
    for group, scalar in enumerate(expected):
        if scalar is None:
            assert pooled.strata[group] == 0
            continue
        assert (
            float(pooled.estimate[group]),
            float(pooled.variance[group]),
            (float(pooled.low[group]), float(pooled.high[group])),
            int(pooled.exposed[group]),
            int(pooled.strata[group]),
        ) == (scalar.estimate, scalar.variance, scalar.interval, scalar.exposed, scalar.strata)
