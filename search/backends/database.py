"""Database backend: Wagtail's own database search (SQLite FTS5 / PostgreSQL full text).

Same interface and result shape as Elasticsearch. Text matching and relevance come from
Wagtail's index (kept current by Wagtail's save signals, and by ``index()`` when
attachment text is extracted later). All terms must match; when none does, any term may
(better a loose answer than an empty page). Facet counts are ORM counts over the matching,
visible assets, each facet with the *other* filters applied, as in Elasticsearch.

Not supported (the contract tests mark them ``xfail``): typo tolerance, and ranking by
performance and freshness (results are ordered by text relevance only; an empty query
browses by deals won, then recency).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone
from wagtail.search.backends import get_search_backend as wagtail_search_backend

from content.models import ASSET_TYPES, AssetPage, TaggedSegment, TaggedStage
from content.selectors import asset_visibility_q
from search.backends.base import (
    FACET_FIELDS,
    SUGGEST_LIMIT,
    Facet,
    FacetValue,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResults,
    Suggestion,
)

_WORDS = re.compile(r"\w+", re.UNICODE)
SNIPPET = 180


def _type_by_content_type() -> dict[int, str]:
    return {
        ContentType.objects.get_for_model(model).pk: name for name, model in ASSET_TYPES.items()
    }


def searchable_assets(*, user) -> QuerySet[AssetPage]:
    """Live, unexpired assets ``user`` may see (visibility as content.selectors)."""
    now = timezone.now()
    return (
        AssetPage.objects.live()
        .filter(expired=False)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .filter(asset_visibility_q(user=user))
    )


def highlight_snippet(text: str, words: list[str]) -> str:
    """An HTML-escaped snippet of ``text`` around the first matched word, words in <mark>."""
    if not text or not words:
        return ""
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)
    match = pattern.search(text)
    if not match:
        return ""
    start = max(0, match.start() - SNIPPET // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    window = text[start : start + SNIPPET]
    escaped = html.escape(window)
    escaped_pattern = re.compile(pattern.pattern, re.I)
    marked = escaped_pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return ("… " if start else "") + marked + (" …" if start + SNIPPET < len(text) else "")


class DatabaseBackend(SearchBackend):
    name = "database"
    supports_typos = False
    supports_performance_ranking = False

    def __init__(self, **_: Any) -> None:
        self.wagtail = wagtail_search_backend()

    # -- writes: Wagtail's signals index on save; these refresh derived text ---------

    def index(self, asset) -> None:
        from wagtail.search.index import insert_or_update_object

        insert_or_update_object(asset.specific)

    def bulk_index(self, assets: Iterable) -> int:
        by_model: dict[type, list] = {}
        for asset in assets:
            specific = asset.specific
            by_model.setdefault(type(specific), []).append(specific)
        index = self.wagtail.get_index_for_model(AssetPage)
        for model, objects in by_model.items():
            index.add_items(model, objects)
        return sum(len(objects) for objects in by_model.values())

    def delete(self, asset_id: int) -> None:
        # Wagtail removes a deleted page's entry itself; unpublished ones stay indexed
        # and are filtered out by live-ness at query time.
        return None

    def reset_index(self) -> None:
        from search.documents import indexable_assets

        self.bulk_index(indexable_assets().specific())

    # -- reads -----------------------------------------------------------------------

    def _filtered(self, base: QuerySet, query: SearchQuery, *, skip: str | None = None):
        if query.segments and skip != "segment":
            base = base.filter(
                pk__in=TaggedSegment.objects.filter(tag__name__in=query.segments).values(
                    "content_object_id"
                )
            )
        if query.stages and skip != "stage":
            base = base.filter(
                pk__in=TaggedStage.objects.filter(tag__name__in=query.stages).values(
                    "content_object_id"
                )
            )
        if query.types and skip != "type":
            models = [ASSET_TYPES[name] for name in query.types if name in ASSET_TYPES]
            base = base.filter(
                content_type__in=[ContentType.objects.get_for_model(m) for m in models]
            )
        if query.languages and skip != "language":
            base = base.filter(language__in=query.languages)
        return base

    def _matching(self, text: str) -> tuple[QuerySet | None, list[int] | None]:
        """Assets matching ``text``: the ranked queryset (``_score`` annotated) and the
        matching ids, fetched once so facets do not re-run the full-text query."""
        if not text:
            return None, None
        for operator in ("and", "or"):
            results = self.wagtail.search(
                text, AssetPage.objects.all(), operator=operator, order_by_relevance=True
            ).annotate_score("_score")
            queryset = results.get_queryset()
            ids = list(queryset.order_by().values_list("pk", flat=True))
            if ids or operator == "or":
                return queryset, ids
        return None, None

    @staticmethod
    def _title_first(ranked: QuerySet, text: str) -> QuerySet:
        """Assets whose title holds every query word first (title > other fields, as the
        Elasticsearch boosts), then Wagtail's relevance."""
        words = [w for w in _WORDS.findall(text.lower()) if len(w) > 1][:8]
        if not words:
            return ranked
        in_title = Q()
        for word in words:
            in_title &= Q(title__icontains=word)
        return ranked.annotate(
            title_match=Case(When(in_title, then=Value(1)), default=Value(0))
        ).order_by("-title_match", F("_score").desc(), "-pk")

    def search(self, query: SearchQuery) -> SearchResults:
        visible = searchable_assets(user=query.user) if query.audience is None else None
        if visible is None:
            raise ValueError("The database backend needs a user, not an audience.")
        visible_ids = self._filtered(visible, query).values("pk")
        matching, matching_ids = self._matching(query.text.strip())
        if matching is not None:
            ranked = self._title_first(matching.filter(pk__in=visible_ids), query.text)
        else:
            ranked = AssetPage.objects.filter(pk__in=visible_ids).order_by(
                F("popularity__deals_won").desc(nulls_last=True),
                F("last_published_at").desc(nulls_last=True),
                "-pk",
            )
        total = ranked.count()
        rows = list(
            ranked.select_related("attachment")[query.offset : query.offset + query.page_size]
        )
        hits = self._hits(rows, query.text)
        facets = self._facets(visible, query, matching_ids)
        return SearchResults(total=total, hits=hits, facets=facets, backend=self.name, query=query)

    def _hits(self, rows: list[AssetPage], text: str) -> list[Hit]:
        from search.documents import _names_by_asset, _popularity_by_asset, _stages_by_asset

        ids = [row.pk for row in rows]
        segments = _names_by_asset(TaggedSegment, ids)
        stages = _stages_by_asset(ids)
        popularity = _popularity_by_asset(ids)
        types = _type_by_content_type()
        words = [w for w in _WORDS.findall(text.lower()) if len(w) > 1]
        hits = []
        for row in rows:
            stats = popularity.get(row.pk, {})
            highlight = ""
            if words:
                from search.documents import _text

                for candidate in (
                    row.summary,
                    _text(row.body),
                    row.attachment.extracted_text if row.attachment_id and row.attachment else "",
                    row.title,
                ):
                    highlight = highlight_snippet(candidate, words)
                    if highlight:
                        break
            hits.append(
                Hit(
                    id=row.pk,
                    score=float(getattr(row, "_score", 0.0) or 0.0),
                    title=row.title,
                    type=types.get(row.content_type_id, "asset"),
                    url=row.get_url() or "",
                    summary=row.summary,
                    highlight=highlight,
                    segments=sorted(segments.get(row.pk, [])),
                    stages=stages.get(row.pk, []),
                    deals_won=stats.get("deals_won", 0),
                    deals_influenced=stats.get("deals_influenced", 0),
                    win_rate=stats.get("win_rate"),
                    uses_30d=stats.get("uses_30d", 0),
                )
            )
        return hits

    def _facets(
        self, visible: QuerySet, query: SearchQuery, matching_ids: list[int] | None
    ) -> dict[str, Facet]:
        facets = {}
        types = _type_by_content_type()
        for name in FACET_FIELDS:
            scope = self._filtered(visible, query, skip=name)
            if matching_ids is not None:
                scope = scope.filter(pk__in=matching_ids)
            ids = scope.values("pk")
            if name == "segment":
                rows = (
                    TaggedSegment.objects.filter(content_object_id__in=ids)
                    .values("tag__name")
                    .annotate(count=Count("content_object_id", distinct=True))
                    .values_list("tag__name", "count")
                )
            elif name == "stage":
                rows = (
                    TaggedStage.objects.filter(content_object_id__in=ids)
                    .values("tag__name")
                    .annotate(count=Count("content_object_id", distinct=True))
                    .values_list("tag__name", "count")
                )
            else:
                rows = [
                    (types.get(content_type_id, "asset"), count)
                    for content_type_id, count in AssetPage.objects.filter(pk__in=ids)
                    .values("content_type_id")
                    .annotate(count=Count("pk"))
                    .values_list("content_type_id", "count")
                ]
            values = sorted(
                (FacetValue(value=value, count=count) for value, count in rows if count),
                key=lambda item: (-item.count, item.value),
            )
            facets[name] = Facet(name, values)
        return facets

    def suggest(self, *, text: str, user, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
        text = " ".join(text.split())
        if not text:
            return []
        types = _type_by_content_type()
        rows = (
            searchable_assets(user=user)
            .filter(Q(title__istartswith=text) | Q(title__icontains=f" {text}"))
            .order_by(F("popularity__deals_won").desc(nulls_last=True), "title")
            .distinct()[:limit]
        )
        return [
            Suggestion(
                id=row.pk,
                title=row.title,
                type=types.get(row.content_type_id, "asset"),
                url=row.get_url() or "",
            )
            for row in rows
        ]
