"""SQL pieces of the database backend (``database.py``): the matched ids as one
parameter, the facet filters as WHERE clauses, and the ordering's boost tier and
title-word counts as CASE expressions (the same definitions as ``facet_matches`` and
``title_word_count`` in ``database_text.py``, pinned equal by
tests/search/test_database_queries.py)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from content.models import ASSET_TYPES, AssetPage, TaggedSegment, TaggedStage
from search.backends.base import FACET_FIELDS, SearchQuery
from search.backends.database_text import MatchSQL
from search.understanding import UnderstoodQuery


class EqualsAny(Lookup):
    """``lhs`` is one of a list of ids, passed as ONE parameter: ``= ANY(%s::bigint[])`` on
    PostgreSQL, ``IN (SELECT value FROM json_each(%s))`` on SQLite. The ids go to the
    driver as they are (preparing 10,000 values through a Django field took longer than
    the query itself), and the same list can restrict several queries cheaply."""

    lookup_name = "equals_any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = [int(i) for i in self.rhs]
        if connection.vendor == "postgresql":
            # As an array literal string: psycopg's own list adapter quotes element by
            # element (~30 ms per 10,000 ids, measured).
            literal = "{" + ",".join(map(str, ids)) + "}"
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, literal]
        if connection.vendor == "sqlite":
            return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, json.dumps(ids)]
        return f"{lhs} IN ({', '.join(['%s'] * len(ids)) or 'NULL'})", [*lhs_params, *ids]


def restrict_to(queryset: QuerySet, ids: Iterable[int]) -> QuerySet:
    """``queryset`` limited to ``ids`` (one parameter, see ``EqualsAny``)."""
    return queryset.filter(EqualsAny(F("pk"), list(ids)))


def among(ids: list[int]) -> QuerySet:
    """The assets ``ids`` (already known visible): no visibility subquery again."""
    return restrict_to(AssetPage.objects.all(), ids)


def _content_type_ids(names: Iterable[str]) -> list[int]:
    return [
        ContentType.objects.get_for_model(ASSET_TYPES[name]).pk
        for name in names
        if name in ASSET_TYPES
    ]


def _tagged_with(model, names: Iterable[str]) -> Exists:
    """The asset has one of the tags ``names`` (``TaggedSegment`` or ``TaggedStage``)."""
    return Exists(model.objects.filter(content_object_id=OuterRef("pk"), tag__name__in=names))


def filters_q(query: SearchQuery, *, skip: str | None = None, only: str | None = None) -> Q:
    """The query's facet filters as SQL (values within a filter OR-ed), but ``skip`` (or
    ``only`` that one)."""

    def wanted(name: str) -> bool:
        return name != skip and only in (None, name)

    condition = Q()
    if query.segments and wanted("segment"):
        condition &= Q(_tagged_with(TaggedSegment, query.segments))
    if query.stages and wanted("stage"):
        condition &= Q(_tagged_with(TaggedStage, query.stages))
    if query.types and wanted("type"):
        condition &= Q(content_type_id__in=_content_type_ids(query.types))
    if query.languages and wanted("language"):
        condition &= Q(language__in=query.languages)
    return condition


# A word starts where a word character follows neither a word character nor an apostrophe
# joined to one (``words_of``: "customer's" is one word); it ends before neither. The same
# syntax works in Python's ``re`` (SQLite's REGEXP) and PostgreSQL's regular expressions.
_WORD_START = "(^|[^\\w'\u2019]|(?<!\\w)['\u2019])"
_WORD_END = "(?!\\w|['\u2019]\\w)"


def _title_word_pattern(word: str) -> str:
    """A regex for ``title_word_count``'s test: a title word starting with ``word``, or a
    title word of 4+ characters that ``word`` starts with ("questions" finds "Question")."""
    shorter = [
        re.escape(word[:end])
        for end in range(len(word) - 1, 3, -1)
        if word[end - 1] not in "'\u2019"
    ]
    if not shorter:
        return f"{_WORD_START}{re.escape(word)}"
    return f"{_WORD_START}({re.escape(word)}|({'|'.join(shorter)}){_WORD_END})"


def _as_int(condition: Q | Exists) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def boost_tier(understood: UnderstoodQuery) -> Any:
    """SQL for ``facet_matches``: how many of the recognised type/segment/stage an asset
    has (0 when the query recognised none)."""
    parts: list[Any] = []
    if understood.types:
        parts.append(_as_int(Q(content_type_id__in=_content_type_ids(understood.types))))
    if understood.segments:
        parts.append(_as_int(_tagged_with(TaggedSegment, understood.segments)))
    if understood.stages:
        parts.append(_as_int(_tagged_with(TaggedStage, understood.stages)))
    return sum(parts[1:], parts[0]) if parts else Value(0, output_field=IntegerField())


def _title_has(word: str) -> Case:
    """1 when the title has ``word`` as ``title_word_count`` counts it. A plain
    case-insensitive ``LIKE`` on the word's first four letters (which every alternative of
    the pattern starts with) runs first, so the regular expression only sees likely
    titles: on SQLite, REGEXP is a call into Python's ``re`` per row (~75 ms per search
    over 4,000 matches, measured). SQLite's ``LIKE`` folds ASCII letters only, so there a
    word whose first letters are not all ASCII goes straight to the expression."""
    pattern = Q(title__iregex=_title_word_pattern(word))
    if connection.vendor != "postgresql" and not word[:4].isascii():
        return _as_int(pattern)
    return Case(
        When(Q(title__icontains=word[:4]), then=_as_int(pattern)),
        default=Value(0),
        output_field=IntegerField(),
    )


def title_words(words: list[str]) -> Any:
    """SQL for ``title_word_count``: how many of ``words`` the title has (see the pattern)."""
    parts = [_title_has(word) for word in words]
    return sum(parts[1:], parts[0]) if parts else Value(0, output_field=IntegerField())


@dataclass
class Window:
    """What one search statement answers: how many visible assets matched (facet filters
    not applied: the spelling check's number), how many pass the filters, the page's ids in
    order, and each facet's counts (``type`` by content type id)."""

    visible: int = 0
    total: int = 0
    ids: list[int] = field(default_factory=list)
    facets: dict[str, Counter] = field(default_factory=dict)
    # The page's scores when the statement matched the text itself (``MatchSQL``).
    scores: dict[int, float] = field(default_factory=dict)


ORDER_TEXT = "text"  # recognised type/segment/stage, title words, text score, newest id
ORDER_SCORE = "score"  # the score given (fused hybrid ranks), newest id
ORDER_BROWSE = "browse"  # deals won, recency, newest id

_ORDER_BY = {
    ORDER_TEXT: "m.tier DESC, m.words DESC, COALESCE(s.score, 0) DESC, m.id DESC",
    ORDER_SCORE: "COALESCE(s.score, 0) DESC, m.id DESC",
    ORDER_BROWSE: "m.deals DESC NULLS LAST, m.published DESC NULLS LAST, m.id DESC",
}


# The score column of the statement's rows that carry none.
NO_SCORE = "CAST(NULL AS float8)"


def _scores_source(scores: dict[int, float]) -> tuple[str, list]:
    """A row source ``(id, score)`` from ``scores``, as one or two parameters."""
    if connection.vendor == "postgresql":
        ids = "{" + ",".join(str(int(pk)) for pk in scores) + "}"
        values = "{" + ",".join(repr(float(score)) for score in scores.values()) + "}"
        return "SELECT * FROM unnest(CAST(%s AS bigint[]), CAST(%s AS float8[]))", [ids, values]
    return (
        "SELECT CAST(key AS INTEGER), value FROM json_each(%s)",
        [json.dumps({str(int(pk)): float(score) for pk, score in scores.items()})],
    )


def _ranking(match: MatchSQL, where: str, last: int | None) -> tuple[str, list]:
    """CTEs ranking ``match``'s candidates: the filtered matches whose boost tier and
    title words (the order's first keys) are at least those of the page's last row
    (``last``: its position; every match passing ``where`` when ``None``), each text's rank
    normalised by its best among them (``s``: ``(id, score)``). Ranking every match
    (``ts_rank`` / ``bm25`` per entry) was most of a search's time at 10,000 assets."""
    materialised = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    conditions = [where.removeprefix(" WHERE ")] if where else []
    sql = ""
    params: list = []
    if last is not None:
        sql += (
            ", cut AS (SELECT m.tier * 100 + m.words AS key FROM m"
            f"{where} ORDER BY 1 DESC LIMIT 1 OFFSET %s)"
        )
        params.append(last - 1)
        conditions.append("m.tier * 100 + m.words >= COALESCE((SELECT key FROM cut), -1)")
    filtered = " WHERE " + " AND ".join(conditions) if conditions else ""
    if match.by_asset:
        sql += (
            f", candidates AS {materialised}(SELECT matched.* FROM matched"
            f" JOIN m ON m.id = matched.id{filtered})"
        )
    else:
        sql += (
            f", candidates AS {materialised}(SELECT matched.entry, matched.text FROM matched"
            f" JOIN m ON m.id = matched.id{filtered})"
        )
    scored = []
    for rank_sql, rank_params, weight in match.ranks:
        scored.append(
            f"SELECT id, CASE WHEN raw > 0 THEN raw ELSE 0 END * {float(weight)!r}"
            f" / COALESCE(NULLIF(MAX(ABS(raw)) OVER (), 0), 1) AS score FROM ({rank_sql}) g"
        )
        params += rank_params
    sql += (
        f", s AS (SELECT id, MAX(score) AS score FROM ({' UNION ALL '.join(scored)}) u GROUP BY id)"
    )
    return sql, params


def _tag_facet(name: str, model, where: str) -> str:
    """A tag facet's counts: grouped by the tag's id, then named (tag names are unique),
    as sorting every tagging of every match by its name's collation was most of a
    facet's time."""
    tags = model._meta.get_field("tag").related_model._meta.db_table
    return (
        f"SELECT '{name}', t.name, c.n, {NO_SCORE} FROM (SELECT x.tag_id, COUNT(DISTINCT m.id)"
        f" AS n FROM m JOIN {model._meta.db_table} x ON x.content_object_id = m.id{where}"
        f" GROUP BY x.tag_id) c JOIN {tags} t ON t.id = c.tag_id"
    )


def search_window(
    *,
    assets: QuerySet,
    query: SearchQuery,
    scores: dict[int, float] | None,
    order: str,
    tier: Any = None,
    words: Any = None,
    match: MatchSQL | None = None,
    everything: bool = False,
) -> Window:
    """ONE statement over ``assets`` (the visible matches, as a queryset): the page of
    ``query`` in ``order`` (``scores``: the text or fused score of each id; ``tier`` and
    ``words``: the boost tier and title-word expressions for ``ORDER_TEXT``; ``match``:
    the text match as SQL, read in place of ``scores``, the page's scores returned in
    ``Window.scores``), the visible and filtered totals, and every facet's counts, each
    facet with the *other* filters applied. The matching set is read once (a CTE,
    materialised on PostgreSQL). Only the page comes back, except on SQLite with
    ``scores`` given: the filtered rows' (id, tier and title words) do and Python sorts
    them with the scores (see ``rows_in_python``). ``everything``: every id in order,
    facet filters not applied, instead of the page (hybrid search fuses the whole lexical
    order, then filters and counts the fused set)."""
    zero = Value(0, output_field=IntegerField())
    # One flag per active filter (each filter's test runs once per row); a facet counts
    # the rows passing the *other* filters. A flag is tested only when a filter sets it:
    # the planner then knows every matching row counts (its guess for a flag's
    # selectivity chose nested loops over the tags).
    flags = {}
    for name in FACET_FIELDS:
        condition = filters_q(query, only=name)
        if condition:
            flags[f"g_{name}"] = _as_int(condition)

    def passing(*, skip: str | None = None) -> str:
        tests = [
            f"m.g_{name} = 1" for name in FACET_FIELDS if name != skip and f"g_{name}" in flags
        ]
        return " WHERE " + " AND ".join(tests) if tests else ""

    where = {"all": passing(), **{name: passing(skip=name) for name in FACET_FIELDS}}
    if match is not None and not match.by_asset:
        # The matching assets only: the match's entries are a CTE of this statement.
        assets = assets.filter(pk__in=RawSQL("SELECT id FROM matched", []))
    inner = (
        assets.order_by()
        .annotate(
            _id=F("pk"),
            _ct=F("content_type_id"),
            _lang=F("language"),
            _tier=tier if tier is not None else zero,
            _words=words if words is not None else zero,
            # Only browsing orders by them (the popularity join costs a scan otherwise).
            _deals=F("popularity__deals_won") if order == ORDER_BROWSE else zero,
            _published=F("last_published_at") if order == ORDER_BROWSE else zero,
            **{f"_{flag}": expression for flag, expression in flags.items()},
        )
        .values(
            "_id",
            "_ct",
            "_lang",
            "_tier",
            "_words",
            "_deals",
            "_published",
            *[f"_{f}" for f in flags],
        )
    )
    try:
        inner_sql, inner_params = inner.query.sql_with_params()
    except EmptyResultSet:  # e.g. a user outside the library: nothing is visible
        return Window(facets={name: Counter() for name in FACET_FIELDS})
    columns = ["id", "ct", "lang", "tier", "words", "deals", "published", *flags]
    selected = ", ".join(f'i."_{column}" AS {column}' for column in columns)
    materialised = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    params: list = []
    with_sql = "WITH "
    if match is not None:
        with_sql += f"matched AS {materialised}({match.entries}), "
        params += match.params
    params += inner_params
    # One row per asset: the visibility rule is a semi-join (``asset_visibility_q``), and
    # a match by asset (PostgreSQL) is joined, one row per asset, to the visible assets.
    source = f"({inner_sql}) i"
    if match is not None and match.by_asset:
        source = f'matched JOIN {source} ON i."_id" = matched.id'
    with_sql += f"m AS {materialised}(SELECT {selected} FROM {source})"
    first, size = (0, 2**62) if everything else (query.offset, query.page_size)
    join = ""
    # SQLite plans the join of the matches with the scores' rows as a nested loop (no
    # index on either): quadratic. There the filtered rows come back as (id, tier and
    # title words) and Python sorts them with the scores, as before the statement.
    rows_in_python = connection.vendor == "sqlite" and order != ORDER_BROWSE and match is None
    if match is not None:
        # ``everything`` orders every match, facet filters not applied: all are ranked.
        ranking, ranking_params = _ranking(
            match, "" if everything else where["all"], None if everything else first + size
        )
        with_sql += ranking
        params += ranking_params
        join = " LEFT JOIN s ON s.id = m.id"
    elif scores is not None and order != ORDER_BROWSE and not rows_in_python:
        source, source_params = _scores_source(scores)
        with_sql += f", s(id, score) AS ({source})"
        params += source_params
        join = " LEFT JOIN s ON s.id = m.id"
    page_score = "COALESCE(s.score, 0)" if join else NO_SCORE
    head_where = "" if everything else where["all"]
    if rows_in_python:
        head = (
            f"{with_sql} SELECT 'row', CAST(id AS TEXT), tier * 1000 + words, {NO_SCORE}"
            f" FROM m{head_where}"
        )
        head_params: list = []
    else:
        head = (
            f"{with_sql}, ranked AS (SELECT m.id, ROW_NUMBER() OVER (ORDER BY {_ORDER_BY[order]})"
            f" AS position, {page_score} AS score FROM m{join}{head_where})"
            " SELECT 'page', CAST(id AS TEXT), position, score FROM ranked"
            " WHERE position > %s AND position <= %s"
        )
        head_params = [first, first + size]
    statement = (
        f"{head}"
        f" UNION ALL SELECT 'total', '', COUNT(*), {NO_SCORE} FROM m{where['all']}"
        f" UNION ALL SELECT 'visible', '', COUNT(*), {NO_SCORE} FROM m"
        f" UNION ALL SELECT 'type', CAST(ct AS TEXT), COUNT(*), {NO_SCORE} FROM m{where['type']}"
        " GROUP BY ct"
        f" UNION ALL SELECT 'language', lang, COUNT(*), {NO_SCORE} FROM m{where['language']}"
        " GROUP BY lang"
        f" UNION ALL {_tag_facet('segment', TaggedSegment, where['segment'])}"
        f" UNION ALL {_tag_facet('stage', TaggedStage, where['stage'])}"
    )
    params += head_params
    window = Window(facets={name: Counter() for name in FACET_FIELDS})
    page: list[tuple[int, int]] = []
    keyed: list[tuple[int, int]] = []
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for kind, value, number, score in cursor.fetchall():
            if kind == "page":
                page.append((int(number), int(value)))
                if match is not None:
                    window.scores[int(value)] = float(score or 0.0)
            elif kind == "row":
                keyed.append((int(number), int(value)))
            elif kind == "total":
                window.total = int(number)
            elif kind == "visible":
                window.visible = int(number)
            else:
                window.facets[kind][value] += int(number)
    if rows_in_python:
        known = scores or {}
        keyed.sort(key=lambda row: (-row[0], -known.get(row[1], 0.0), -row[1]))
        window.ids = [pk for _, pk in keyed[first : first + size]]
        return window
    window.ids = [pk for _, pk in sorted(page)]
    return window
