"""Compare-to-previous-period changes of the overview's key figures.

Each figure of the period is set beside the same figure over the same-length period just
before it (``StatsFilters.previous()``), with its direction in words ("up", "down",
"unchanged") so the change reads the same to a screen reader as on screen; the arrow is
decoration. Whether a direction is good depends on the figure (fewer days to close is).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from content.i18n import days_text, money, number
from enablement.insights.selectors import Summary

ARROWS = {"up": "▲", "down": "▼", "unchanged": "▬"}


@dataclass(frozen=True)
class Delta:
    current: float | Decimal | None
    previous: float | Decimal | None
    kind: str  # "int", "pct", "money" or "days"
    higher_is_better: bool = True
    currency: str = ""

    @property
    def change(self):
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def direction(self) -> str | None:
        change = self.change
        if change is None:
            return None
        if self.kind == "pct":
            change = round(change * 1000)  # tenths of a point, as shown
        return "up" if change > 0 else "down" if change < 0 else "unchanged"

    @property
    def arrow(self) -> str:
        return ARROWS.get(self.direction or "", "")

    @property
    def tone(self) -> str:
        """``good``, ``bad`` or ``neutral``: the colour hint (never the only signal)."""
        if self.direction in (None, "unchanged"):
            return "neutral"
        return "good" if (self.direction == "up") == self.higher_is_better else "bad"

    def _format(self, value) -> str:
        if self.kind == "pct":
            return f"{number(value * 100, 1)}%"
        if self.kind == "money":
            return money(value, self.currency)
        if self.kind == "days":
            return days_text(value)
        return number(value)

    def _amount(self) -> str:
        change = abs(self.change)
        if self.kind == "pct":
            return _("%(points)s points") % {"points": number(change * 100, 1)}
        if self.kind == "days":
            return self._format(round(change, 1))
        return self._format(change)

    @property
    def text(self) -> str:
        """The change in words, e.g. "up 12 from 40" or "no earlier figure"."""
        if self.previous is None:
            return _("no figure for the previous period")
        previous = self._format(self.previous)
        if self.current is None:
            return _("was %(previous)s") % {"previous": previous}
        if self.direction == "unchanged":
            return _("unchanged from %(previous)s") % {"previous": previous}
        if self.direction == "up":
            return _("up %(amount)s from %(previous)s") % {
                "amount": self._amount(),
                "previous": previous,
            }
        return _("down %(amount)s from %(previous)s") % {
            "amount": self._amount(),
            "previous": previous,
        }


def summary_deltas(current: Summary, previous: Summary, *, currency: str = "") -> dict:
    """The overview's deltas by figure name."""
    return {
        "uses": Delta(current.uses, previous.uses, "int"),
        "active_users": Delta(current.active_users, previous.active_users, "int"),
        "unused_share": Delta(
            current.unused_share, previous.unused_share, "pct", higher_is_better=False
        ),
        "deals_influenced": Delta(current.deals_influenced, previous.deals_influenced, "int"),
        "influenced_revenue": Delta(
            current.influenced_revenue, previous.influenced_revenue, "money", currency=currency
        ),
        "win_rate_with_content": Delta(
            current.with_content.rate, previous.with_content.rate, "pct"
        ),
        "median_days_to_close": Delta(
            current.median_days_to_close_with_content,
            previous.median_days_to_close_with_content,
            "days",
            higher_is_better=False,
        ),
    }
