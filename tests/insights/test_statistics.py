"""The interval functions against published worked examples and hand computations."""

from __future__ import annotations

import math

import pytest

from enablement.insights.statistics import (
    Stratum,
    bootstrap_mean_interval,
    bootstrap_median_difference_interval,
    bootstrap_median_interval,
    deals_needed,
    mantel_haenszel_difference,
    mean_interval,
    median_difference_interval,
    median_interval,
    newcombe_interval,
    wilson_interval,
)


def rounded(interval, places=4):
    return tuple(round(value, places) for value in interval)


# Newcombe RG (1998) "Two-sided confidence intervals for the single proportion",
# Stat Med 17:857-872, Table I, method 3 (score method without continuity correction).
@pytest.mark.parametrize(
    ("won", "closed", "expected"),
    [
        (81, 263, (0.2553, 0.3662)),
        (15, 148, (0.0624, 0.1605)),
        (0, 20, (0.0, 0.1611)),
        (1, 29, (0.0061, 0.1718)),
    ],
)
def test_wilson_matches_newcombe_1998_single_proportion(won, closed, expected):
    assert rounded(wilson_interval(won, closed)) == expected


def test_wilson_by_hand():
    # 9/10: centre (0.9 + 1.9208/10) / 1.38415 = 0.78899; half-width
    # 1.96 * sqrt(0.009 + 0.0096040) / 1.38415 = 0.19317
    assert rounded(wilson_interval(9, 10)) == (0.5958, 0.9821)
    assert wilson_interval(20, 20)[1] == 1.0
    assert wilson_interval(0, 0) is None


# Newcombe RG (1998) "Interval estimation for the difference between independent
# proportions: comparison of eleven methods", Stat Med 17:873-890, Table II, method 10.
@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((56, 70, 48, 80), (0.0524, 0.3339)),
        ((9, 10, 3, 10), (0.1705, 0.8090)),
        ((5, 56, 0, 29), (-0.0381, 0.1926)),
        ((0, 10, 0, 20), (-0.1611, 0.2775)),
        ((0, 10, 0, 10), (-0.2775, 0.2775)),
        ((10, 10, 0, 20), (0.6791, 1.0)),
        ((10, 10, 0, 10), (0.6075, 1.0)),
    ],
)
def test_newcombe_matches_published_table(counts, expected):
    assert rounded(newcombe_interval(*counts)) == expected


def test_newcombe_needs_both_samples():
    assert newcombe_interval(3, 5, 0, 0) is None
    assert newcombe_interval(0, 0, 3, 5) is None


def test_mantel_haenszel_all_effect_from_stage_mix():
    # Closing: 18/20 with vs 9/10 without; Demo: nobody with the asset, 2/20 without.
    result = mantel_haenszel_difference([Stratum(18, 20, 9, 10), Stratum(0, 0, 2, 20)])
    assert result.estimate == 0
    # Sato: W = 20*10/30, Q = (18*1 + 9*2)/60 = 0.6, variance = Q/W^2 = 0.0135 (one
    # stratum at RD 0: the same as the binomial variance 0.9*0.1/20 + 0.9*0.1/10).
    assert result.variance == pytest.approx(0.0135)
    assert rounded(result.interval) == (-0.2277, 0.2277)
    assert (result.exposed, result.strata) == (20, 1)


def test_mantel_haenszel_effect_hidden_by_stage_mix():
    # Demo 4/20 with vs 0/10 without; Closing 8/10 with vs 12/20 without.
    result = mantel_haenszel_difference([Stratum(4, 20, 0, 10), Stratum(8, 10, 12, 20)])
    assert result.estimate == pytest.approx(0.2)
    # Sato by hand: W = 40/3, sum P = (-1400 - 1000)/900 = -8/3, sum Q = 40/60 + 88/60 = 32/15;
    # variance = (0.2 * -8/3 + 32/15) / (40/3)^2 = 1.6 / 177.78 = 0.009
    assert result.variance == pytest.approx(0.009)
    half = 1.959963984540054 * math.sqrt(0.009)
    assert result.interval == pytest.approx((0.2 - half, 0.2 + half))
    assert rounded(result.interval) == (0.0141, 0.3859)


def test_mantel_haenszel_without_a_comparison():
    assert mantel_haenszel_difference([Stratum(3, 5, 0, 0), Stratum(0, 0, 1, 4)]) is None
    assert mantel_haenszel_difference([]) is None


def test_bootstrap_is_fixed_and_sensible():
    values = [float(v) for v in range(1, 102)]  # median 51
    first = bootstrap_median_interval(values)
    assert first == bootstrap_median_interval(values)  # fixed seed: same data, same answer
    low, high = first
    assert 40 < low < 51 < high < 62
    assert bootstrap_median_interval([7.0, 7.0, 7.0]) == (7.0, 7.0)
    assert bootstrap_median_interval([]) is None
    mean_low, mean_high = bootstrap_mean_interval([0.0] * 50 + [100.0] * 50)
    assert 35 < mean_low < 50 < mean_high < 65
    diff_low, diff_high = bootstrap_median_difference_interval([10.0] * 20, [30.0] * 20)
    assert (diff_low, diff_high) == (-20.0, -20.0)
    assert bootstrap_median_difference_interval([1.0], []) is None


@pytest.mark.parametrize("bad", [[float("nan")], [1.0, float("inf")], [[1.0, 2.0]]])
def test_bootstrap_refuses_non_finite_values(bad):
    with pytest.raises(ValueError):
        bootstrap_median_interval(bad)


def test_deals_needed_by_hand():
    # (2 * 1.96)^2 * (0.25 + 0.25) / 0.2^2 = 192.07 -> 193
    assert deals_needed(0.5, 0.5, width=0.2) == 193
    # twice as many deals without: 15.366 * (0.25 + 0.125) / 0.04 = 144.05 -> 145
    assert deals_needed(0.5, 0.5, width=0.2, ratio=2) == 145
    # a narrower interval needs four times the deals for half the width
    assert deals_needed(0.5, 0.5, width=0.1) == 769
    assert deals_needed(0.0, 1.0, width=0.2) >= 1


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: wilson_interval(5, 3), ValueError),
        (lambda: wilson_interval(-1, 3), ValueError),
        (lambda: wilson_interval(1.5, 3), TypeError),
        (lambda: wilson_interval("1", 3), TypeError),
        (lambda: wilson_interval(True, 3), TypeError),
        (lambda: newcombe_interval(1, 2, 3, 2), ValueError),
        (lambda: mantel_haenszel_difference([Stratum(3, 2, 0, 1)]), ValueError),
        (lambda: deals_needed(0.5, 0.5, width=0), ValueError),
        (lambda: deals_needed(0.5, 0.5, width=0.1, ratio=0), ValueError),
    ],
)
def test_bad_input_is_refused(call, error):
    with pytest.raises(error):
        call()


def test_huge_counts_stay_finite():
    low, high = wilson_interval(10**17, 10**18)
    assert low < 0.1 < high and high - low < 1e-6
    low, high = newcombe_interval(10**17, 10**18, 10**17, 10**18)
    assert low < 0 < high


def test_large_samples_skip_the_bootstrap():
    # 2,001 values 0..2000: median 1000; ranks n/2 -/+ 1.96*sqrt(2001)/2 = 1000.5 -/+ 43.84:
    # rank floor(956.66) = 956 and rank ceil(1044.34) + 1 = 1046, i.e. values 955 and 1045
    values = [float(v) for v in range(2001)]
    assert median_interval(values) == (955.0, 1045.0)
    # the same shifted by 10: difference 10; each se = 90 / (2z), so the whole width is
    # 2z * hypot(90 / 2z, 90 / 2z) = hypot(90, 90) = 127.28
    low, high = median_difference_interval([v + 10 for v in values], values)
    assert (low + high) / 2 == pytest.approx(10.0)
    assert high - low == pytest.approx(math.hypot(90, 90))
    # the mean: 1000 -/+ 1.96 * sd / sqrt(n), sd = 577.79 -> half-width 25.32
    low, high = mean_interval(values)
    assert (round(low, 2), round(high, 2)) == (974.68, 1025.32)
    # small samples still bootstrap (fixed seed: the same answer twice)
    assert median_difference_interval([1.0, 2.0, 3.0], [1.0]) == median_difference_interval(
        [1.0, 2.0, 3.0], [1.0]
    )
