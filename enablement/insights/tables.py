"""Tables shown on the dashboards, each also downloadable as CSV (same rows, raw values)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from content.spreadsheets import spreadsheet_cell, spreadsheet_row
from enablement.insights.money import default_currency


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # Per column: "text", "int", "pct" (fraction 0..1), "lift" (signed fraction),
    # "money", "days", "date", "ci_pct"/"ci_lift" (a (low, high) 95 % interval of a rate
    # or a lift: one cell on the page, two columns "<header> low"/"high" in the CSV);
    # drives display only, the CSV keeps raw values.
    formats: list[str] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)  # URL of each row's first cell
    caption: str = ""

    def display_rows(self) -> list[dict]:
        formats = self.formats or ["text"] * len(self.headers)
        links = self.links or [None] * len(self.rows)
        return [
            {"link": link, "cells": [(value, fmt) for value, fmt in zip(row, formats, strict=True)]}
            for row, link in zip(self.rows, links, strict=True)
        ]

    def csv_response(self, *, filename: str) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        writer = csv.writer(response)
        formats = self.formats or ["text"] * len(self.headers)
        headers = []
        for header, fmt in zip(self.headers, formats, strict=True):
            if fmt in _INTERVALS:
                headers.extend(
                    [
                        _("%(header)s low") % {"header": header},
                        _("%(header)s high") % {"header": header},
                    ]
                )
            else:
                headers.append(header)
        writer.writerow(spreadsheet_row(headers))
        for row in self.rows:
            cells = []
            for value, fmt in zip(row, formats, strict=True):
                if fmt in _INTERVALS:
                    low, high = value if value is not None else (None, None)
                    cells.extend([_csv_value(low), _csv_value(high)])
                else:
                    cells.append(_csv_value(value))
            writer.writerow(cells)
        return response


_INTERVALS = ("ci_pct", "ci_lift")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    # Numbers above are formatted as numbers; text (titles, names) may start a formula.
    return spreadsheet_cell(value)


_ASSET_COLUMNS = [
    (gettext_noop("Asset"), "text"),
    (gettext_noop("Type"), "text"),
    (gettext_noop("Live"), "text"),
    (gettext_noop("Uses"), "int"),
    (gettext_noop("Users"), "int"),
    (gettext_noop("Deals influenced"), "int"),
    (gettext_noop("Won"), "int"),
    (gettext_noop("Lost"), "int"),
    (gettext_noop("Win rate"), "pct"),
    (gettext_noop("Closed deals (sample)"), "int"),
    (gettext_noop("Lift vs baseline"), "lift"),
    # xgettext:no-python-format
    (gettext_noop("Win rate 95 % interval"), "ci_pct"),
    # xgettext:no-python-format
    (gettext_noop("Lift 95 % interval"), "ci_lift"),
    (gettext_noop("Like-for-like lift"), "lift"),
    # xgettext:no-python-format
    (gettext_noop("Like-for-like 95 % interval"), "ci_lift"),
    (gettext_noop("Verdict"), "text"),
    (gettext_noop("Deals needed"), "int"),
    (gettext_noop("Influenced revenue"), "money"),
    (gettext_noop("Attributed revenue"), "money"),
    (gettext_noop("Median account LTV"), "money"),
    (gettext_noop("Last used"), "date"),
]


_CONFIDENCE_COLUMNS = {
    "Win rate 95 % interval",
    "Lift 95 % interval",
    "Like-for-like lift",
    "Like-for-like 95 % interval",
    "Verdict",
    "Deals needed",
}


def asset_performance_table(
    *,
    rows,
    ltv: dict,
    links: list[str],
    title: str,
    with_type: bool = True,
    confidence: dict | None = None,
) -> Table:
    """The per-asset figures table shared by the dashboard and the marketers' admin report.

    ``confidence`` (``selectors.asset_confidence``) adds the intervals, the like-for-like
    lift and the verdict; an asset missing from it had no closed deal in the period.
    """
    columns = [
        column
        for column in _ASSET_COLUMNS
        if (with_type or column[0] != "Type")
        and (confidence is not None or column[0] not in _CONFIDENCE_COLUMNS)
    ]

    def cells(row) -> list:
        sure = (confidence or {}).get(row.asset_id)
        values = {
            "Win rate 95 % interval": sure.win_rate_ci if sure else None,
            "Lift 95 % interval": sure.win_rate_lift_ci if sure else None,
            "Like-for-like lift": sure.stratified_lift if sure else None,
            "Like-for-like 95 % interval": sure.stratified_lift_ci if sure else None,
            "Verdict": sure.verdict if sure else "unknown",
            "Deals needed": sure.deals_needed if sure else None,
            "Asset": row.title,
            "Type": getattr(row, "type_label", ""),
            "Live": _("yes") if row.live else _("no"),
            "Uses": row.uses,
            "Users": row.users,
            "Deals influenced": row.deals_influenced,
            "Won": row.deals_won,
            "Lost": row.deals_lost,
            "Win rate": row.win_rate,
            "Closed deals (sample)": row.closed_deals,
            "Lift vs baseline": row.win_rate_lift,
            "Influenced revenue": row.influenced_revenue,
            "Attributed revenue": row.attributed_revenue,
            "Median account LTV": ltv.get(row.asset_id),
            "Last used": row.last_used_at,
        }
        return [values[header] for header, __ in columns]

    return Table(
        name="assets",
        title=title,
        headers=[
            f"{_(header)} ({default_currency()})" if kind == "money" else _(header)
            for header, kind in columns
        ],
        formats=[kind for __, kind in columns],
        rows=[cells(row) for row in rows],
        links=links,
    )
