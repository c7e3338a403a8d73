"""How sure are we? Pure interval functions behind the insights figures (no Django here).

Every interval is a two-sided 95 % interval, returned as a ``(low, high)`` tuple of floats.

- ``wilson_interval``: a proportion (a win rate). Wilson's score interval, which stays
  inside 0..1 and behaves at 0 or n successes, unlike the textbook "p ± 1.96·SE".
- ``newcombe_interval``: the difference of two independent proportions (win rate with
  content - without). Newcombe's hybrid score interval, method 10 of Newcombe (1998),
  *Statistics in Medicine* 17:873-890, built from the two Wilson intervals.
- ``mantel_haenszel_difference``: a risk difference pooled over strata (deals compared
  only with deals of the same segment, stage and size band), Mantel-Haenszel weights
  ``n1·n0/N`` per stratum, with the variance of Sato (1989), valid both with many small
  strata and with a few large ones (Greenland & Robins 1985), and its Wald interval.
- ``bootstrap_median_interval`` / ``bootstrap_mean_interval`` /
  ``bootstrap_median_difference_interval``: percentile bootstrap with a fixed seed, so the
  same data always gives the same interval.
- ``deals_needed``: how many deals (of the asset) an interval of a given width needs.
"""

from __future__ import annotations

import math
import statistics as _stdlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 20261202
# Above this many values the bootstrap's cost (resamples x n) buys nothing: the median's
# interval comes from order statistics and the mean's from the normal approximation.
BOOTSTRAP_MAX_VALUES = 300

Interval = tuple[float, float]


def wilson_interval(successes: int, total: int, *, z: float = Z95) -> Interval | None:
    """Wilson score interval for ``successes / total``; ``None`` when ``total`` is 0."""
    _check_counts(successes, total)
    if total == 0:
        return None
    p = successes / total
    z2 = z * z
    denominator = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / denominator
    # Exact 0 and 1 at the edges (floating point would give 1e-17 instead of 0).
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == total else min(1.0, centre + half)
    return low, high


def newcombe_interval(
    successes1: int, total1: int, successes2: int, total2: int, *, z: float = Z95
) -> Interval | None:
    """Newcombe's hybrid score interval for ``p1 - p2`` (independent samples)."""
    first = wilson_interval(successes1, total1, z=z)
    second = wilson_interval(successes2, total2, z=z)
    if first is None or second is None:
        return None
    p1, p2 = successes1 / total1, successes2 / total2
    (l1, u1), (l2, u2) = first, second
    difference = p1 - p2
    low = difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return max(-1.0, low), min(1.0, high)


@dataclass(frozen=True)
class Stratum:
    """One stratum's 2x2 table: with (``exposed``) and without, won of closed."""

    exposed_won: int
    exposed_total: int
    unexposed_won: int
    unexposed_total: int


@dataclass(frozen=True)
class PooledDifference:
    estimate: float
    variance: float
    interval: Interval
    exposed: int  # exposed deals in strata that have a comparison (the weights' support)
    strata: int  # strata that have both exposed and unexposed deals


def mantel_haenszel_difference(
    strata: Iterable[Stratum], *, z: float = Z95
) -> PooledDifference | None:
    """Mantel-Haenszel risk difference over strata with Sato's variance.

    Strata without both exposed and unexposed deals carry no weight (nothing to compare
    with); ``None`` when no stratum has both.
    """
    tables = []
    for s in strata:
        _check_counts(s.exposed_won, s.exposed_total)
        _check_counts(s.unexposed_won, s.unexposed_total)
        tables.append((s.exposed_won, s.exposed_total, s.unexposed_won, s.unexposed_total))
    return mantel_haenszel_counts(tables, z=z)


def mantel_haenszel_counts(
    tables: Iterable[tuple[int, int, int, int]], *, z: float = Z95
) -> PooledDifference | None:
    """``mantel_haenszel_difference`` over plain (exposed won, exposed total, unexposed
    won, unexposed total) tuples whose counts the caller vouches for (SQL ``COUNT``s):
    the same sums in the same order, without a ``Stratum`` and its checks per stratum
    (22,000 of them for 1,500 assets over a year)."""
    weight_total = numerator = p_sum = q_sum = 0.0
    exposed = used = 0
    for a, n1, c, n0 in tables:
        if n1 == 0 or n0 == 0:
            continue
        n = n1 + n0
        weight_total += n1 * n0 / n
        numerator += (a * n0 - c * n1) / n
        p_sum += (n1 * n1 * c - n0 * n0 * a + n1 * n0 * (n0 - n1) / 2) / (n * n)
        q_sum += (a * (n0 - c) + c * (n1 - a)) / (2 * n)
        exposed += n1
        used += 1
    if not used:
        return None
    estimate = numerator / weight_total
    variance = max(0.0, (estimate * p_sum + q_sum) / (weight_total * weight_total))
    half = z * math.sqrt(variance)
    return PooledDifference(
        estimate=estimate,
        variance=variance,
        interval=(max(-1.0, estimate - half), min(1.0, estimate + half)),
        exposed=exposed,
        strata=used,
    )


def _bootstrap(values: Sequence[float], statistic, *, resamples: int, seed: int) -> np.ndarray:
    data = np.asarray(values, dtype=float)
    if data.ndim != 1 or not np.isfinite(data).all():
        raise ValueError("values must be a flat sequence of finite numbers")
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(data), size=(resamples, len(data)))
    return statistic(data[picks], axis=1)


def _percentiles(estimates: np.ndarray) -> Interval:
    low, high = np.percentile(estimates, [2.5, 97.5])
    return float(low), float(high)


def bootstrap_median_interval(
    values: Sequence[float], *, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED
) -> Interval | None:
    """Percentile bootstrap interval of the median; ``None`` for no values."""
    if not len(values):
        return None
    return _percentiles(_bootstrap(values, np.median, resamples=resamples, seed=seed))


def bootstrap_mean_interval(
    values: Sequence[float], *, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED
) -> Interval | None:
    """Percentile bootstrap interval of the mean; ``None`` for no values."""
    if not len(values):
        return None
    return _percentiles(_bootstrap(values, np.mean, resamples=resamples, seed=seed))


def bootstrap_median_difference_interval(
    first: Sequence[float],
    second: Sequence[float],
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> Interval | None:
    """Interval of ``median(first) - median(second)``, each sample resampled on its own."""
    if not len(first) or not len(second):
        return None
    one = _bootstrap(first, np.median, resamples=resamples, seed=seed)
    two = _bootstrap(second, np.median, resamples=resamples, seed=seed + 1)
    return _percentiles(one - two)


def median(values: Sequence[float]) -> float:
    return float(_stdlib.median(values))


def median_interval(values: Sequence[float]) -> Interval | None:
    """The median's interval: seeded bootstrap up to ``BOOTSTRAP_MAX_VALUES`` values, the
    distribution-free order-statistic interval (ranks n/2 ± z·sqrt(n)/2) above."""
    if len(values) <= BOOTSTRAP_MAX_VALUES:
        return bootstrap_median_interval(values)
    ordered = sorted(float(v) for v in values)
    n = len(ordered)
    spread = Z95 * math.sqrt(n) / 2
    low = max(0, math.floor(n / 2 - spread) - 1)
    high = min(n - 1, math.ceil(n / 2 + spread))
    return ordered[low], ordered[high]


def mean_interval(values: Sequence[float]) -> Interval | None:
    """The mean's interval: seeded bootstrap up to ``BOOTSTRAP_MAX_VALUES`` values, the
    normal approximation (mean ± z·sd/sqrt(n)) above."""
    if len(values) <= BOOTSTRAP_MAX_VALUES:
        return bootstrap_mean_interval(values)
    data = np.asarray(values, dtype=float)
    half = Z95 * float(data.std(ddof=1)) / math.sqrt(len(data))
    centre = float(data.mean())
    return centre - half, centre + half


def median_difference_interval(first: Sequence[float], second: Sequence[float]) -> Interval | None:
    """Interval of ``median(first) - median(second)``: seeded bootstrap while both samples
    have at most ``BOOTSTRAP_MAX_VALUES`` values; above, each median's standard error is
    read off its order-statistic interval (width / 2z) and the two combine as
    ``difference ± z·sqrt(se1² + se2²)``."""
    if not len(first) or not len(second):
        return None
    if max(len(first), len(second)) <= BOOTSTRAP_MAX_VALUES:
        return bootstrap_median_difference_interval(first, second)
    (l1, h1), (l2, h2) = median_interval(first), median_interval(second)
    se = math.hypot((h1 - l1) / (2 * Z95), (h2 - l2) / (2 * Z95))
    difference = median(first) - median(second)
    return difference - Z95 * se, difference + Z95 * se


def deals_needed(p1: float, p0: float, *, width: float, ratio: float = 1.0, z: float = Z95) -> int:
    """Deals of the first group needed for a ``p1 - p0`` interval ``width`` wide in all.

    ``ratio`` is the size of the second group per deal of the first. The normal
    approximation ``2·z·sqrt(p1·q1/n1 + p0·q0/(ratio·n1)) <= width``, solved for ``n1``; a
    planning figure, not a promise (the real interval also moves with the estimate).
    Rates of 0 or 1 are treated as 0.5 % / 99.5 % so the answer is never 0.
    """
    if not (0 < width <= 2):
        raise ValueError("width must be in (0, 2]")
    if ratio <= 0:
        raise ValueError("ratio must be positive")
    p1 = min(max(p1, 0.005), 0.995)
    p0 = min(max(p0, 0.005), 0.995)
    spread = p1 * (1 - p1) + p0 * (1 - p0) / ratio
    return max(1, math.ceil((2 * z) ** 2 * spread / (width * width)))


def _check_counts(successes: int, total: int) -> None:
    if isinstance(successes, bool) or isinstance(total, bool):
        raise TypeError("counts must be integers")
    if not isinstance(successes, int) or not isinstance(total, int):
        raise TypeError("counts must be integers")
    if total < 0 or successes < 0 or successes > total:
        raise ValueError(f"need 0 <= successes <= total, got {successes}/{total}")


# Over arrays: the functions above for many assets at once (numpy), with the same
# operations in the same order, so every float is the one the scalar function gives.
# Squares go through Python's ``**`` (C ``pow``), which differs from numpy's ``x * x`` in
# the last bit for about 1 value in 1,200.


def _squares(values: np.ndarray) -> np.ndarray:
    return np.array([value**2 for value in values.tolist()], dtype=float)


def wilson_intervals(
    successes: np.ndarray, totals: np.ndarray, *, z: float = Z95
) -> tuple[np.ndarray, np.ndarray]:
    """``wilson_interval`` per element (every total > 0): (lows, highs)."""
    s = np.asarray(successes, dtype=np.int64)
    t = np.asarray(totals, dtype=np.int64)
    p = s / t
    z2 = z * z
    denominator = 1 + z2 / t
    centre = (p + z2 / (2 * t)) / denominator
    half = z * np.sqrt(p * (1 - p) / t + z2 / (4 * t * t)) / denominator
    low = np.where(s == 0, 0.0, np.maximum(0.0, centre - half))
    high = np.where(s == t, 1.0, np.minimum(1.0, centre + half))
    return low, high


def newcombe_intervals(
    successes1: np.ndarray,
    totals1: np.ndarray,
    successes2: np.ndarray,
    totals2: np.ndarray,
    *,
    z: float = Z95,
) -> tuple[np.ndarray, np.ndarray]:
    """``newcombe_interval`` per element (every total > 0): (lows, highs)."""
    s1, t1 = np.asarray(successes1, dtype=np.int64), np.asarray(totals1, dtype=np.int64)
    s2, t2 = np.asarray(successes2, dtype=np.int64), np.asarray(totals2, dtype=np.int64)
    l1, u1 = wilson_intervals(s1, t1, z=z)
    l2, u2 = wilson_intervals(s2, t2, z=z)
    p1, p2 = s1 / t1, s2 / t2
    difference = p1 - p2
    low = difference - np.sqrt(_squares(p1 - l1) + _squares(u2 - p2))
    high = difference + np.sqrt(_squares(u1 - p1) + _squares(p2 - l2))
    return np.maximum(-1.0, low), np.minimum(1.0, high)


@dataclass(frozen=True)
class PooledDifferences:
    """``mantel_haenszel_counts`` per group; ``strata`` 0 where it would be ``None``."""

    estimate: np.ndarray
    variance: np.ndarray
    low: np.ndarray
    high: np.ndarray
    exposed: np.ndarray
    strata: np.ndarray


def mantel_haenszel_groups(
    groups: np.ndarray,
    tables: np.ndarray,
    *,
    size: int,
    z: float = Z95,
) -> PooledDifferences:
    """``mantel_haenszel_counts`` for ``size`` groups at once: ``tables`` rows are
    (exposed won, exposed total, unexposed won, unexposed total), ``groups`` each row's
    group, rows of a group in the order the scalar function would add them
    (``np.bincount`` adds each group's terms in array order, as the scalar loop does)."""
    tables = np.asarray(tables, dtype=np.int64).reshape(-1, 4)
    groups = np.asarray(groups, dtype=np.int64)
    keep = (tables[:, 1] != 0) & (tables[:, 3] != 0)
    groups = groups[keep]
    a, n1, c, n0 = (tables[keep, column] for column in range(4))
    n = n1 + n0

    def total(weights):
        return np.bincount(groups, weights=weights, minlength=size)

    weight_total = total(n1 * n0 / n)
    numerator = total((a * n0 - c * n1) / n)
    p_sum = total((n1 * n1 * c - n0 * n0 * a + n1 * n0 * (n0 - n1) / 2) / (n * n))
    q_sum = total((a * (n0 - c) + c * (n1 - a)) / (2 * n))
    exposed = np.bincount(groups, weights=n1, minlength=size).astype(np.int64)
    used = np.bincount(groups, minlength=size)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = np.where(used > 0, numerator / weight_total, 0.0)
        variance = np.where(
            used > 0,
            np.maximum(0.0, (estimate * p_sum + q_sum) / (weight_total * weight_total)),
            0.0,
        )
    half = z * np.sqrt(variance)
    return PooledDifferences(
        estimate=estimate,
        variance=variance,
        low=np.maximum(-1.0, estimate - half),
        high=np.minimum(1.0, estimate + half),
        exposed=exposed,
        strata=used,
    )


def deals_needed_many(
    p1: np.ndarray, p0: np.ndarray, *, width: np.ndarray, ratio: np.ndarray, z: float = Z95
) -> np.ndarray:
    """``deals_needed`` per element (widths in (0, 2], ratios > 0)."""
    width = np.asarray(width, dtype=float)
    if ((width <= 0) | (width > 2)).any():
        raise ValueError("width must be in (0, 2]")
    if (np.asarray(ratio) <= 0).any():
        raise ValueError("ratio must be positive")
    p1 = np.minimum(np.maximum(np.asarray(p1, dtype=float), 0.005), 0.995)
    p0 = np.minimum(np.maximum(np.asarray(p0, dtype=float), 0.005), 0.995)
    spread = p1 * (1 - p1) + p0 * (1 - p0) / ratio
    return np.maximum(1, np.ceil((2 * z) ** 2 * spread / (width * width))).astype(np.int64)
