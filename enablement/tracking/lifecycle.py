"""What tracking needs to know about an asset's retirement, answered by the app above it.

Share links of a retired asset lead to its replacement. Retirement belongs to governance,
which sits above tracking (DESIGN §2), so tracking asks through this small registry and
governance answers by registering a function in its ``AppConfig.ready()``. Without one, a
non-live asset is simply unavailable (no replacement is known).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

RETIRED = "retired"
EXPIRED = "expired"


@dataclass(frozen=True)
class Retirement:
    """How an asset left the library (``RETIRED`` or ``EXPIRED``) and the live asset that
    replaces it, if any."""

    kind: str
    successor: Any = None


RetirementLookup = Callable[..., Retirement | None]
_lookup: RetirementLookup | None = None


def asset_retirement_lookup_register(lookup: RetirementLookup) -> None:
    """Let the app owning retirement answer ``asset_retirement`` (called from ``ready()``)."""
    global _lookup
    _lookup = lookup


def asset_retirement(*, asset) -> Retirement | None:
    """The asset's retirement record (``None``: never retired, or nobody registered)."""
    return _lookup(asset=asset) if _lookup is not None else None
