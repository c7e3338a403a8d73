"""The overview's key figures as a table (shown and downloadable as CSV), with deltas."""

from __future__ import annotations

from enablement.insights.deltas import Delta
from enablement.insights.selectors import Summary
from enablement.insights.tables import Table


def kpi_table(*, summary: Summary, deltas: dict[str, Delta], currency: str) -> Table:
    """One row per figure: value, sample, the previous period's value and the change."""
    ltv = summary.account_ltv

    def row(name, value, sample="", delta: str | None = None):
        change = deltas.get(delta) if delta else None
        if change is None:
            return [name, value, sample, "", ""]
        previous = "" if change.previous is None else change._format(change.previous)
        return [name, value, sample, previous, change.text]

    return Table(
        name="kpis",
        title="Key figures",
        headers=["Metric", "Value", "Sample", "Previous period", "Change"],
        formats=["text"] * 5,
        rows=[
            row("Uses (events)", f"{summary.uses:,}", delta="uses"),
            row("Active users", f"{summary.active_users:,}", delta="active_users"),
            row("Live assets", f"{summary.assets_live:,}"),
            row(
                "Unused live assets",
                f"{summary.assets_unused:,} ({_pct(summary.unused_share)})",
                f"of {summary.assets_live} live",
                delta="unused_share",
            ),
            row("Freshness (review date not past)", _pct(summary.freshness)),
            row("Deals influenced", f"{summary.deals_influenced:,}", delta="deals_influenced"),
            row(
                f"Influenced revenue (won, full credit, {currency})",
                _money(summary.influenced_revenue, currency),
                f"{summary.deals_won} won deals" + _without_rate(summary),
                delta="influenced_revenue",
            ),
            row(
                "Win rate with content",
                _pct(summary.with_content.rate),
                f"n={summary.with_content.closed}",
                delta="win_rate_with_content",
            ),
            row(
                "Win rate without content",
                _pct(summary.without_content.rate),
                f"n={summary.without_content.closed}",
            ),
            row("Baseline win rate", _pct(summary.baseline.rate), f"n={summary.baseline.closed}"),
            row(
                "Median days to close, with content",
                _days(summary.median_days_to_close_with_content),
                delta="median_days_to_close",
            ),
            row("Median days to close, all won", _days(summary.median_days_to_close_all)),
            row(
                f"Median account LTV, all accounts with a won deal ({currency})",
                _money(ltv.median_ltv, currency),
                f"{ltv.accounts} accounts"
                + (
                    f"; {ltv.deals_without_rate} won deals left out: no exchange rate"
                    if ltv.deals_without_rate
                    else ""
                ),
            ),
            row(
                f"Median account LTV, accounts that used content ({currency})",
                _money(ltv.median_ltv_with_content, currency),
                f"{ltv.accounts_with_content} accounts",
            ),
        ],
    )


def _without_rate(summary: Summary) -> str:
    """Amounts in currencies without an exchange rate, named apart (never summed in)."""
    parts = [
        f"{amount:,.2f} {code}" for code, amount in summary.influenced_revenue_without_rate.items()
    ]
    return f"; not included, no exchange rate: {', '.join(parts)}" if parts else ""


def _pct(value) -> str:
    return "not enough data" if value is None else f"{value * 100:.1f}%"


def _days(value) -> str:
    return "-" if value is None else f"{value:g} days"


def _money(value, currency: str) -> str:
    return "-" if value is None else f"{value:,.2f} {currency}".strip()
