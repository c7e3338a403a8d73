"""Demo usage history for ``seed_demo``: a year of deals and events that tell a story.

Each asset gets a hidden "quality": better assets are used more, and deals that used them
are won a little more often. About one asset in eight is never used (the "unused
content" figure) and about a third of closed deals use no content at all, so "with vs
without content" compares two real groups. Closed deals keep the stage they reached
(later stages win more often) and deals with content close faster.

Three assets carry the story the "Keep or fix" page tells (``STORY``):

- the ROI model helps: deals that use it win 30 points more often, whatever their stage;
- the outdated pricing deck hurts: deals that use it win 30 points less often;
- the competitive battlecard is used only in late-stage deals and changes nothing: its
  raw lift looks large because late-stage deals win more often, its like-for-like lift
  is about zero.

Rarely used assets stay "not known yet". Rows are bulk-inserted, then ``usage_rollup_run``
derives attribution, rollups and popularity exactly as in production.
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
from enablement.tracking.services import deal_data_changed, usage_rollup_run

DEAL_COUNT = 480
BROWSING_EVENTS = 15_000
EXTERNAL_ID_PREFIX = "DEMO-"
UNUSED_SHARE = 0.12
NO_CONTENT_SHARE = 0.33  # closed and open deals that use no asset at all
CONTENT_CYCLE = 0.75  # deals with content close in three quarters of the time
# Win probability by the stage a closed deal reached (index in the stage list, from 1).
STAGE_WIN = (0.0, 0.10, 0.20, 0.35, 0.50, 0.65)
# The story assets (by title in the demo library; else the first used assets):
# role -> (title, share of deals with content that use it, effect on the win probability)
STORY = {
    "helps": ("ROI Model Walkthrough for CFOs", 0.45, 0.30),
    "hurts": ("Mid-Market Pricing and Packaging 2025", 0.40, -0.30),
    "late_only": ("Competitive Battlecard: Tessera vs. Legacy BPM Suites", 0.80, 0.0),
}

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


def _story_assets(assets, quality, rng: random.Random) -> dict[str, int]:
    """The story's assets (by title, else the first used ones), made sure to be used."""
    by_title = {asset.title: asset.pk for asset in assets}
    spare = [asset.pk for asset in assets]
    story: dict[str, int] = {}
    for role, (title, _, _) in STORY.items():
        pk = by_title.get(title)
        if pk is None:
            pk = next((p for p in spare if p not in story.values()), None)
        if pk is not None:
            story[role] = pk
            quality[pk] = 0.5  # neutral: the story's effect is its own (STORY)
    return story


def _story_picks(story: dict[str, int], reached: int, stage_count: int, rng) -> list[int]:
    """Which story assets a deal with content uses (the battlecard: late stages only)."""
    picks = []
    for role, pk in story.items():
        _, share, _ = STORY[role]
        if role == "late_only" and reached < stage_count - 2:
            continue
        if rng.random() < share:
            picks.append(pk)
    return picks


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
    story = _story_assets(assets, quality, rng)
    used = [asset.pk for asset in assets if quality[asset.pk] is not None]
    # The story assets are placed by hand (below), not drawn at random.
    drawn = [pk for pk in used if pk not in story.values()]
    weights = [0.25 + 2.5 * quality[pk] ** 2 for pk in drawn]

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
        with_content = rng.random() >= NO_CONTENT_SHARE
        cycle = rng.uniform(short, long) * (CONTENT_CYCLE if with_content else 1.0)
        closes_at = created_at + datetime.timedelta(days=cycle)
        # The furthest stage a deal reaches (Discovery onwards); later stages win more.
        reached = rng.choices(range(1, len(stages)), k=1)[0] if len(stages) > 1 else 0
        picked = []
        if with_content:
            picked = list(dict.fromkeys(rng.choices(drawn, weights=weights, k=rng.randint(1, 6))))
            picked += _story_picks(story, reached, len(stages), rng)
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
            chance = STAGE_WIN[min(reached, len(STAGE_WIN) - 1)] if stages else 0.4
            if picked:
                chance += 0.3 * (sum(quality[pk] for pk in picked) / len(picked) - 0.5)
            chance += sum(STORY[role][2] for role, pk in story.items() if pk in picked)
            won = rng.random() < min(0.95, max(0.02, chance))
            deal.status = Deal.Status.WON if won else Deal.Status.LOST
            deal.closed_at = closes_at
            deal.stage = stages[reached] if stages else None
        deals.append(deal)
        plans.append((deal, picked))
    Deal.objects.bulk_create(deals)
    deal_data_changed()  # bulk_create sends no signals
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
        asset_id = rng.choices(drawn or used, weights=weights if drawn else None)[0]
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
    titles = {asset.pk: asset.title for asset in assets}
    _say(
        stdout,
        "Usage history story: " + "; ".join(f"{role}: {titles[pk]}" for role, pk in story.items()),
    )
