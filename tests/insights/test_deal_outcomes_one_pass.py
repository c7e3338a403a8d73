"""Per-asset deal outcomes and like-for-like strata come from one pass over the period's
closed deals' influences (``asset_stats``), and closing times from durations the database
computes. Both must equal a computation straight from ``Deal`` and ``DealInfluence`` rows
in Python, for periods that cut months, with segment and team filters, several currencies
(one without a rate) and durations with seconds and microseconds, on SQLite as on
PostgreSQL."""

from __future__ import annotations

import datetime
import itertools
import random
import statistics
import uuid
from collections import defaultdict
from decimal import Decimal

import pytest

from content.models import TaggedSegment
from enablement.insights import selectors
from enablement.insights.models import ExchangeRate, Team
from enablement.insights.selectors import size_band
from enablement.insights.selectors.assets import _asset_deal_strata
from enablement.insights.selectors.periods import _influences_in_period
from enablement.tracking.models import Deal, DealInfluence, UsageEvent
from enablement.tracking.services import deal_upsert, usage_events_process
from tests.factories import CaseStudyPageFactory, UserFactory, segment, stage

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
FIRST = datetime.datetime(2025, 1, 1, tzinfo=UTC)
CENT = Decimal("0.01")
RATES = {"USD": Decimal(1), "EUR": Decimal("1.08765432")}  # GBP: no rate


@pytest.fixture
def world(library):
    """Six assets (two in Healthcare), four reps (two in a team), 200 deals over 15
    months in three segments (and none), two stages (and none), every size band and three
    currencies, each used by 0 to 4 assets before it closed (so won amounts split)."""
    rng = random.Random(12)
    ExchangeRate.objects.create(currency="EUR", base_currency="USD", rate=RATES["EUR"])
    healthcare = segment("Healthcare")
    segments = [healthcare, healthcare, segment("SMB"), segment("Enterprise"), None]
    stages = [stage("Demo"), stage("Closing"), None]
    assets = [CaseStudyPageFactory(segments=["Healthcare"]) for _ in range(2)]
    assets += [CaseStudyPageFactory() for _ in range(4)]
    reps = [UserFactory() for _ in range(4)]
    team = Team.objects.create(name="North")
    team.members.add(reps[0], reps[1])
    events = []
    for number in range(200):
        created = FIRST + datetime.timedelta(
            seconds=rng.randrange(400 * 86400), microseconds=rng.randrange(10**6)
        )
        closed = created + datetime.timedelta(
            seconds=rng.randrange(3600, 90 * 86400), microseconds=rng.randrange(10**6)
        )
        status = rng.choice(["won", "won", "lost", "open"])
        amount = Decimal(rng.choice([900, 9_999, 10_000, 42_000, 50_000, 249_999, 300_000]))
        deal, _ = deal_upsert(
            external_id=f"D{number}",
            account=f"Account {number % 40}",
            segment=rng.choice(segments),
            stage=rng.choice(stages),
            amount=amount + Decimal(rng.randrange(100)) / 100,
            currency=rng.choice(["USD", "USD", "EUR", "GBP"]),
            owner=rng.choice(reps),
            created_at=created,
            closed_at=None if status == "open" else closed,
            status=status,
        )
        for asset in rng.sample(assets, rng.randrange(5)):
            events.append(
                UsageEvent(
                    event_id=uuid.uuid4(),
                    asset=asset,
                    user=deal.owner,
                    kind="attach",
                    deal=deal,
                    occurred_at=created + (closed - created) * rng.random(),
                )
            )
    UsageEvent.objects.bulk_create(events)
    usage_events_process()
    assert DealInfluence.objects.count() > 150
    return {"team": team, "segment": healthcare}


def _converted(deal: Deal) -> Decimal | None:
    rate = RATES.get(deal.currency)
    return None if rate is None else deal.amount * rate


def raw(since, until, *, segment=None, team=None):
    """Per asset: won, lost, influenced and attributed revenue (cents), strata."""
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=UTC)
    end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, UTC)
    deals = Deal.objects.filter(status__in=["won", "lost"], closed_at__gte=start, closed_at__lt=end)
    if segment is not None:
        deals = deals.filter(segment=segment)
    if team is not None:
        deals = deals.filter(owner__in=team.members.all())
    influencers = defaultdict(list)
    for influence in DealInfluence.objects.filter(deal__in=deals):
        influencers[influence.deal_id].append(influence.asset_id)
    tagged = None
    if segment is not None:
        tagged = set(
            TaggedSegment.objects.filter(tag=segment).values_list("content_object_id", flat=True)
        )
    figures = defaultdict(lambda: {"won": 0, "lost": 0, "revenue": None, "attributed": None})
    strata = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for deal in deals:
        names = influencers[deal.id]
        for asset_id in names:
            if tagged is not None and asset_id not in tagged:
                continue
            row = figures[asset_id]
            won = deal.status == "won"
            row["won" if won else "lost"] += 1
            cell = strata[asset_id][(deal.segment_id, deal.stage_id, size_band(deal.amount))]
            cell[0] += int(won)
            cell[1] += 1
            converted = _converted(deal)
            if won and converted is not None:
                row["revenue"] = (row["revenue"] or 0) + converted
                row["attributed"] = (row["attributed"] or 0) + converted / len(names)
    return figures, strata


PERIODS = [
    (datetime.date(2025, 3, 17), datetime.date(2026, 3, 16)),  # 365 days, two edges
    (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),  # whole months only
    (datetime.date(2025, 5, 20), datetime.date(2025, 6, 18)),  # 30 days over a month end
    (datetime.date(2025, 1, 31), datetime.date(2025, 3, 1)),  # one month, one day each side
]


def test_one_pass_equals_the_raw_deals(world):
    # One world for every period and filter (building it is most of the time).
    for (since, until), narrowed in itertools.product(PERIODS, ["all", "segment", "team"]):
        filters = {
            "all": {},
            "segment": {"segment": world["segment"]},
            "team": {"team": world["team"]},
        }[narrowed]
        _assert_one_pass_equals_raw(since, until, filters)


def _assert_one_pass_equals_raw(since, until, filters):
    figures, strata = raw(since, until, **filters)
    assert figures, f"{since}..{until} {filters} must hold closed deals with content"

    rows, confidence = selectors.asset_stats(since=since, until=until, **filters)

    by_asset = {row.asset_id: row for row in rows}
    for asset_id, expected in figures.items():
        row = by_asset[asset_id]
        assert (row.deals_won, row.deals_lost) == (expected["won"], expected["lost"])
        assert row.influenced_revenue == Decimal(expected["revenue"] or 0).quantize(CENT)
        assert row.attributed_revenue == Decimal(expected["attributed"] or 0).quantize(CENT)
        assert confidence[asset_id].win_rate.won == expected["won"]
    assert set(confidence) == set(figures)
    # the same figures as the two selectors called on their own
    assert rows == selectors.asset_performance(since=since, until=until, **filters)
    assert confidence == selectors.asset_confidence(since=since, until=until, **filters)
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=UTC)
    end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, UTC)
    one_pass = _asset_deal_strata(start=start, end=end, **filters)
    assert {
        asset_id: {key: tuple(cell) for key, cell in cells.items()}
        for asset_id, cells in strata.items()
    } == {asset_id: deals.strata for asset_id, deals in one_pass.items()}


def test_closing_times_equal_python_durations(world):
    for since, until in PERIODS:
        _assert_closing_times(since, until)


def _assert_closing_times(since, until):
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=UTC)
    end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, UTC)
    won = Deal.objects.filter(status="won", closed_at__gte=start, closed_at__lt=end)
    influenced = set(DealInfluence.objects.values_list("deal_id", flat=True))
    days = {deal.pk: (deal.closed_at - deal.created_at).total_seconds() / 86400 for deal in won}
    assert any(value % 1 for value in days.values())  # not whole days
    with_content = [value for pk, value in days.items() if pk in influenced]
    without = [value for pk, value in days.items() if pk not in influenced]

    result, sure = selectors.summary_stats(since=since, until=until, include_gaps=False)

    # deals influenced: uses overlapping the period, or closed in it (the UNION it was)
    assert result.deals_influenced == (
        _influences_in_period(start, end, DealInfluence.objects.all(), "deal_id").count()
    )

    assert days and with_content
    assert result.median_days_to_close_all == _median(days.values())
    assert result.median_days_to_close_with_content == _median(with_content)
    assert sure.days_with.value == _median(with_content)
    assert sure.days_without.value == _median(without)
    assert sure.days_with.n == len(with_content)


def _median(values) -> float | None:
    values = list(values)
    return round(statistics.median(values), 1) if values else None
