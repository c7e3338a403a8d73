"""Demo usage history for ``seed_demo``: a year of deals and events that tell a story.

Each asset gets a hidden "quality": better assets are used more, and deals that used them
are won more often, so the insights screens show a visible win-rate lift. About one asset
in eight is never used (the "unused content" figure). Rows are bulk-inserted, then
``usage_rollup_run`` derives attribution, rollups and popularity exactly as in production.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from content.groups import SALES
from content.models import SegmentTag, StageTag
from content.selectors import assets_live
from enablement.tracking.models import Deal, UsageEvent
from enablement.tracking.services import usage_rollup_run

DEAL_COUNT = 240
BROWSING_EVENTS = 15_000
EXTERNAL_ID_PREFIX = "DEMO-"
UNUSED_SHARE = 0.12

# (amount range, sales cycle in days) by deal size
SIZES = {
    "Enterprise": ((60_000, 400_000), (60, 150)),
    "Mid-Market": ((15_000, 90_000), (30, 90)),
    "SMB": ((3_000, 20_000), (10, 45)),
}
ACCOUNTS = (
    "Globex", "Initech", "Umbrella Health", "Stark Logistics", "Wayne Retail", "Hooli",
    "Soylent Foods", "Cyberdyne", "Tyrell Manufacturing", "Wonka Retail", "Acme Public",
    "Vandelay Imports", "Pied Piper", "Massive Dynamic", "Oscorp", "Nakatomi Trading",
    "Gringotts Financial", "Monarch Health", "Aperture Labs", "Duff Beverages",
)  # fmt: skip
DEAL_NAMES = ("platform rollout", "expansion", "pilot", "renewal", "new team", "migration")
# What reps do with an asset during a deal, and how often.
DEAL_KINDS = (("view", 40), ("download", 15), ("present", 12), ("attach", 12), ("copy", 8),
              ("share", 8), ("feedback", 2))  # fmt: skip
BROWSING_KINDS = (("view", 70), ("download", 18), ("copy", 8), ("present", 4))


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def seed_usage_history(*, stdout=None, rng: random.Random) -> None:
    """Create demo deals and about 25,000 usage events, then run the rollups."""
    started = time.monotonic()
    if Deal.objects.filter(external_id__startswith=EXTERNAL_ID_PREFIX).exists():
        _say(stdout, "Usage history: demo deals already present, skipped.")
        return
    reps = list(get_user_model().objects.filter(groups__name=SALES, is_active=True).order_by("pk"))
    assets = list(assets_live().order_by("pk"))
    if not reps or not assets:
        _say(stdout, "Usage history: needs Sales users and live assets; skipped.")
        return
    now = timezone.now()

    # Asset quality drives both use and outcome; some assets are never touched.
    quality = {}
    for asset in assets:
        quality[asset.pk] = None if rng.random() < UNUSED_SHARE else rng.betavariate(2, 2)
    used = [asset.pk for asset in assets if quality[asset.pk] is not None]
    weights = [0.25 + 2.5 * quality[pk] ** 2 for pk in used]

    segments = {tag.name: tag for tag in SegmentTag.objects.all()}
    size_tags = [name for name in SIZES if name in segments]
    industry_tags = [name for name in segments if name not in SIZES]
    stages = list(StageTag.objects.order_by("position"))

    deals: list[Deal] = []
    plans: list[tuple[Deal, list[int]]] = []
    for number in range(1, DEAL_COUNT + 1):
        size = rng.choices(list(SIZES), weights=[2, 3, 4])[0]
        (low, high), (short, long) = SIZES[size]
        if size in size_tags and (not industry_tags or rng.random() < 0.6):
            segment = segments[size]
        elif industry_tags:
            segment = segments[rng.choice(industry_tags)]
        else:
            segment = None
        created_at = now - datetime.timedelta(days=rng.uniform(5, 365), hours=rng.uniform(0, 24))
        closes_at = created_at + datetime.timedelta(days=rng.uniform(short, long))
        picked = list(dict.fromkeys(rng.choices(used, weights=weights, k=rng.randint(2, 8))))
        account = rng.choice(ACCOUNTS)
        deal = Deal(
            external_id=f"{EXTERNAL_ID_PREFIX}{number:04d}",
            name=f"{account} {rng.choice(DEAL_NAMES)}",
            account=account,
            segment=segment,
            amount=Decimal(round(rng.uniform(low, high), -2)),
            currency="USD",
            owner=rng.choice(reps),
            created_at=created_at,
        )
        if closes_at > now:
            deal.status = Deal.Status.OPEN
            progress = (now - created_at) / (closes_at - created_at)
            if stages:
                deal.stage = stages[min(len(stages) - 2, int(progress * (len(stages) - 1)))]
        else:
            mean_quality = sum(quality[pk] for pk in picked) / len(picked)
            won = rng.random() < 0.12 + 0.6 * mean_quality
            deal.status = Deal.Status.WON if won else Deal.Status.LOST
            deal.closed_at = closes_at
            deal.stage = stages[-1] if stages else None
        deals.append(deal)
        plans.append((deal, picked))
    Deal.objects.bulk_create(deals)
    _say(stdout, f"Usage history: {len(deals)} deals over the last 12 months.")

    events: list[UsageEvent] = []

    def add(asset_id, user, kind, when, deal=None, metadata=None):
        events.append(
            UsageEvent(
                event_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                asset_id=asset_id,
                user=user,
                kind=kind,
                occurred_at=when,
                deal=deal,
                metadata=metadata or {"source": "demo"},
            )
        )

    for deal, picked in plans:
        end = deal.closed_at or now
        span = (end - deal.created_at).total_seconds()
        for asset_id in picked:
            for _ in range(rng.randint(3, 12)):
                when = deal.created_at + datetime.timedelta(seconds=rng.uniform(0, span))
                if deal.closed_at and rng.random() < 0.06:  # used again after the close
                    when = min(now, deal.closed_at + datetime.timedelta(days=rng.uniform(1, 20)))
                kind = _weighted(rng, DEAL_KINDS)
                add(asset_id, deal.owner, kind, when, deal)
                if kind == "share":  # the prospect opens the link a few times
                    for _ in range(rng.randint(0, 3)):
                        opened = min(end, when + datetime.timedelta(hours=rng.uniform(1, 96)))
                        add(asset_id, None, "view", opened, deal, {"prospect": True})
    _say(stdout, f"Usage history: {len(events)} events on deals.")

    for _ in range(BROWSING_EVENTS):
        when = now - datetime.timedelta(days=rng.uniform(0, 365))
        asset_id = rng.choices(used, weights=weights)[0]
        add(asset_id, rng.choice(reps), _weighted(rng, BROWSING_KINDS), when)

    total = len(events)
    for start in range(0, total, 5000):
        UsageEvent.objects.bulk_create(events[start : start + 5000])
        _say(stdout, f"Usage history: stored {min(total, start + 5000):,}/{total:,} events")
    _say(stdout, "Usage history: computing attribution, daily rollups and popularity...")
    report = usage_rollup_run()
    _say(
        stdout,
        f"Usage history: {total:,} events, {report.asset_days:,} asset-days, "
        f"{report.influences:,} deal influences, {len(assets) - len(used)} assets never used "
        f"({time.monotonic() - started:.1f}s).",
    )
