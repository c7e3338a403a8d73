"""Signals tracking sends; apps above it (search) subscribe in their ``ready()``.

Tracking never imports those apps: it announces, they react.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.dispatch import Signal

asset_popularity_changed = Signal()
"""Sent with ``asset_ids`` (sorted list of ints) when a ranking input of those assets
changed meaningfully; ``sender`` is ``AssetPopularity``.

The rule (``ranking_changed``): deals influenced, deals won or the win rate changed, or
the recent-use bucket did (``uses_bucket`` of ``uses_30d``: 0, 1, 2-3, 4-7, 8-15, ...,
so use counts into the ranking only as ``log(1 + uses_30d)`` does, roughly doubling).
A page view that leaves the bucket alone, or a new ``last_used_at``, sends nothing, so
the search index is not rewritten on every page view. It is sent inside the transaction
that stores the new figures, so a receiver's writes (a dirty flag) commit or roll back
with them.
"""


def uses_bucket(uses: int | None) -> int:
    """The recent-use bucket: 0 for none, then one per doubling (1, 2-3, 4-7, ...)."""
    return int(uses or 0).bit_length()


def ranking_changed(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> bool:
    """Whether popularity figures moved a search ranking input (see the signal's rule)."""

    def key(figures: Mapping[str, Any] | None) -> tuple:
        figures = figures or {}
        return (
            figures.get("deals_influenced") or 0,
            figures.get("deals_won") or 0,
            figures.get("win_rate"),
            uses_bucket(figures.get("uses_30d")),
        )

    return key(before) != key(after)


share_link_first_opened = Signal()
"""Sent once per share link, with ``link`` (the ``ShareLink``) and ``opened_at`` (aware
datetime), when a prospect first opens it (the rep's own previews do not count). Sent after
the opening is stored (``transaction.on_commit``), so receivers (notifications) may queue
work. Receivers must not raise: the prospect's page is already served.
"""
