"""Tables shown on the dashboards, each also downloadable as CSV (same rows, raw values)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # Per column: "text", "int", "pct" (fraction 0..1), "lift" (signed fraction),
    # "money", "days", "date"; drives display only, the CSV keeps raw values.
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
        writer.writerow(self.headers)
        for row in self.rows:
            writer.writerow([_csv_value(value) for value in row])
        return response


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value
