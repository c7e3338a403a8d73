"""Server-rendered SVG charts (pygal), inlined in the dashboards.

Every chart carries a title, axis titles with units and an accessible name
(``role="img"`` plus a ``<title>``); pygal's tooltip scripts are left out (no JS at all,
so the Content-Security-Policy can forbid inline script), and the numbers behind each
chart are always in a table beside it (and in its CSV).
"""

from __future__ import annotations

import datetime
import math
import re
import uuid

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from enablement.insights.selectors import UsagePoint

STYLE = Style(
    background="transparent",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#6b7280",
    font_family="system-ui, sans-serif",
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=12,
    colors=("#1f5fbf", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b"),
)


def _config(**options) -> dict:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 800,
        "height": 320,
        "legend_at_bottom": True,
        "print_values": False,
        "margin": 12,
        **options,
    }


_PYGAL_CONFIG_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def _render(chart, *, label: str) -> SafeString:
    """The chart's SVG with an accessible name (``role="img"`` + ``<title>``)."""
    # pygal always writes an inline <script> with its tooltip config; without its tooltip
    # JS (``js=[]``) the config is dead weight, and our CSP forbids inline scripts.
    svg = _PYGAL_CONFIG_SCRIPT.sub("", chart.render(is_unicode=True))
    title_id = f"chart-title-{uuid.uuid4().hex[:8]}"
    head_end = svg.index(">") + 1
    opening = svg[:head_end].replace("<svg ", f'<svg role="img" aria-labelledby="{title_id}" ', 1)
    escaped = label.replace("&", "&amp;").replace("<", "&lt;")
    return mark_safe(f'{opening}<title id="{title_id}">{escaped}</title>{svg[head_end:]}')


def bucket_points(points: list[UsagePoint]) -> tuple[str, list[tuple[str, int, int]]]:
    """Daily points, or weekly sums (peak daily users) once the period passes 92 days."""
    if len(points) <= 92:
        return "Day", [(p.day.strftime("%b %d"), p.uses, p.users) for p in points]
    weeks: dict[datetime.date, list[UsagePoint]] = {}
    for point in points:
        monday = point.day - datetime.timedelta(days=point.day.weekday())
        weeks.setdefault(monday, []).append(point)
    return "Week starting", [
        (
            monday.strftime("%b %d"),
            sum(p.uses for p in group),
            max(p.users for p in group),
        )
        for monday, group in sorted(weeks.items())
    ]


def usage_chart(points: list[UsagePoint], *, title: str = "Content use over time") -> SafeString:
    unit, buckets = bucket_points(points)
    chart = pygal.Line(
        **_config(
            title=title,
            x_title=unit,
            y_title="Events / people",
            x_label_rotation=30,
            show_minor_x_labels=False,
            x_labels_major_every=max(1, len(buckets) // 10),
            dots_size=2,
            min_scale=1,
        )
    )
    chart.x_labels = [label for label, _, _ in buckets]
    chart.add("Uses (events)", [uses for _, uses, _ in buckets])
    chart.add("Active users (people)", [users for _, _, users in buckets])
    total = sum(uses for _, uses, _ in buckets)
    return _render(chart, label=f"{title}: {total} uses over {len(buckets)} {unit.lower()}s")


def rate_chart(rates: list[tuple[str, float | None, int]], *, title: str) -> SafeString:
    """Win rates in percent; ``None`` rates show as gaps labelled "not enough data"."""
    chart = pygal.Bar(
        **_config(title=title, y_title="Win rate (%)", range=(0, 100), print_values=True)
    )
    chart.value_formatter = lambda value: f"{value:.0f}%"
    chart.x_labels = [
        f"{name} (n={n})" if rate is not None else f"{name} (n={n}, not enough data)"
        for name, rate, n in rates
    ]
    chart.add("Win rate", [None if rate is None else round(rate * 100, 1) for _, rate, _ in rates])
    parts = ", ".join(
        f"{name} {'not enough data' if rate is None else f'{rate:.0%}'}" for name, rate, _ in rates
    )
    return _render(chart, label=f"{title}: {parts}")


def days_chart(values: list[tuple[str, float | None]], *, title: str) -> SafeString:
    chart = pygal.HorizontalBar(
        **_config(title=title, x_title="Median days to close", print_values=True, height=260)
    )
    chart.value_formatter = lambda value: f"{value:g} days"
    for name, days in values:
        chart.add(name, [days])
    parts = ", ".join(f"{name} {'n/a' if d is None else f'{d:g} days'}" for name, d in values)
    return _render(chart, label=f"{title}: {parts}")


def bar_chart(
    items: list[tuple[str, float]], *, title: str, unit: str, value_label: str
) -> SafeString:
    """A horizontal bar per item (top N lists: assets by uses, reps by uses)."""
    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            x_title=unit,
            print_values=True,
            show_legend=False,
            height=max(220, 40 + 28 * len(items)),
        )
    )
    # pygal stacks horizontal bars bottom-up: reverse so the first item is on top.
    chart.x_labels = [name[:40] for name, _ in reversed(items)]
    chart.add(value_label, [value for _, value in reversed(items)])
    top = ", ".join(f"{name} {value:g}" for name, value in items[:5])
    return _render(chart, label=f"{title} ({unit}): {top}")


def interval_chart(
    items: list[tuple[str, float | None, tuple[float, float] | None]],
    *,
    title: str,
    unit: str,
    scale: float = 100,
) -> SafeString:
    """A bar per figure with its 95 % interval as an error bar (fractions shown times ``scale``:
    percent or points); a figure with no value ("not enough data") is a labelled gap."""
    # pygal sizes the axis to the bars only: widen it to the whiskers (and zero), in tens.
    bounds = [0.0]
    for _, value, interval in items:
        bounds.extend([value or 0.0, *(interval or ())])
    low = math.floor(min(bounds) * scale / 10) * 10
    high = math.ceil(max(bounds) * scale / 10) * 10
    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            range=(low, high if high > low else low + 10),
            x_title=f"{unit} (bar: estimate; whisker: 95 % interval)",
            print_values=True,
            show_legend=False,
            include_x_axis=True,  # bars grow from zero, whatever the values' signs
            height=max(220, 60 + 44 * len(items)),
        )
    )
    chart.value_formatter = lambda value: (
        f"{value:+.0f}" if unit.startswith("Lift") else f"{value:.0f}"
    )
    ordered = list(reversed(items))  # pygal stacks horizontal bars bottom-up
    chart.x_labels = [
        name if value is not None else f"{name} (not enough data)" for name, value, _ in ordered
    ]
    values = []
    for _, value, interval in ordered:
        if value is None:
            values.append(None)
            continue
        point = {"value": round(value * scale, 1)}
        if interval is not None:
            point["ci"] = {
                "low": round(interval[0] * scale, 1),
                "high": round(interval[1] * scale, 1),
            }
        values.append(point)
    chart.add(unit, values)
    parts = ", ".join(
        f"{name} not enough data"
        if value is None
        else f"{name} {value * scale:.0f}"
        + (
            f" (95 % interval {interval[0] * scale:.0f} to {interval[1] * scale:.0f})"
            if interval
            else ""
        )
        for name, value, interval in items
    )
    return _render(chart, label=f"{title} ({unit}): {parts}")
