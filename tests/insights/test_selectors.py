"""Each DESIGN §6 metric on the known world of tests/insights_world.py.

Closed in March (the period): W1 won 1000 (38 days; A, B), W2 won 3000 (20 days; A),
W3 won 1000 SMB (10 days; A, B, C), W4 won 2500 (10 days; B used only after it closed),
L1 and L2 lost (A), L3 lost (no content, closed 23:00 on the last day). Outside: W0 (closed
the day before), W5 (closed the instant after; A used in March), O1 open (C in March).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from enablement.insights import selectors
from tests.factories import segment
from tests.insights.query_pins import IN_MEMORY
from tests.insights_world import MARCH_1, MARCH_31

pytestmark = pytest.mark.django_db


def test_summary_usage_and_library(world):
    result = selectors.summary(since=MARCH_1, until=MARCH_31)

    assert result.uses == 12  # inclusive bounds, prospect open and retired asset included
    assert result.active_users == 3  # the prospect has no user
    assert result.assets_live == 5  # A B C D R: not the draft, expired or retired ones
    assert result.assets_used == 4
    assert result.assets_unused == 1
    assert result.unused_share == pytest.approx(0.2)
    assert result.freshness == pytest.approx(0.8)  # D's review date has passed


def test_summary_deals_and_win_rates(world):
    result = selectors.summary(since=MARCH_1, until=MARCH_31)

    assert result.deals_influenced == 7  # W1 W2 W3 L1 L2, W5 (used in March), O1 (open)
    assert (result.deals_won, result.deals_lost) == (3, 2)
    assert result.with_content.rate == pytest.approx(3 / 5)
    assert result.baseline.rate == pytest.approx(4 / 7)
    # W4 (content only after it closed) and L3: 2 closed deals is not enough data.
    assert (result.without_content.won, result.without_content.lost) == (1, 1)
    assert result.without_content.rate is None
    assert result.win_rate_lift == pytest.approx(3 / 5 - 4 / 7)
    assert result.influenced_revenue == Decimal("5000.00")
    assert result.median_days_to_close_with_content == 20.0  # 38, 20, 10
    assert result.median_days_to_close_all == 15.0  # 38, 20, 10, 10


def test_summary_shared_kpis(world):
    result = selectors.summary(since=MARCH_1, until=MARCH_31)

    # Acme 2000 (W1+W3), Beta 3400 (W2+W0), Gamma 2500 (W4), Delta 700 (W5)
    assert result.account_ltv.accounts == 4
    assert result.account_ltv.median_ltv == Decimal("2250.00")
    assert result.account_ltv.accounts_with_content == 3  # not Gamma
    assert result.account_ltv.median_ltv_with_content == Decimal("2000.00")
    assert [(row.segment, row.won_deals, row.median_days) for row in result.lead_to_close] == [
        ("Enterprise", 3, 20.0),
        ("SMB", 1, 10.0),
    ]


def test_summary_segment_filter(world):
    result = selectors.summary(since=MARCH_1, until=MARCH_31, segment=segment("Enterprise"))

    assert result.uses == 9  # A 5, B 3, Z 1
    assert result.assets_live == 2
    assert (result.baseline.won, result.baseline.lost) == (2 + 1, 3)
    assert result.baseline.rate == pytest.approx(0.5)
    assert result.with_content.rate is None  # W1 W2 L1 L2: four closed deals


def test_summary_team_filter(world):
    result = selectors.summary(since=MARCH_1, until=MARCH_31, team=world.teams["east"])

    assert result.uses == 5  # rep1's events only
    assert result.active_users == 1
    assert (result.baseline.won, result.baseline.lost) == (2, 1)  # W1 W2 L1 owned by rep1


def test_period_boundaries_are_inclusive_dates(world):
    first_day = selectors.summary(since=MARCH_1, until=MARCH_1)
    last_day = selectors.summary(since=MARCH_31, until=MARCH_31)

    assert first_day.uses == 2  # 00:00:00 view and the C attach
    assert last_day.uses == 1  # the prospect at 23:59:59; not A at April 1 00:00
    assert (last_day.baseline.won, last_day.baseline.lost) == (0, 1)  # L3 at 23:00


def test_asset_performance(world):
    rows = {row.title: row for row in selectors.asset_performance(since=MARCH_1, until=MARCH_31)}

    a, b, c = rows["Alpha case"], rows["Beta deck"], rows["Gamma objection"]
    assert (a.uses, a.users, a.deals_influenced, a.deals_won, a.deals_lost) == (5, 2, 6, 3, 2)
    assert a.win_rate == pytest.approx(0.6)
    assert a.win_rate_lift == pytest.approx(0.6 - 4 / 7)
    assert a.closed_deals == 5
    assert str(a.last_used_at) == "2026-03-30"
    # B was used on W4 after it closed: a use, not an influence.
    assert (b.uses, b.users, b.deals_influenced, b.deals_won, b.deals_lost) == (3, 2, 2, 2, 0)
    assert b.win_rate is None and b.win_rate_lift is None  # not enough data
    assert (c.uses, c.users, c.deals_influenced) == (2, 1, 2)  # W3 and the open O1


def test_attributed_revenue_is_split_evenly(world):
    rows = {row.title: row for row in selectors.asset_performance(since=MARCH_1, until=MARCH_31)}

    # W1 1000 over A+B, W2 3000 to A alone, W3 1000 over A+B+C.
    assert rows["Alpha case"].influenced_revenue == Decimal("5000.00")
    assert rows["Alpha case"].attributed_revenue == Decimal("3833.33")
    assert rows["Beta deck"].influenced_revenue == Decimal("2000.00")
    assert rows["Beta deck"].attributed_revenue == Decimal("833.33")
    assert rows["Gamma objection"].attributed_revenue == Decimal("333.33")


def test_asset_performance_lists_live_and_active_assets(world):
    rows = {row.title: row for row in selectors.asset_performance(since=MARCH_1, until=MARCH_31)}

    assert set(rows) == {
        "Alpha case",
        "Beta deck",
        "Gamma objection",
        "Delta unused",
        "Restricted win story",  # managers see restricted assets' stats
        "Zulu retired",  # retired but used in the period
    }
    assert rows["Delta unused"].uses == 0
    assert rows["Zulu retired"].live is False
    assert [row.title for row in selectors.asset_performance(since=MARCH_1, until=MARCH_31)][
        :2
    ] == ["Alpha case", "Beta deck"]


def test_asset_ltv(world):
    ltv = selectors.asset_account_ltv()

    assert ltv[world.assets["A"].pk] == Decimal("2000.00")  # Acme 2000, Beta 3400, Delta 700
    assert ltv[world.assets["C"].pk] == Decimal("2000.00")  # Acme
    assert world.assets["D"].pk not in ltv


def test_usage_series(world):
    points = selectors.usage_series(since=MARCH_1, until=MARCH_31)

    assert len(points) == 31
    assert sum(point.uses for point in points) == 12
    assert (points[0].uses, points[0].users) == (2, 2)
    assert (points[-1].uses, points[-1].users) == (1, 0)  # the prospect


def test_adoption_by_rep_and_team(world):
    reps = {row.name: row for row in selectors.adoption_by_rep(since=MARCH_1, until=MARCH_31)}
    teams = {row.team: row for row in selectors.adoption_by_team(since=MARCH_1, until=MARCH_31)}

    ann = reps["Ann East"]
    assert (ann.uses, ann.assets_used, ann.active_days, ann.teams) == (5, 2, 5, ["Team East"])
    assert (ann.deals_closed, ann.deals_closed_with_content) == (3, 3)
    cy = reps["Cy Solo"]
    assert (cy.uses, cy.deals_closed, cy.deals_closed_with_content) == (3, 2, 0)
    assert cy.content_share == 0
    assert teams["Team West"].uses == 3
    assert (teams["Team West"].reps, teams["Team West"].active_reps) == (1, 1)


def test_heatmap_usage_and_coverage(world):
    heatmap = selectors.segment_stage_heatmap(since=MARCH_1, until=MARCH_31)

    assert heatmap.usage[("Enterprise", "Demo")] == 5
    assert heatmap.coverage[("Enterprise", "Demo")] == 1
    assert heatmap.usage[("SMB", "Proposal")] == 3
    assert (heatmap.usage[("SMB", "Demo")], heatmap.coverage[("SMB", "Demo")]) == (0, 1)  # D
    assert heatmap.usage[("Enterprise", "Closing")] == 1  # the retired Z
    assert ("Enterprise", "Closing") not in heatmap.coverage
    assert heatmap.stages[:3] == ["Prospecting", "Discovery", "Demo"]


def test_query_counts_are_pinned(world, django_assert_num_queries):
    # + 1 each: the exchange rates into the default currency. The summary + 1: the
    # deal-data generation; the account values' query only while they are not cached.
    # + IN_MEMORY: the closed deals and the one pass hash in memory on PostgreSQL.
    with django_assert_num_queries(9 + IN_MEMORY):
        selectors.summary(since=MARCH_1, until=MARCH_31, include_gaps=False)
    with django_assert_num_queries(8 + IN_MEMORY):
        selectors.summary(since=MARCH_1, until=MARCH_31, include_gaps=False)
    with django_assert_num_queries(7 + IN_MEMORY):
        selectors.asset_performance(since=MARCH_1, until=MARCH_31)
    with django_assert_num_queries(2):
        selectors.usage_series(since=MARCH_1, until=MARCH_31)


def test_content_gaps(world):
    gaps = selectors.summary(since=MARCH_1, until=MARCH_31).content_gaps

    assert gaps.queries_available and gaps.requests_available
    assert [(q.query, q.count) for q in gaps.zero_result_queries] == [("gdpr pricing", 2)]
    assert gaps.open_requests == 3  # new and planned
    assert gaps.requests_by_status == {"Done": 1, "New": 2, "Planned": 1}


def test_period_split_into_whole_months_and_edge_days():
    import datetime

    day = datetime.date
    assert selectors._period_split(day(2026, 2, 25), day(2026, 4, 1)) == (
        (day(2026, 3, 1), day(2026, 3, 1)),
        [(day(2026, 2, 25), day(2026, 2, 28)), (day(2026, 4, 1), day(2026, 4, 1))],
    )
    assert selectors._period_split(day(2025, 1, 1), day(2025, 12, 31)) == (
        (day(2025, 1, 1), day(2025, 12, 1)),
        [],
    )
    assert selectors._period_split(day(2026, 3, 2), day(2026, 3, 30)) == (
        None,
        [(day(2026, 3, 2), day(2026, 3, 30))],
    )
    assert selectors._period_split(day(2026, 1, 31), day(2026, 3, 1)) == (
        (day(2026, 2, 1), day(2026, 2, 1)),
        [(day(2026, 1, 31), day(2026, 1, 31)), (day(2026, 3, 1), day(2026, 3, 1))],
    )


def test_distinct_users_over_a_period_spanning_month_edges(world):
    # Feb 25 .. Apr 1: daily rows for Feb 25-28 and Apr 1, the monthly rows for March.
    import datetime

    since, until = datetime.date(2026, 2, 25), datetime.date(2026, 4, 1)

    result = selectors.summary(since=since, until=until)
    rows = {row.title: row for row in selectors.asset_performance(since=since, until=until)}
    west = selectors.summary(since=since, until=until, team=world.teams["west"])

    assert result.uses == 12 + 3 + 1  # March, Feb 25/26/28 and A at Apr 1 00:00
    assert result.active_users == 3
    # A: rep2 on Feb 25 and 28 and in March (once), rep1 in March and on Apr 1 (once).
    assert (rows["Alpha case"].uses, rows["Alpha case"].users) == (8, 2)
    assert (rows["Beta deck"].uses, rows["Beta deck"].users) == (4, 2)  # rep2 Feb+Mar, rep1
    assert rows["Gamma objection"].users == 1
    assert west.active_users == 1  # rep2 in both parts
    # Feb 26 .. Mar 31: rep2 only on the daily edge for A (Feb 28) and in March.
    edge = {
        row.title: row
        for row in selectors.asset_performance(
            since=datetime.date(2026, 2, 26), until=datetime.date(2026, 3, 31)
        )
    }
    assert (edge["Alpha case"].uses, edge["Alpha case"].users) == (6, 2)


def test_deal_closed_at_midnight_on_the_first_counts_in_that_month(world):
    """W5 closed at 00:00:00 UTC on April 1: April's deal, on SQLite as on PostgreSQL
    (raw SQL once compared the bounds as text there and counted it in March)."""
    april = datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)
    march = {r.title: r for r in selectors.asset_performance(since=MARCH_1, until=MARCH_31)}
    in_april = {r.title: r for r in selectors.asset_performance(since=april[0], until=april[1])}

    assert march["Alpha case"].deals_won == 3
    assert (in_april["Alpha case"].deals_won, in_april["Alpha case"].influenced_revenue) == (
        1,
        Decimal("700.00"),
    )
