"""Server-rendered SVG charts (pygal), inlined in the dashboards.

Every chart carries a title, axis titles with units and an accessible name
(``role="img"`` plus a ``<title>``); pygal's tooltip scripts are left out (no JS at all,
so the Content-Security-Policy can forbid inline script). Text is large enough to read
when the chart is scaled down to a phone (drawn 560 px wide with 18 px labels), the
colours are the Okabe-Ito colour-blind-safe palette,
each at least 3:1 against white (WCAG 1.4.11), and every chart carries its numbers as a
table in a ``<details>`` right after it, for screen readers, keyboards and anyone who
cannot tell the bars apart.
"""

from __future__ import annotations

import datetime
import math
import re
import uuid

import pygal
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext as _
from pygal.style import Style

from enablement.insights.selectors import UsagePoint

STYLE = Style(
    background="transparent",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#6b7280",
    font_family="system-ui, sans-serif",
    title_font_size=22,
    label_font_size=18,
    major_label_font_size=18,
    legend_font_size=18,
    value_font_size=18,
    value_label_font_size=18,
    tooltip_font_size=18,
    opacity="1",
    opacity_hover="0.85",
    # Okabe-Ito blue, vermillion, bluish green (darkened to 3:1), reddish purple, grey.
    colors=("#0072B2", "#D55E00", "#008060", "#AA4499", "#5F6368"),
)


class Chart:
    """A rendered chart: its SVG followed by its numbers as a table in a ``<details>``.

    Renders itself in a template (``{{ chart }}``) through ``__html__``."""

    def __init__(self, svg: SafeString, *, title: str, headers: list[str], rows: list[list]):
        self.svg = svg
        self.title = title
        self.headers = headers
        self.rows = rows

    def table(self) -> SafeString:
        return render_to_string(
            "insights/_chart_table.html",
            {"title": self.title, "headers": self.headers, "rows": self.rows},
        )

    def __html__(self) -> str:
        return mark_safe(f'<div class="chart-frame">{self.svg}</div>{self.table()}')

    def __str__(self) -> str:
        return self.__html__()


def _config(**options) -> dict:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 560,
        "height": 360,
        "truncate_label": -1,
        "truncate_legend": -1,
        "legend_at_bottom": True,
        "print_values": False,
        "margin": 12,
        **options,
    }


_PYGAL_CONFIG_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


AXIS_LABEL_CHARS = 34


def _axis_label(text: str) -> str:
    """``text`` cut to ``AXIS_LABEL_CHARS`` with "…": the labels beside horizontal bars take
    width from the plot, and a long one (Polish ones are) leaves the axis title none, where
    pygal's title splitting never ends. The accessible label and the table keep the full text."""
    text = str(text)
    return text if len(text) <= AXIS_LABEL_CHARS else text[: AXIS_LABEL_CHARS - 1].rstrip() + "…"


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


def _no_data() -> str:
    return _("not enough data")


def bucket_points(points: list[UsagePoint]) -> tuple[str, list[tuple[str, int, int]]]:
    """Daily points, or weekly sums (peak daily users) once the period passes 92 days."""
    if len(points) <= 92:
        return _("Day"), [(_short_date(p.day), p.uses, p.users) for p in points]
    weeks: dict[datetime.date, list[UsagePoint]] = {}
    for point in points:
        monday = point.day - datetime.timedelta(days=point.day.weekday())
        weeks.setdefault(monday, []).append(point)
    return _("Week starting"), [
        (
            _short_date(monday),
            sum(p.uses for p in group),
            max(p.users for p in group),
        )
        for monday, group in sorted(weeks.items())
    ]


def _short_date(day: datetime.date) -> str:
    """An axis label: "Mar 02" in English, "02.03" in Polish (the format is translated)."""
    return formats.date_format(day, pgettext("chart axis date (Django date format)", "M d"))


def usage_chart(points: list[UsagePoint], *, title: str | None = None) -> Chart:
    title = title or _("Content use over time")
    unit, buckets = bucket_points(points)
    chart = pygal.Line(
        **_config(
            title=title,
            x_title=unit,
            y_title=_("Events / people"),
            x_label_rotation=30,
            show_minor_x_labels=False,
            x_labels_major_every=max(1, len(buckets) // 10),
            dots_size=2,
            min_scale=1,
        )
    )
    chart.x_labels = [label for label, __, __ in buckets]
    chart.add(_("Uses (events)"), [uses for __, uses, __ in buckets])
    chart.add(_("Active users (people)"), [users for __, __, users in buckets])
    total = sum(uses for __, uses, __ in buckets)
    label = _("%(title)s: %(total)s uses over %(count)s periods (%(unit)s)") % {
        "title": title,
        "total": total,
        "count": len(buckets),
        "unit": unit.lower(),
    }
    return Chart(
        _render(chart, label=label),
        title=title,
        headers=[unit, _("Uses (events)"), _("Active users (people)")],
        rows=[list(bucket) for bucket in buckets],
    )


def rate_chart(rates: list[tuple[str, float | None, int]], *, title: str) -> Chart:
    """Win rates in percent, one horizontal bar each (labels beside the bars, readable on a
    phone); ``None`` rates are gaps, "not enough data" in the accessible name and table."""
    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            x_title=_("Win rate (%)"),
            range=(0, 100),
            print_values=True,
            show_legend=False,
            height=300,
        )
    )
    chart.value_formatter = lambda value: f"{value:.0f}%"
    # pygal stacks horizontal bars bottom-up: reverse so the first one is on top.
    # Short labels leave the bars room; "not enough data" is in the name and the table.
    chart.x_labels = [f"{name} (n={n})" for name, __, n in reversed(rates)]
    chart.y_labels = [0, 25, 50, 75, 100]
    chart.add(
        _("Win rate"),
        [None if rate is None else round(rate * 100, 1) for __, rate, __ in reversed(rates)],
    )
    parts = ", ".join(
        f"{name} {_no_data() if rate is None else f'{rate:.0%}'}" for name, rate, __ in rates
    )
    return Chart(
        _render(chart, label=f"{title}: {parts}"),
        title=title,
        headers=[_("Deals"), _("Win rate"), _("Closed deals (sample)")],
        rows=[
            [name, _no_data() if rate is None else f"{rate * 100:.1f}%", n]
            for name, rate, n in rates
        ],
    )


def days_chart(values: list[tuple[str, float | None]], *, title: str) -> Chart:
    chart = pygal.HorizontalBar(
        **_config(title=title, x_title=_("Median days to close"), print_values=True, height=300)
    )
    chart.value_formatter = lambda value: f"{value:g}"  # the axis title says "days"
    for name, days in values:
        chart.add(name, [days])
    parts = ", ".join(
        f"{name} {_('n/a') if d is None else _('%(days)s days') % {'days': f'{d:g}'}}"
        for name, d in values
    )
    return Chart(
        _render(chart, label=f"{title}: {parts}"),
        title=title,
        headers=[_("Deals"), _("Median days to close")],
        rows=[[name, "-" if d is None else f"{d:g}"] for name, d in values],
    )


def bar_chart(items: list[tuple[str, float]], *, title: str, unit: str, value_label: str) -> Chart:
    """A horizontal bar per item (top N lists: assets by uses, reps by uses)."""
    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            x_title=unit,
            print_values=True,
            show_legend=False,
            height=max(240, 60 + 36 * len(items)),
        )
    )
    # pygal stacks horizontal bars bottom-up: reverse so the first item is on top.
    chart.x_labels = [name[:40] for name, __ in reversed(items)]
    chart.add(value_label, [value for __, value in reversed(items)])
    top = ", ".join(f"{name} {value:g}" for name, value in items[:5])
    return Chart(
        _render(chart, label=f"{title} ({unit}): {top}"),
        title=title,
        headers=["", unit],
        rows=[[name, f"{value:g}"] for name, value in items],
    )


def interval_chart(
    items: list[tuple[str, float | None, tuple[float, float] | None]],
    *,
    title: str,
    unit: str,
    scale: float = 100,
    signed: bool = False,
) -> Chart:
    """A bar per figure with its 95 % interval as an error bar (fractions shown times ``scale``:
    percent or points); a figure with no value ("not enough data") is a labelled gap."""
    # pygal sizes the axis to the bars only: widen it to the whiskers (and zero), in tens.
    bounds = [0.0]
    for __, value, interval in items:
        bounds.extend([value or 0.0, *(interval or ())])
    low = math.floor(min(bounds) * scale / 10) * 10
    high = math.ceil(max(bounds) * scale / 10) * 10
    chart = pygal.HorizontalBar(
        **_config(
            title=title,
            range=(low, high if high > low else low + 10),
            x_title=unit,  # the caption says bar = estimate, whisker = 95 % interval
            print_values=True,
            show_legend=False,
            include_x_axis=True,  # bars grow from zero, whatever the values' signs
            height=max(300, 140 + 60 * len(items)),
        )
    )
    chart.value_formatter = lambda value: f"{value:+.0f}" if signed else f"{value:.0f}"
    ordered = list(reversed(items))  # pygal stacks horizontal bars bottom-up
    chart.x_labels = [
        _axis_label(name if value is not None else _("%(name)s: too few") % {"name": name})
        for name, value, __ in ordered
    ]
    span = high - low if high > low else 10
    step = 10 if span <= 50 else 25
    chart.y_labels = list(range(low, (high if high > low else low + 10) + 1, step))
    values = []
    for __, value, interval in ordered:
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
        f"{name} {_no_data()}"
        if value is None
        else f"{name} {value * scale:.0f}"
        + (
            " "
            + _("(95 %% interval %(low)s to %(high)s)")
            % {"low": f"{interval[0] * scale:.0f}", "high": f"{interval[1] * scale:.0f}"}
            if interval
            else ""
        )
        for name, value, interval in items
    )
    return Chart(
        _render(chart, label=f"{title} ({unit}): {parts}"),
        title=title,
        headers=[
            "",
            unit,
            # xgettext:no-python-format
            _("95 % interval, low"),
            # xgettext:no-python-format
            _("95 % interval, high"),
        ],
        rows=[
            [name, _no_data(), "", ""]
            if value is None
            else [
                name,
                f"{value * scale:.1f}",
                f"{interval[0] * scale:.1f}" if interval else "",
                f"{interval[1] * scale:.1f}" if interval else "",
            ]
            for name, value, interval in items
        ],
    )


def dropoff_chart(reached: list[tuple[int, int]], *, visits: int, title: str) -> Chart:
    """Page by page, the share of prospect visits that reached the page (a deck's drop-off)."""
    shares = [(page, count / visits if visits else 0.0) for page, count in reached]
    chart = pygal.Bar(
        **_config(
            title=title,
            x_title=gettext("Page"),
            y_title=gettext("Visits reaching the page"),
            show_legend=False,
            range=(0, 1),
            height=300,
        )
    )
    chart.value_formatter = lambda value: f"{value * 100:.0f}%"
    chart.x_labels = [str(page) for page, _share in shares]
    chart.add(gettext("Visits"), [share for _page, share in shares])
    summary = ", ".join(f"{page}: {share * 100:.0f}%" for page, share in shares[:12])
    return Chart(
        _render(chart, label=f"{title}: {summary}"),
        title=title,
        headers=[gettext("Page"), gettext("Visits reaching it"), gettext("Share of visits")],
        rows=[
            [page, count, f"{(count / visits if visits else 0) * 100:.0f}%"]
            for page, count in reached
        ],
    )
