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

``match_sql`` gives the same match as SQL for the search statement to read in place (no
phrase, no Polish lemmas, not recognised words alone): there "nothing matches all words"
means no *visible* asset does, and each text's scores are normalised by its best among the
ranked candidates (the statement ranks only the matches that can reach the page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL

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


def _results(wagtail, text: str, operator: str):
    """Wagtail's search of ``text`` over the assets, scores annotated (``None`` when
    ``text`` has no words). Only the words reach the index: FTS5 and tsquery would read
    quotes and operators as their own syntax (search/query_text.py)."""
    text = full_text_query(text)
    if not text:
        return None
    return wagtail.search(
        text, AssetPage.objects.all(), operator=operator, order_by_relevance=True
    ).annotate_score("_score")


def _search(wagtail, text: str, operator: str) -> dict[int, float]:
    results = _results(wagtail, text, operator)
    if results is None:
        return {}
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
    """On SQLite FTS5, the matches' ids and bm25 scores (``None`` elsewhere)."""
    entries = _sqlite_fts_entries(results)
    if entries is None:
        return None
    scores: dict[int, float] = {}
    for object_id, score in entries.ranked().values_list("_object", "_raw"):
        scores.setdefault(int(object_id), float(score or 0.0))
    return scores


@dataclass
class _Entries:
    """Wagtail's index entries matching a text (``matching``: a queryset of the full-text
    table, ``_object`` annotated with the asset's id) and the rank expression of its
    compiler (``rank``); ``rankable``: the entries the rank can be computed on without
    matching again (on PostgreSQL any entry; FTS5 defines bm25 only in its MATCH's
    query)."""

    matching: QuerySet
    rank: Any
    rankable: QuerySet | None = None

    def ranked(self, matching: QuerySet | None = None) -> QuerySet:
        """``matching`` (all by default) with ``_raw``: the compiler's rank."""
        return (self.matching if matching is None else matching).annotate(_raw=self.rank)


def _sqlite_fts_entries(results) -> _Entries | None:
    """On SQLite FTS5, the matching entries, read in ONE pass over the full-text table
    (``None`` elsewhere). Wagtail's own query annotates each matching
    page's score with a correlated subquery that runs the MATCH again per page: quadratic,
    seconds at 1,500 assets and minutes at 10,000 (issue 12). Same MATCH, same rank
    expression and content types as Wagtail's compiler builds
    (``SQLiteSearchQueryCompiler.search``)."""
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
    matching = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=get_descendants_content_types_pks(AssetPage))
        .annotate(_object=F("index_entry__object_id"))
    )
    return _Entries(matching=matching, rank=rank)


def _postgres_scores(results) -> dict[int, float] | None:
    """On PostgreSQL, the matches' ids and scores (``None`` elsewhere)."""
    entries = _postgres_entries(results)
    if entries is None:
        return None
    scores: dict[int, float] = {}
    for object_id, score in entries.ranked().values_list("_object", "_raw"):
        scores[int(object_id)] = max(scores.get(int(object_id), 0.0), float(score or 0.0))
    return scores


def _postgres_entries(results) -> _Entries | None:
    """On PostgreSQL, the matching entries straight from Wagtail's index table (``None``
    elsewhere): the same tsquery, ``title || body`` match (the GIN expression index of
    ``search.0005``) and rank expression as Wagtail's compiler builds
    (``PostgresSearchQueryCompiler.search``), without its join of every matching entry
    back to the pages through a text cast; visibility and liveness are applied by the
    search statement."""
    if connection.vendor != "postgresql":
        return None
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
    matching = (
        IndexEntry.objects.filter(content_type_id__in=get_descendants_content_types_pks(AssetPage))
        .annotate(_vector_=F("title")._combine(F("body"), "||", False))
        .filter(_vector_=search_query)
        .annotate(_object=F("object_id"))
    )
    rankable = IndexEntry.objects.annotate(_object=F("object_id"))
    return _Entries(matching=matching, rank=rank, rankable=rankable)


@dataclass
class MatchSQL:
    """A text match for the search statement to read in place (no ids through Python).

    On SQLite ``entries`` selects ``(id, entry, text)``: each matching index entry, its
    asset's id and which text it matched (0: the required text, then each synonym
    variant), and the statement's ``candidates`` CTE is ``(entry, text)``. On PostgreSQL
    (``by_asset``) it selects ``(id, e0, e1, …)``, one row per matching asset with its
    matching entries per text as arrays (grouped: the planner then knows how many assets
    match and joins them by hash, where a semi-join of unknown size probed an index per
    match), and ``candidates`` holds those rows of the candidate assets. Visibility is
    not applied. ``ranks`` holds, per text, SQL selecting ``(id, raw)``: the rank
    (higher is better) of the entries of that text among the candidates, with the text's
    weight. Ranking is the costly part (``ts_rank`` / ``bm25`` per entry), so the
    statement ranks only the candidates that can reach the page shown. ``strict``: every
    required word had to match."""

    entries: str
    params: list
    ranks: list[tuple[str, list, float]]
    strict: bool = True
    by_asset: bool = False


def _entries(wagtail, text: str, operator: str) -> _Entries | None:
    """The index entries matching ``text``; ``None`` when the index is not full text
    (the LIKE fallback) or ``text`` has no words."""
    results = _results(wagtail, text, operator)
    if results is None:
        return None
    if connection.vendor == "sqlite":
        return _sqlite_fts_entries(results)
    return _postgres_entries(results)


def _among_candidates(matching: QuerySet, number: int) -> RawSQL:
    """The entry is one of text ``number``'s candidates (the statement's ``candidates``
    CTE). On SQLite the test is written ``+rowid IN``, which no index can answer: FTS5
    must still drive the query with its MATCH (bm25 is only defined there). On
    PostgreSQL a candidate is an asset with its entries per text (``e<number>``)."""
    model = matching.model
    quote = connection.ops.quote_name
    column = f"{quote(model._meta.db_table)}.{quote(model._meta.pk.column)}"
    if connection.vendor == "postgresql":
        return RawSQL(
            f"{column} IN (SELECT unnest(e{int(number)}) FROM candidates)",
            [],
            output_field=BooleanField(),
        )
    prefix = "+" if connection.vendor == "sqlite" else ""
    return RawSQL(
        f"{prefix}{column} IN (SELECT entry FROM candidates WHERE text = {int(number)})",
        [],
        output_field=BooleanField(),
    )


def match_sql(*, wagtail, understood: UnderstoodQuery, loose: bool = False) -> MatchSQL | None:
    """``understood``'s match (``loose``: any word of each text may match) as SQL: the
    required text and each synonym variant (at ``SYNONYM_WEIGHT``), an asset scoring its
    best (``understood_scores``'s scores, each text normalised by its best score among
    the ranked candidates). ``None`` when only ``understood_scores`` can answer: phrases
    (checked in Python), Polish lemmas (ordered in Python), recognised words alone, or an
    index that is not full text."""
    if understood.is_empty or understood.phrases or understood.lemmas:
        return None
    required = understood.required_text
    if not required:
        return None
    id_type = "INTEGER" if connection.vendor == "sqlite" else "bigint"
    by_asset = connection.vendor == "postgresql"
    numbers: list[int] = []
    # bm25 (SQLite): lower is better.
    raw = "-x._raw" if connection.vendor == "sqlite" else "x._raw"
    selects: list[str] = []
    params: list = []
    ranks: list[tuple[str, list, float]] = []
    texts = ((required, 1.0), *((variant, SYNONYM_WEIGHT) for variant in understood.variants))
    for number, (text, weight) in enumerate(texts):
        if not full_text_query(text):
            continue
        entries = _entries(wagtail, text, "or" if loose else "and")
        if entries is None:
            return None
        sql, entry_params = (
            entries.matching.annotate(_entry=F("pk"))
            .values_list("_object", "_entry")
            .query.sql_with_params()
        )
        selects.append(
            f"SELECT CAST(x._object AS {id_type}) AS id, x._entry AS entry,"
            f" {number} AS text FROM ({sql}) x"
        )
        numbers.append(number)
        rankable = entries.matching if entries.rankable is None else entries.rankable
        params += entry_params
        candidates = rankable.filter(_among_candidates(rankable, number))
        sql, rank_params = (
            entries.ranked(candidates).values_list("_object", "_raw").query.sql_with_params()
        )
        if connection.vendor == "sqlite":
            # Not flattened into the grouping: bm25 is only defined in the MATCH's query.
            sql += " LIMIT -1"
        ranks.append(
            (
                f"SELECT CAST(x._object AS {id_type}) AS id, MAX({raw}) AS raw FROM ({sql}) x"
                " GROUP BY 1",
                list(rank_params),
                weight,
            )
        )
    if not selects:
        return None
    if by_asset:
        # One row per asset with its matching entries per text (``e<number>``): an asset
        # matching several texts, or indexed under two content types, comes once.
        if len(selects) == 1:
            entries_sql = (
                f"SELECT id, array_agg(entry) AS e{numbers[0]} FROM ({selects[0]}) u GROUP BY id"
            )
        else:
            arrays = ", ".join(
                f"array_agg(entry) FILTER (WHERE text = {number}) AS e{number}"
                for number in numbers
            )
            entries_sql = f"SELECT id, {arrays} FROM ({' UNION ALL '.join(selects)}) u GROUP BY id"
    else:
        entries_sql = " UNION ALL ".join(selects)
    return MatchSQL(
        entries=entries_sql, params=params, ranks=ranks, strict=not loose, by_asset=by_asset
    )


def loose_differs(understood: UnderstoodQuery) -> bool:
    """Whether any word (``loose``) can match more than every word: some text searched
    has two words or more."""
    texts = (understood.required_text, *understood.variants)
    return any(len(full_text_query(text).split()) > 1 for text in texts)


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
