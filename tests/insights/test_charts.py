"""Charts are readable: large text, colour-blind-safe colours with contrast, a table each."""

from __future__ import annotations

import datetime
import re

import pytest

from enablement.insights import charts
from enablement.insights.selectors import UsagePoint
from tests.insights.test_dashboards import MARCH


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", charts.STYLE.colors)
def test_series_colours_have_3_to_1_contrast_on_white(colour):
    assert (1.05) / (_luminance(colour) + 0.05) >= 3.0, colour


def test_palette_is_okabe_ito_not_red_green():
    assert charts.STYLE.colors[:2] == ("#0072B2", "#D55E00")  # blue/vermillion, not red/green


def test_text_is_large_and_the_numbers_are_a_table():
    points = [
        UsagePoint(day=datetime.date(2026, 3, 1), uses=4, users=2),
        UsagePoint(day=datetime.date(2026, 3, 2), uses=7, users=3),
    ]

    html = str(charts.usage_chart(points, title="Use <of> things"))

    sizes = {int(size) for size in re.findall(r"font-size:\s*(\d+)px", html)}
    assert sizes and min(sizes) >= 16, sizes
    assert "<script" not in html
    assert '<div class="chart-frame"><svg role="img"' in html
    table = html[html.index("<details") :]
    assert "<summary>Numbers behind “Use &lt;of&gt; things”</summary>" in table
    assert '<th scope="row">Mar 02</th><td>7</td><td>3</td>' in table


def test_rate_chart_table_says_not_enough_data():
    chart = charts.rate_chart([("With content", 0.6, 5), ("Without", None, 2)], title="Win rate")

    assert chart.rows == [["With content", "60.0%", 5], ["Without", "not enough data", 2]]
    assert '<th scope="row">Without</th><td>not enough data</td><td>2</td>' in chart.table()


def test_every_chart_on_the_overview_has_its_table(client, world, manager_user):
    client.force_login(manager_user)

    page = client.get("/insights/", MARCH).content.decode()

    svgs = page.count('<svg role="img"')
    assert svgs >= 3
    assert page.count('<details class="chart-data">') == svgs
