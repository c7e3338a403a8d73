"""Adoption by rep and by team, and the segment by stage heat map."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Q,
    Sum,
)

from content.groups import SALES
from content.models import SegmentTag, StageTag, TaggedSegment, TaggedStage
from enablement.insights.models import Team
from enablement.insights.selectors.periods import (
    _closed_in,
    period_bounds,
)
from enablement.insights.selectors.results import (
    HeatMap,
    RepAdoption,
    TeamAdoption,
)
from enablement.insights.selectors.usage import (
    _asset_usage,
    _deal_filter,
    _user_usage,
    live_assets,
)
from enablement.tracking.models import (
    Deal,
)


def adoption_by_rep(
    *,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Team | None = None,
) -> list[RepAdoption]:
    """Per rep (members of Sales, or of ``team``, plus anyone who used content)."""
    start, end = period_bounds(since=since, until=until)
    user_model = get_user_model()
    usage = {
        row["user_id"]: row
        for row in _user_usage(since=since, until=until, segment=segment, team=team)
        .order_by()
        .values("user_id")
        .annotate(
            uses=Sum("uses"),
            assets=Count("asset_id", distinct=True),
            days=Count("day", distinct=True),
        )
    }
    deals = {
        row["owner_id"]: row
        for row in Deal.objects.filter(_closed_in(start, end), owner__isnull=False)
        .filter(_deal_filter(segment=segment, team=team))
        .order_by()
        .values("owner_id")
        .annotate(
            closed=Count("pk", distinct=True),
            with_content=Count("pk", distinct=True, filter=Q(influences__isnull=False)),
        )
    }
    members = Q(sales_teams=team) if team is not None else Q(groups__name=SALES)
    reps = (
        user_model.objects.filter(members | Q(pk__in=list(usage)))
        .distinct()
        .values_list("pk", "username", "first_name", "last_name")
    )
    reps = list(reps)
    teams: dict[int, list[str]] = defaultdict(list)
    for user_id, name in (
        Team.members.through.objects.filter(user_id__in=[r[0] for r in reps])
        .order_by("team__name")
        .values_list("user_id", "team__name")
    ):
        teams[user_id].append(name)
    results = []
    for user_id, username, first, last in reps:
        used = usage.get(user_id, {})
        closed = deals.get(user_id, {})
        results.append(
            RepAdoption(
                user_id=user_id,
                name=f"{first} {last}".strip() or username,
                teams=teams.get(user_id, []),
                uses=used.get("uses", 0),
                assets_used=used.get("assets", 0),
                active_days=used.get("days", 0),
                deals_closed=closed.get("closed", 0),
                deals_closed_with_content=closed.get("with_content", 0),
            )
        )
    results.sort(key=lambda row: (-row.uses, row.name.lower()))
    return results


def adoption_by_team(
    *, since: datetime.date, until: datetime.date, segment: SegmentTag | None = None
) -> list[TeamAdoption]:
    """Per team: reps, active reps (any use in the period), uses and content in deals."""
    reps = adoption_by_rep(since=since, until=until, segment=segment)
    by_team: dict[str, list[RepAdoption]] = defaultdict(list)
    for rep in reps:
        for name in rep.teams:
            by_team[name].append(rep)
    return [
        TeamAdoption(
            team=name,
            reps=len(members),
            active_reps=sum(1 for rep in members if rep.uses),
            uses=sum(rep.uses for rep in members),
            deals_closed=sum(rep.deals_closed for rep in members),
            deals_closed_with_content=sum(rep.deals_closed_with_content for rep in members),
        )
        for name, members in sorted(by_team.items())
    ]


def segment_stage_heatmap(
    *, since: datetime.date, until: datetime.date, team: Team | None = None
) -> HeatMap:
    """Uses in the period and live assets, per segment x stage the assets are tagged with."""
    segments = list(SegmentTag.objects.order_by("name").values_list("name", flat=True))
    stages = list(StageTag.objects.order_by("position", "name").values_list("name", flat=True))
    uses_by_asset = dict(
        _asset_usage(since=since, until=until, team=team)
        .order_by()
        .values("asset_id")
        .annotate(n=Sum("uses"))
        .values_list("asset_id", "n")
    )
    live_ids = set(live_assets().values_list("pk", flat=True))
    relevant = live_ids | set(uses_by_asset)
    segment_tags: dict[int, list[str]] = defaultdict(list)
    for asset_id, name in TaggedSegment.objects.filter(content_object_id__in=relevant).values_list(
        "content_object_id", "tag__name"
    ):
        segment_tags[asset_id].append(name)
    stage_tags: dict[int, list[str]] = defaultdict(list)
    for asset_id, name in TaggedStage.objects.filter(content_object_id__in=relevant).values_list(
        "content_object_id", "tag__name"
    ):
        stage_tags[asset_id].append(name)
    usage: dict[tuple[str, str], int] = defaultdict(int)
    coverage: dict[tuple[str, str], int] = defaultdict(int)
    for asset_id in relevant:
        for seg in segment_tags.get(asset_id, []):
            for st in stage_tags.get(asset_id, []):
                usage[(seg, st)] += uses_by_asset.get(asset_id, 0)
                if asset_id in live_ids:
                    coverage[(seg, st)] += 1
    return HeatMap(segments=segments, stages=stages, usage=dict(usage), coverage=dict(coverage))
