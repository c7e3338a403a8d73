"""Database backend: Wagtail's own database search (SQLite FTS5 / PostgreSQL full text).

Same interface and result shape as Elasticsearch. Text matching and relevance come from
Wagtail's index (kept current by Wagtail's save signals, and by ``index()`` when
attachment text is extracted later). All terms must match; when none does, any term may
(better a loose answer than an empty page). Facet counts are ORM counts over the matching,
visible assets, each facet with the *other* filters applied, as in Elasticsearch.

Query understanding (``search/understanding.py``, ``database_text.py``): type, segment and
stage words boost (assets having more of them first) instead of being required; quoted
phrases are phrases; synonyms are OR-ed alternatives; a word no visible asset contains is
corrected from the visible vocabulary (``search/spelling.py``) when the query finds little,
and the results say ``did_you_mean``.

Not supported (the contract tests mark them ``xfail``): ranking by performance and
freshness (results are ordered by text relevance only; an empty query browses by deals
won, then recency).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F, Lookup, Q, QuerySet
from wagtail.search.backends import get_search_backend as wagtail_search_backend

from content.models import ASSET_TYPES, AssetPage, TaggedSegment, TaggedStage
from content.selectors import asset_visibility_q, assets_live
from search.backends.base import (
    FACET_FIELDS,
    SUGGEST_LIMIT,
    Audience,
    Facet,
    FacetValue,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from search.backends.database_text import (
    FEW_RESULTS,
    facet_matches,
    title_lemma_count,
    title_word_count,
    understood_scores,
)
from search.hybrid import fuse_rows, semantic_or_none
from search.polish import POLISH
from search.query_text import clean_query_text
from search.spelling import spelling_corrections
from search.understanding import (
    UnderstoodQuery,
    corrected_query_text,
    query_understand,
    suggested_filters_for,
    words_of,
)

SNIPPET = 180


def _type_by_content_type() -> dict[int, str]:
    return {
        ContentType.objects.get_for_model(model).pk: name for name, model in ASSET_TYPES.items()
    }


def searchable_assets(*, user) -> QuerySet[AssetPage]:
    """Live-now assets ``user`` may see (liveness and visibility as content.selectors)."""
    return assets_live().filter(asset_visibility_q(user=user))


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


class _EqualsAny(Lookup):
    """``lhs = ANY(ids)``: PostgreSQL's one-parameter ``IN``. The ids go to the driver as
    one ``bigint[]`` as they are (preparing 10,000 values through a Django field took
    longer than the query itself)."""

    lookup_name = "equals_any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, [int(i) for i in self.rhs]]


@dataclass
class _Row:
    """One candidate asset, as filtering, facet counting and ordering need it."""

    pk: int
    type: str
    language: str
    title: str
    deals_won: int | None
    published: datetime | None
    score: float = 0.0
    segments: set[str] = field(default_factory=set)
    stages: list[str] = field(default_factory=list)


class DatabaseBackend(SearchBackend):
    name = "database"
    supports_typos = True  # spelling correction from the visible vocabulary
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

    def _understood_candidates(
        self, query: SearchQuery, text: str
    ) -> tuple[UnderstoodQuery, list[_Row], str]:
        """The understood query, its visible candidates and, when a spelling correction
        found more than the typed text, the corrected query ("did you mean")."""
        understood = query_understand(text=text, polish=query.polish)
        match = understood_scores(wagtail=self.wagtail, understood=understood)
        candidates = self._candidates(query, match.scores)
        found = len(candidates) if match.strict else 0
        # A Polish query its lemmas found is not misspelt: its forms are just not the
        # ones the assets use.
        if understood.text and found < FEW_RESULTS and not (understood.lemmas and found):
            corrections = spelling_corrections(
                words=words_of(understood.text), audience=Audience.for_user(query.user)
            )
            if corrections:
                corrected = query_understand(
                    text=corrected_query_text(text, corrections), polish=query.polish
                )
                retry = understood_scores(wagtail=self.wagtail, understood=corrected)
                retry_candidates = self._candidates(query, retry.scores)
                if retry.strict and len(retry_candidates) > found:
                    return corrected, retry_candidates, corrected.original
        return understood, candidates, ""

    @staticmethod
    def _restrict_to(queryset: QuerySet, ids: list[int]) -> QuerySet:
        """``queryset`` limited to ``ids``: one array parameter on PostgreSQL (a 10,000-id
        ``IN`` list costs more to build than the query takes to run)."""
        if connection.vendor == "postgresql":
            return queryset.filter(_EqualsAny(F("pk"), list(ids)))
        return queryset.filter(pk__in=ids)

    def _candidates(self, query: SearchQuery, scores: dict[int, float] | None) -> list[_Row]:
        """Every visible asset matching the text (facet filters not applied yet), with
        what filtering, facets and ordering need: three queries whatever the size."""
        visible = searchable_assets(user=query.user)
        if scores is not None:
            if not scores:
                return []
            visible = self._restrict_to(visible, list(scores))
        types = _type_by_content_type()
        rows: dict[int, _Row] = {}
        for pk, content_type_id, language, title, deals_won, published in visible.values_list(
            "pk",
            "content_type_id",
            "language",
            "title",
            "popularity__deals_won",
            "last_published_at",
        ):
            rows[pk] = _Row(
                pk=pk,
                type=types.get(content_type_id, "asset"),
                language=language,
                title=title,
                deals_won=deals_won,
                published=published,
                score=scores.get(pk, 0.0) if scores else 0.0,
            )
        if rows:
            scope = visible.values("pk")
            for pk, name in TaggedSegment.objects.filter(content_object_id__in=scope).values_list(
                "content_object_id", "tag__name"
            ):
                if pk in rows:
                    rows[pk].segments.add(name)
            for pk, name in (
                TaggedStage.objects.filter(content_object_id__in=scope)
                .order_by("tag__position", "tag__name")
                .values_list("content_object_id", "tag__name")
            ):
                if pk in rows and name not in rows[pk].stages:
                    rows[pk].stages.append(name)
        return list(rows.values())

    @staticmethod
    def _passes(row: _Row, query: SearchQuery, *, skip: str | None = None) -> bool:
        if query.segments and skip != "segment" and row.segments.isdisjoint(query.segments):
            return False
        if query.stages and skip != "stage" and not set(row.stages) & set(query.stages):
            return False
        if query.types and skip != "type" and row.type not in query.types:
            return False
        return not (query.languages and skip != "language" and row.language not in query.languages)

    @staticmethod
    def _ordered(rows: list[_Row], understood: UnderstoodQuery) -> list[_Row]:
        """Text: assets having more of the recognised type/segment/stage first, then
        those whose title holds more of the query's words (title > other fields, as the
        Elasticsearch boosts), then Wagtail's relevance. Browse: deals won, then recency."""
        if not understood.is_empty:
            words = understood.content_words()[:8]
            lemmas = understood.lemmas.split()[:8]
            return sorted(
                rows,
                key=lambda r: (
                    -facet_matches(
                        understood, type_name=r.type, segments=r.segments, stages=r.stages
                    ),
                    -max(
                        title_word_count(r.title, words),
                        title_lemma_count(r.title, lemmas) if r.language == POLISH else 0,
                    ),
                    -r.score,
                    -r.pk,
                ),
            )
        oldest = datetime.min.replace(tzinfo=UTC)
        rows = sorted(rows, key=lambda r: r.pk, reverse=True)
        rows.sort(key=lambda r: r.published or oldest, reverse=True)
        rows.sort(key=lambda r: -1 if r.deals_won is None else r.deals_won, reverse=True)
        return rows

    def search(self, query: SearchQuery) -> SearchResults:
        if query.audience is not None:
            raise ValueError("The database backend needs a user, not an audience.")
        text = clean_query_text(query.text)
        understood, candidates, did_you_mean = self._understood_candidates(query, text)
        # Hybrid (DESIGN §4a): the visible assets closest in meaning join the lexical
        # matches, and both rankings are fused (search/hybrid.py).
        semantic = semantic_or_none(did_you_mean or text) if text else None
        if semantic:
            # The lexical side enters the fusion in its full order (recognised type/segment/
            # stage, title words, text score), as Elasticsearch's boosted ranks do.
            ordered = self._ordered(candidates, understood)
            lexical = {row.pk: float(len(ordered) - rank) for rank, row in enumerate(ordered)}
            pool = self._candidates(query, {**dict.fromkeys(semantic, 0.0), **lexical})
            fused = fuse_rows(pool, lexical, semantic)
            chosen = sorted(
                (row for row in fused if self._passes(row, query)), key=lambda r: (-r.score, -r.pk)
            )
            candidates = fused
        else:
            chosen = self._ordered(
                [row for row in candidates if self._passes(row, query)], understood
            )
        window = chosen[query.offset : query.offset + query.page_size]
        hits = self._hits(window, understood.highlight_words())
        facets = self._facets(candidates, query)
        return SearchResults(
            total=len(chosen),
            hits=hits,
            facets=facets,
            backend=self.name,
            query=query,
            did_you_mean=did_you_mean,
            suggested_filters=suggested_filters_for(understood, query),
        )

    def _hits(self, window: list[_Row], words: list[str]) -> list[Hit]:
        from search.documents import _text

        pages = AssetPage.objects.select_related("attachment", "popularity").in_bulk(
            [row.pk for row in window]
        )
        hits = []
        for row in window:
            page = pages.get(row.pk)
            if page is None:  # deleted meanwhile
                continue
            stats = getattr(page, "popularity", None)
            highlight = ""
            if words:
                for candidate in (
                    page.summary,
                    _text(page.body),
                    page.attachment.extracted_text
                    if page.attachment_id and page.attachment
                    else "",
                    page.title,
                ):
                    highlight = highlight_snippet(candidate, words)
                    if highlight:
                        break
            hits.append(
                Hit(
                    id=row.pk,
                    score=row.score,
                    title=page.title,
                    type=row.type,
                    url=page.get_url() or "",
                    summary=page.summary,
                    highlight=highlight,
                    segments=sorted(row.segments),
                    stages=list(row.stages),
                    deals_won=stats.deals_won if stats else 0,
                    deals_influenced=stats.deals_influenced if stats else 0,
                    win_rate=stats.win_rate if stats else None,
                    uses_30d=stats.uses_30d if stats else 0,
                )
            )
        return hits

    def _facets(self, candidates: list[_Row], query: SearchQuery) -> dict[str, Facet]:
        """Each facet counted over the candidates passing every *other* filter."""
        facets = {}
        for name in FACET_FIELDS:
            counts: Counter[str] = Counter()
            for row in candidates:
                if not self._passes(row, query, skip=name):
                    continue
                if name == "segment":
                    counts.update(row.segments)
                elif name == "stage":
                    counts.update(row.stages)
                elif name == "type":
                    counts[row.type] += 1
                else:
                    counts[row.language] += 1
            values = sorted(
                (FacetValue(value=value, count=count) for value, count in counts.items()),
                key=lambda item: (-item.count, item.value),
            )
            facets[name] = Facet(name, values)
        return facets

    def suggest(self, *, text: str, user, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
        text = clean_query_text(text)
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
