"""Reads of the search app: suggestions, zero-result queries, prep-for-a-call, status."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from time import monotonic
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from content.models import ASSET_TYPES, ObjectionPage, SegmentTag, StageTag
from search.backends import suggest_run
from search.backends.base import SUGGEST_LIMIT, Hit, SearchQuery, Suggestion
from search.models import DirtyAsset, SearchLog

logger = logging.getLogger(__name__)


def asset_suggestions(*, text: str, user, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
    """Titles for what has been typed so far, visible to ``user`` (database on outage)."""
    return suggest_run(text=text, user=user, limit=limit)


@dataclass(frozen=True)
class ZeroResultQuery:
    query: str
    count: int
    last_seen: datetime


def zero_result_queries(
    *, since: date | None = None, until: date | None = None, limit: int = 50
) -> list[ZeroResultQuery]:
    """Normalised queries that found nothing, most frequent first (content gaps).

    ``since``/``until`` are inclusive dates (UTC days); empty queries are not counted.
    """
    logs = SearchLog.objects.filter(result_count=0, question=False)
    return _most_frequent(logs, since=since, until=until, limit=limit)


def unanswered_questions(
    *, since: date | None = None, until: date | None = None, limit: int = 50
) -> list[ZeroResultQuery]:
    """Questions asked of the library whose best passage scored below the answer
    threshold (``search.answers.ANSWER_THRESHOLD``), most frequent first (content gaps)."""
    logs = SearchLog.objects.filter(question=True, answered=False)
    return _most_frequent(logs, since=since, until=until, limit=limit)


def _most_frequent(
    logs: QuerySet[SearchLog], *, since: date | None, until: date | None, limit: int
) -> list[ZeroResultQuery]:
    """The non-empty queries of ``logs`` in the inclusive period, most frequent first."""
    logs = logs.exclude(query="")
    tz = timezone.get_current_timezone()
    if since:
        logs = logs.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz)
        logs = logs.filter(created_at__lt=end)
    rows = (
        logs.values("query")
        .annotate(count=Count("id"), last_seen=Max("created_at"))
        .order_by("-count", "-last_seen", "query")[:limit]
    )
    return [
        ZeroResultQuery(query=row["query"], count=row["count"], last_seen=row["last_seen"])
        for row in rows
    ]


def dirty_asset_count() -> int:
    return DirtyAsset.objects.count()


# ---------------------------------------------------------------------------
# Prep for a call
# ---------------------------------------------------------------------------


@dataclass
class PrepSection:
    type: str
    label: str
    hits: list[Hit] = field(default_factory=list)


@dataclass
class ObjectionAnswer:
    id: int
    title: str
    url: str
    objection: str
    short_answer: str
    uses: int


@dataclass
class CallPrep:
    segment: str | None
    stage: str | None
    sections: list[PrepSection]
    objections: list[ObjectionAnswer]
    backend: str
    relaxed: str = ""
    fallback: bool = False  # the database answered while Elasticsearch was unreachable


def call_prep(*, user, segment: str | None, stage: str | None, per_type: int = 3) -> CallPrep:
    """Top assets of each type for a segment and stage, plus the objection answers used
    most in deals at that stage. Filters relax (stage only, then none) when a type has
    nothing for the exact pair, and ``relaxed`` says so."""
    from search.services import assets_search

    sections = []
    backend = ""
    fallback = False
    relaxed_notes = set()
    attempts = list(dict.fromkeys([(segment, stage), (None, stage), (None, None)]))
    for type_name, model in ASSET_TYPES.items():
        section = PrepSection(type=type_name, label=model.asset_type_label)
        for attempt_segment, attempt_stage in attempts:
            query = SearchQuery(
                segments=(attempt_segment,) if attempt_segment else (),
                stages=(attempt_stage,) if attempt_stage else (),
                types=(type_name,),
                user=user,
                page_size=per_type,
            )
            results, _ = assets_search(query=query, log=False)
            backend = results.backend
            fallback = fallback or results.fallback
            if results.hits:
                section.hits = results.hits
                if (attempt_segment, attempt_stage) != (segment, stage):
                    relaxed_notes.add(section.label.lower())
                break
        sections.append(section)
    return CallPrep(
        segment=segment,
        stage=stage,
        sections=sections,
        objections=objections_used_at_stage(user=user, stage=stage),
        backend=backend,
        relaxed=", ".join(sorted(relaxed_notes)),
        fallback=fallback,
    )


def objections_used_at_stage(*, user, stage: str | None, limit: int = 5) -> list[ObjectionAnswer]:
    """Visible objection answers, most used in deals at ``stage`` first (then any tagged
    with that stage), so reps see what colleagues actually reached for."""
    from content.selectors import assets_visible_to

    visible = assets_visible_to(user=user).values("pk")
    objections = ObjectionPage.objects.filter(pk__in=visible)
    usage_filter = Q(usage_events__deal__stage__name=stage) if stage else Q()
    used = (
        objections.annotate(uses=Count("usage_events", filter=usage_filter))
        .filter(uses__gt=0)
        .order_by("-uses", "title")[:limit]
    )
    chosen = list(used)
    if len(chosen) < limit:
        more = objections.exclude(pk__in=[o.pk for o in chosen])
        if stage:
            more = more.filter(tagged_stages__tag__name=stage)
        for objection in more.order_by("title")[: limit - len(chosen)]:
            objection.uses = 0
            chosen.append(objection)
    return [
        ObjectionAnswer(
            id=objection.pk,
            title=objection.title,
            url=objection.get_url() or "",
            objection=objection.objection,
            short_answer=objection.short_answer,
            uses=objection.uses,
        )
        for objection in chosen
    ]


_VOCABULARY_TTL = 300.0
_vocabulary_cache: dict[str, Any] = {}
_vocabulary_lock = threading.Lock()


def filter_vocabulary(*, refresh: bool = False) -> dict[str, dict[str, str]]:
    """Segment and stage names by lower-cased name, for validating filters.

    Cached per process (every search reads it): a name missing from the cache makes the
    caller ask again with ``refresh=True`` before calling it unknown, so a new segment
    is usable at once; tag saves and deletes in this process clear the cache, and it
    expires after five minutes for the other processes.
    """
    with _vocabulary_lock:
        cached = _vocabulary_cache.get("value")
        if cached is not None and not refresh and monotonic() < _vocabulary_cache["expires"]:
            return cached
    value = {
        "segment": {n.lower(): n for n in SegmentTag.objects.values_list("name", flat=True)},
        "stage": {n.lower(): n for n in StageTag.objects.values_list("name", flat=True)},
    }
    with _vocabulary_lock:
        _vocabulary_cache.update(value=value, expires=monotonic() + _VOCABULARY_TTL)
    return value


def filter_vocabulary_clear(**_: Any) -> None:
    with _vocabulary_lock:
        _vocabulary_cache.clear()


def vocabulary() -> dict[str, list[str]]:
    """Segment and stage names for pickers."""
    return {
        "segments": list(SegmentTag.objects.order_by("name").values_list("name", flat=True)),
        "stages": list(
            StageTag.objects.order_by("position", "name").values_list("name", flat=True)
        ),
    }
