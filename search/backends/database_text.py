"""Text matching of an understood query for the database backend.

``understood_scores`` answers which assets an :class:`UnderstoodQuery` matches and how
well, on Wagtail's database search (SQLite FTS5 / PostgreSQL full text):

- the free text and the phrases' words must all match; each synonym variant is searched
  the same way and counts at ``SYNONYM_WEIGHT`` of its score; a Polish query's lemmas
  (``search/polish.py``) are searched the same way at full weight (they reach Polish
  assets' ``analysed_text``);
- a quoted phrase keeps only candidates whose text contains it (case-insensitive, over
  the fields the index holds, punctuation ignored as Elasticsearch's tokenizer does);
- when nothing matches all words (and no phrase was asked for, and the query is not
  Polish), any word may match, as before: a loose answer beats an empty page
  (``TextMatch.strict`` says which);
- a query made only of recognised words (type, segment, stage) matches assets of that
  type/segment/stage or containing the words.

Scores are normalised to 0..1 (higher is better; SQLite's bm25 is negative).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from content.models import ASSET_TYPES, AssetPage
from search.query_text import full_text_query
from search.understanding import UnderstoodQuery, words_of

SYNONYM_WEIGHT = 0.6
RECOGNISED_WEIGHT = 0.3
FEW_RESULTS = 3
_NON_WORDS = re.compile(r"\W+", re.UNICODE)


@dataclass
class TextMatch:
    """Scores by asset id (``None``: no text, browse everything) and whether every
    required word matched."""

    scores: dict[int, float] | None
    strict: bool = True

    @property
    def strict_count(self) -> int:
        return len(self.scores or {}) if self.strict else 0


def _search(wagtail, text: str, operator: str) -> dict[int, float]:
    # Only the words reach the index: FTS5 and tsquery would read quotes and operators
    # as their own syntax (search/query_text.py).
    text = full_text_query(text)
    if not text:
        return {}
    results = wagtail.search(
        text, AssetPage.objects.all(), operator=operator, order_by_relevance=True
    ).annotate_score("_score")
    raw = _sqlite_fts_scores(results)
    if raw is None:
        raw = _postgres_scores(results)
    if raw is None:
        raw = {
            pk: float(score or 0.0)
            for pk, score in results.get_queryset().order_by().values_list("pk", "_score")
        }
    if connection.vendor == "sqlite":
        raw = {pk: -score for pk, score in raw.items()}
    top = max((abs(score) for score in raw.values()), default=0.0) or 1.0
    return {pk: max(score, 0.0) / top for pk, score in raw.items()}


def _sqlite_fts_scores(results) -> dict[int, float] | None:
    """On SQLite FTS5, the matches' ids and bm25 scores in ONE pass over the full-text
    table (``None`` elsewhere). Wagtail's own query annotates each matching page's score
    with a correlated subquery that runs the MATCH again per page: quadratic, seconds at
    1,500 assets and minutes at 10,000 (issue 12). Same MATCH, same rank expression and
    content types as Wagtail's compiler builds (``SQLiteSearchQueryCompiler.search``)."""
    if connection.vendor != "sqlite":
        return None
    from modelsearch.backends.database.sqlite.query import (
        MatchExpression,
        SQLiteFTSIndexEntry,
        normalize,
    )
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    if not isinstance(compiler, SQLiteSearchQueryCompiler):
        return None  # the LIKE fallback (no FTS5): Wagtail's own query
    query = normalize(compiler.query)
    if isinstance(query, MatchAll | Not):
        return None
    config = compiler.get_config(results.backend)
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(query, config=config),
    )
    rank = compiler._build_rank_expression(compiler.get_search_vectors(), config)
    rows = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=get_descendants_content_types_pks(AssetPage))
        .annotate(score=rank)
        .values_list("index_entry__object_id", "score")
    )
    scores: dict[int, float] = {}
    for object_id, score in rows:
        scores.setdefault(int(object_id), float(score or 0.0))
    return scores


def _postgres_scores(results) -> dict[int, float] | None:
    """On PostgreSQL, the matches' ids and scores straight from Wagtail's index table
    (``None`` elsewhere): the same tsquery, ``title || body`` match (the GIN expression
    index of ``search.0005``) and rank expression as Wagtail's compiler builds
    (``PostgresSearchQueryCompiler.search``), without its join of every matching entry
    back to the pages through a text cast; visibility and liveness are applied by the
    search statement afterwards."""
    if connection.vendor != "postgresql":
        return None
    from django.db.models import F
    from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks
    from wagtail.search.models import IndexEntry

    compiler = results.query_compiler
    if not isinstance(compiler, PostgresSearchQueryCompiler) or compiler.fields is not None:
        return None
    if isinstance(compiler.query, MatchAll | Not):
        return None
    config = compiler.get_config(results.backend)
    search_query = compiler.build_tsquery(compiler.query, config=config)
    vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
    rank = compiler._build_rank_expression(vectors, config)
    rows = (
        IndexEntry.objects.filter(content_type_id__in=get_descendants_content_types_pks(AssetPage))
        .annotate(_vector_=F("title")._combine(F("body"), "||", False))
        .filter(_vector_=search_query)
        .annotate(score=rank)
        .values_list("object_id", "score")
    )
    scores: dict[int, float] = {}
    for object_id, score in rows:
        scores[int(object_id)] = max(scores.get(int(object_id), 0.0), float(score or 0.0))
    return scores


def _merge(into: dict[int, float], scores: dict[int, float], weight: float) -> None:
    for pk, score in scores.items():
        into[pk] = max(into.get(pk, 0.0), score * weight)


def _flat(text: str) -> str:
    return " " + _NON_WORDS.sub(" ", text.lower()).strip() + " "


def _with_phrases(ids: list[int], phrases: tuple[str, ...]) -> set[int]:
    """The ``ids`` whose indexed text contains every phrase."""
    from search.documents import asset_documents, indexable_asset_batches

    wanted = [_flat(phrase) for phrase in phrases]
    kept: set[int] = set()
    for batch in indexable_asset_batches(asset_ids=ids):
        for document in asset_documents(batch, with_passages=False):
            text = _flat(
                " ".join(
                    document.get(name) or ""
                    for name in ("title", "summary", "body", "details", "attachment_text")
                )
            )
            if all(phrase in text for phrase in wanted):
                kept.add(document["id"])
    return kept


def _tagged(understood: UnderstoodQuery) -> set[int]:
    """Assets of a recognised type, segment or stage (visibility is applied later)."""
    from django.contrib.contenttypes.models import ContentType

    condition = Q()
    if understood.types:
        content_types = [
            ContentType.objects.get_for_model(ASSET_TYPES[name]).pk
            for name in understood.types
            if name in ASSET_TYPES
        ]
        condition |= Q(content_type_id__in=content_types)
    if understood.segments:
        condition |= Q(tagged_segments__tag__name__in=understood.segments)
    if understood.stages:
        condition |= Q(tagged_stages__tag__name__in=understood.stages)
    if not condition:
        return set()
    return set(AssetPage.objects.filter(condition).values_list("pk", flat=True))


def understood_scores(*, wagtail, understood: UnderstoodQuery) -> TextMatch:
    """Which assets ``understood`` matches, with normalised scores (see module doc)."""
    if understood.is_empty:
        # Browse on an empty text; text with no words at all (a lone quote) matches nothing.
        return TextMatch(scores={} if understood.original else None)
    required = understood.required_text
    if not required:
        scores: dict[int, float] = {}
        recognised = " ".join(understood.recognised)
        _merge(scores, _search(wagtail, recognised, "or"), RECOGNISED_WEIGHT)
        for pk in _tagged(understood):
            scores.setdefault(pk, 0.0)
        return TextMatch(scores=scores)
    scores = _search(wagtail, required, "and")
    if understood.lemmas:
        # A Polish query's lemmas against Polish assets' lemmas (``analysed_text``): as
        # strong as the words as typed, since they are the same words.
        _merge(scores, _search(wagtail, understood.lemmas, "and"), 1.0)
    for variant in understood.variants:
        text = " ".join(part for part in (variant, *understood.phrases) if part)
        _merge(scores, _search(wagtail, text, "and"), SYNONYM_WEIGHT)
    if understood.phrases and scores:
        kept = _with_phrases(list(scores), understood.phrases)
        scores = {pk: score for pk, score in scores.items() if pk in kept}
    if scores or understood.phrases or understood.lemmas:
        # A Polish query is matched on its lemmas or not at all: any single Polish word
        # ("klient", "jesteście") would otherwise reach every Polish asset.
        return TextMatch(scores=scores)
    loose: dict[int, float] = {}
    for text in (required, *understood.variants):
        _merge(loose, _search(wagtail, text, "or"), 1.0 if text == required else SYNONYM_WEIGHT)
    return TextMatch(scores=loose, strict=False)


def facet_matches(understood: UnderstoodQuery, *, type_name: str, segments, stages) -> int:
    """How many of the recognised type/segment/stage an asset has (its boost tier)."""
    return (
        (type_name in understood.types)
        + bool(set(understood.segments) & set(segments))
        + bool(set(understood.stages) & set(stages))
    )


def title_word_count(title: str, words: list[str]) -> int:
    """How many of ``words`` start a word of ``title`` ("question" finds "Questions")."""
    title_words = words_of(title)
    return sum(
        1
        for word in words
        if any(t.startswith(word) or (word.startswith(t) and len(t) >= 4) for t in title_words)
    )


def title_lemma_count(title: str, lemmas: list[str]) -> int:
    """How many of a Polish query's ``lemmas`` are lemmas of a Polish ``title``'s words
    ("wdrożeniu" finds "Wdrożenie w 30 dni")."""
    from search.polish import polish_terms

    if not lemmas:
        return 0
    title_lemmas = set(polish_terms(title).split())
    return sum(1 for lemma in lemmas if lemma in title_lemmas)
