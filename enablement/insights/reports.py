"""Marketing's analytics reports: unused content, content gaps and coverage.

One definition each, used by the admin reports (``enablement.insights.report_views``) and
anything else that needs them:

- unused content: ``selectors.assets_unused`` (DESIGN §6: live assets with no use in the
  period) over the last ``UNUSED_AFTER_DAYS`` days, for assets live when that window began;
- content gaps: search's zero-result queries (``search.selectors.zero_result_queries``)
  beside governance's open content requests (``content_requests_open``);
- coverage: live assets per segment x deal stage.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from content.models import AssetPage, SegmentTag, StageTag
from content.selectors import assets_live
from enablement.governance.models import ContentRequest
from enablement.governance.selectors import UNUSED_AFTER_DAYS, content_requests_open
from enablement.insights import selectors
from enablement.tracking.models import AssetDailyUsage
from search.selectors import ZeroResultQuery
from search.selectors import zero_result_queries as search_zero_result_queries

__all__ = [
    "UNUSED_AFTER_DAYS",
    "Coverage",
    "CoverageRow",
    "MarketingContentGaps",
    "assets_unused",
    "content_gaps_all_time",
    "coverage_matrix",
]


def assets_unused(
    *, days: int = UNUSED_AFTER_DAYS, now: datetime.datetime | None = None
) -> QuerySet[AssetPage]:
    """Unused content over the last ``days`` days, by the one definition
    (``selectors.assets_unused``), among assets already live when the window began.

    Annotated with ``last_used_at`` (the last day with any use, or ``None``), least
    recently used first.
    """
    now = now or timezone.now()
    since = now - datetime.timedelta(days=days)
    last_day = AssetDailyUsage.objects.filter(asset=OuterRef("pk"), uses__gt=0).order_by("-day")
    return (
        selectors.assets_unused(
            since=timezone.localdate(since),
            until=timezone.localdate(now),
            published_before=since,
        )
        .annotate(last_used_at=Subquery(last_day.values("day")[:1]))
        .select_related("owner_user")
        .order_by(F("last_used_at").asc(nulls_first=True), "title")
    )


@dataclass(frozen=True)
class CoverageRow:
    segment: str
    counts: list[int]
    total: int


@dataclass(frozen=True)
class Coverage:
    stages: list[str]
    rows: list[CoverageRow]
    max_count: int
    untagged: int


def coverage_matrix() -> Coverage:
    """Live assets per segment x deal stage (an asset counts in every pair it is tagged with)."""
    stages = list(StageTag.objects.order_by("position", "name").values_list("name", flat=True))
    segments = list(SegmentTag.objects.order_by("name").values_list("name", flat=True))
    live_ids = assets_live().values("pk")
    pairs = (
        AssetPage.objects.filter(pk__in=live_ids)
        .filter(tagged_segments__isnull=False, tagged_stages__isnull=False)
        .order_by()  # Page's default ordering by path would split the groups
        .values("tagged_segments__tag__name", "tagged_stages__tag__name")
        .annotate(count=Count("pk", distinct=True))
    )
    counts = {
        (row["tagged_segments__tag__name"], row["tagged_stages__tag__name"]): row["count"]
        for row in pairs
    }
    rows = []
    for segment in segments:
        row_counts = [counts.get((segment, stage), 0) for stage in stages]
        rows.append(CoverageRow(segment=segment, counts=row_counts, total=sum(row_counts)))
    untagged = (
        AssetPage.objects.filter(pk__in=live_ids)
        .filter(Q(tagged_segments__isnull=True) | Q(tagged_stages__isnull=True))
        .distinct()
        .count()
    )
    return Coverage(
        stages=stages,
        rows=rows,
        max_count=max(counts.values(), default=0),
        untagged=untagged,
    )


@dataclass(frozen=True)
class MarketingContentGaps:
    zero_result_queries: list[ZeroResultQuery]
    open_requests: QuerySet[ContentRequest]


def content_gaps_all_time(*, limit: int = 50) -> MarketingContentGaps:
    """Zero-result searches of all time (most frequent first) and the open content requests."""
    return MarketingContentGaps(
        zero_result_queries=search_zero_result_queries(limit=limit),
        open_requests=content_requests_open(),
    )
