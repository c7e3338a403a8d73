"""The overview's key figures as a table (shown and downloadable as CSV), with deltas."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content.i18n import days_text, money, number
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
        title=_("Key figures"),
        headers=[_("Metric"), _("Value"), _("Sample"), _("Previous period"), _("Change")],
        formats=["text"] * 5,
        rows=[
            row(_("Uses (events)"), number(summary.uses), delta="uses"),
            row(_("Active users"), number(summary.active_users), delta="active_users"),
            row(_("Live assets"), number(summary.assets_live)),
            row(
                _("Unused live assets"),
                f"{number(summary.assets_unused)} ({_pct(summary.unused_share)})",
                _("of %(live)s live") % {"live": summary.assets_live},
                delta="unused_share",
            ),
            row(_("Freshness (review date not past)"), _pct(summary.freshness)),
            row(_("Deals influenced"), number(summary.deals_influenced), delta="deals_influenced"),
            row(
                _("Influenced revenue (won, full credit, %(currency)s)") % {"currency": currency},
                _money(summary.influenced_revenue, currency),
                ngettext("%(count)s won deal", "%(count)s won deals", summary.deals_won)
                % {"count": summary.deals_won}
                + _without_rate(summary),
                delta="influenced_revenue",
            ),
            row(
                _("Win rate with content"),
                _pct(summary.with_content.rate),
                f"n={summary.with_content.closed}",
                delta="win_rate_with_content",
            ),
            row(
                _("Win rate without content"),
                _pct(summary.without_content.rate),
                f"n={summary.without_content.closed}",
            ),
            row(
                _("Baseline win rate"), _pct(summary.baseline.rate), f"n={summary.baseline.closed}"
            ),
            row(
                _("Median days to close, with content"),
                _days(summary.median_days_to_close_with_content),
                delta="median_days_to_close",
            ),
            row(_("Median days to close, all won"), _days(summary.median_days_to_close_all)),
            row(
                _("Median account LTV, all accounts with a won deal (%(currency)s)")
                % {"currency": currency},
                _money(ltv.median_ltv, currency),
                _accounts(ltv.accounts)
                + (
                    "; "
                    + _("%(count)s won deals left out: no exchange rate")
                    % {"count": ltv.deals_without_rate}
                    if ltv.deals_without_rate
                    else ""
                ),
            ),
            row(
                _("Median account LTV, accounts that used content (%(currency)s)")
                % {"currency": currency},
                _money(ltv.median_ltv_with_content, currency),
                _accounts(ltv.accounts_with_content),
            ),
        ],
    )


def _accounts(count: int) -> str:
    return ngettext("%(count)s account", "%(count)s accounts", count) % {"count": count}


def _without_rate(summary: Summary) -> str:
    """Amounts in currencies without an exchange rate, named apart (never summed in)."""
    parts = [
        money(amount, code) for code, amount in summary.influenced_revenue_without_rate.items()
    ]
    if not parts:
        return ""
    return "; " + _("not included, no exchange rate: %(amounts)s") % {"amounts": ", ".join(parts)}


def _pct(value) -> str:
    return _("not enough data") if value is None else f"{number(value * 100, 1)}%"


def _days(value) -> str:
    return "-" if value is None else days_text(value)


def _money(value, currency: str) -> str:
    return "-" if value is None else money(value, currency)
