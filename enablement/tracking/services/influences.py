"""The deal copies on ``DealInfluence``: each influence carries its deal's status, close
date, segment, stage, owner, amount, currency and size band and the deal's number of
influences, so insights reads a period's closed deals' influences without joining deals.
One function keeps them equal to the deals; every writer of deals or influences calls it."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import connection

from enablement.tracking.models import (
    DEAL_SIZE_BAND_BOUNDS,
    Deal,
    DealDataGeneration,
    DealInfluence,
)

# (copy on the influence, column of the deal)
COPIED_COLUMNS = (
    ("deal_status", "status"),
    ("deal_closed_at", "closed_at"),
    ("deal_segment_id", "segment_id"),
    ("deal_stage_id", "stage_id"),
    ("deal_owner_id", "owner_id"),
    ("deal_amount", "amount"),
    ("deal_currency", "currency"),
)


def band_sql(amount: str) -> str:
    """SQL of ``deal_size_band(amount)``: ``CASE WHEN amount < 10000 THEN 0 ... END``
    (the bounds are code constants, written as literals)."""
    cases = " ".join(
        f"WHEN {amount} < {upper} THEN {index}" for index, upper in enumerate(DEAL_SIZE_BAND_BOUNDS)
    )
    return f"(CASE {cases} ELSE {len(DEAL_SIZE_BAND_BOUNDS)} END)"


def refresh_sql(*, vendor: str, deals: int | None = None) -> str:
    """One set-based UPDATE that makes the copies of the influences of ``deals`` deals
    (that many ``%s`` parameters, given twice; ``None``: every deal) equal to their
    deals, writing only the rows that differ. The backfill migration (tracking 0007)
    runs the same statement over every deal."""
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    assignments = ", ".join(f"{copy} = d.{column}" for copy, column in COPIED_COLUMNS)
    changed = " OR ".join(f"i.{copy} {differs} d.{column}" for copy, column in COPIED_COLUMNS)
    band = band_sql("d.amount")
    influence, deal = DealInfluence._meta.db_table, Deal._meta.db_table
    ids = "" if deals is None else ", ".join(["%s"] * deals)
    scope = "1 = 1" if deals is None else f"deal_id IN ({ids})"
    outer_scope = "1 = 1" if deals is None else f"i.deal_id IN ({ids})"
    return f"""
        UPDATE {influence} AS i SET {assignments}, deal_band = {band}, deal_influences = n.n
        FROM {deal} d,
             (SELECT deal_id, COUNT(*) AS n FROM {influence} WHERE {scope} GROUP BY deal_id) n
        WHERE d.id = i.deal_id AND n.deal_id = i.deal_id AND {outer_scope}
          AND ({changed} OR i.deal_band {differs} {band} OR i.deal_influences {differs} n.n)
    """


def deal_influences_refresh(*, deal_ids: Iterable[int] | None = None) -> int:
    """Make the deal copies of the influences of ``deal_ids`` (or of every deal) equal
    to their deals (the size band too) and each deal's influence count; returns the
    rows rewritten.

    Called by the influence rebuild (rollups), after a deal is saved (signal), after an
    asset's deletion took its influences with it, and as the nightly sweep over all."""
    if deal_ids is None:
        with connection.cursor() as cursor:
            cursor.execute(refresh_sql(vendor=connection.vendor))
            changed = cursor.rowcount
    else:
        changed = _refresh_deals(sorted({int(pk) for pk in deal_ids}))
    if changed:
        deal_data_changed()
    return changed


def _refresh_deals(ids: list[int]) -> int:
    # The ids appear twice in the statement; SQLite allows 999 parameters by default.
    size = max(1, min(5000, (connection.features.max_query_params or 10000) // 2 - 1))
    changed = 0
    with connection.cursor() as cursor:
        for first in range(0, len(ids), size):
            chunk = ids[first : first + size]
            cursor.execute(refresh_sql(vendor=connection.vendor, deals=len(chunk)), chunk + chunk)
            changed += cursor.rowcount
    return changed


def deal_data_changed() -> None:
    """Give the deal data a new generation (``DealDataGeneration``): deals or influences
    changed. In the caller's transaction, so a reader sees the new generation exactly when
    it sees the new rows. A random number rather than a count, so a generation rolled
    back with its transaction is never handed out again for other data."""
    generation = secrets.randbits(62) + 1
    if not DealDataGeneration.objects.filter(pk=1).update(generation=generation):
        DealDataGeneration.objects.get_or_create(pk=1, defaults={"generation": generation})
