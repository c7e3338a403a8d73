"""SQL pieces of the database backend (``database.py``): the matched ids as one
parameter, the facet filters as WHERE clauses, and the ordering's boost tier and
title-word counts as CASE expressions (the same definitions as ``facet_matches`` and
``title_word_count`` in ``database_text.py``, pinned equal by
tests/search/test_database_queries.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
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

from content.models import ASSET_TYPES, AssetPage, TaggedSegment, TaggedStage
from search.backends.base import SearchQuery
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


def filters_q(query: SearchQuery, *, skip: str | None = None) -> Q:
    """The query's facet filters as SQL (values within a filter OR-ed), but ``skip``."""
    condition = Q()
    if query.segments and skip != "segment":
        condition &= Q(_tagged_with(TaggedSegment, query.segments))
    if query.stages and skip != "stage":
        condition &= Q(_tagged_with(TaggedStage, query.stages))
    if query.types and skip != "type":
        condition &= Q(content_type_id__in=_content_type_ids(query.types))
    if query.languages and skip != "language":
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
    """1 when the title has ``word`` as ``title_word_count`` counts it. On PostgreSQL a
    plain ``ILIKE`` on the word's first four letters (which every alternative of the
    pattern starts with) runs first, so the regular expression only sees likely titles;
    SQLite's REGEXP is Python's ``re``, as fast as its (ASCII-only) ``LIKE``."""
    pattern = Q(title__iregex=_title_word_pattern(word))
    if connection.vendor != "postgresql":
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
