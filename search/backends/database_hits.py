"""The database backend's page of hits and its facets, from plain rows.

``page_hits`` turns the statement's page of ids into ``Hit``s (title, type, URL, snippet,
tags, performance) in one query; ``facets_named`` names the statement's facet counts.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL

from content.models import ASSET_TYPES, AssetPage, TaggedSegment, TaggedStage
from search.backends.base import FACET_FIELDS, Facet, FacetValue, Hit
from search.backends.database_sql import EqualsAny, Window


def type_by_content_type() -> dict[int, str]:
    return {
        ContentType.objects.get_for_model(model).pk: name for name, model in ASSET_TYPES.items()
    }


SNIPPET = 180


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


def _tag_names(model, *, ordered: bool) -> RawSQL:
    """The asset's tag names of ``model`` (``TaggedSegment`` / ``TaggedStage``) in the
    hits' own query (``ordered``: by the tag's position, then name; see ``_names``): a
    PostgreSQL array, on SQLite a JSON array of ``[position, name]`` pairs (SQLite
    3.40 has no ORDER BY inside an aggregate)."""
    tagged = model._meta.db_table
    tags = model._meta.get_field("tag").related_model._meta.db_table
    asset = f"{AssetPage._meta.db_table}.{AssetPage._meta.pk.column}"
    joined = f"FROM {tagged} x JOIN {tags} t ON t.id = x.tag_id WHERE x.content_object_id = {asset}"
    if connection.vendor == "postgresql":
        order = " ORDER BY t.position, t.name" if ordered else ""
        return RawSQL(f"ARRAY(SELECT t.name {joined}{order})", [])
    position = "t.position" if ordered else "0"
    return RawSQL(f"(SELECT json_group_array(json_array({position}, t.name)) {joined})", [])


def _names(value) -> list[str]:
    """``_tag_names``' value as names in order, each once."""
    if isinstance(value, str):  # SQLite: [position, name] pairs
        value = [name for _, name in sorted(tuple(pair) for pair in json.loads(value))]
    return list(dict.fromkeys(value or []))


def page_hits(window: list[int], scores: dict[int, float], words: list[str]) -> list[Hit]:
    """The page's hits from plain rows with only what a hit shows (no Wagtail page
    objects: building them, with their attachment and popularity, was half of a
    search's Python time). The URL is Wagtail's own, from the page's ``url_path``
    (one page object for all: it caches the site root paths it read)."""
    from wagtail.models import Page

    from search.documents import _text

    if not window:
        return []
    types = type_by_content_type()
    rows = {
        row[0]: row
        for row in AssetPage.objects.filter(EqualsAny(F("pk"), window))
        .order_by()
        .annotate(
            _segments=_tag_names(TaggedSegment, ordered=False),
            _stages=_tag_names(TaggedStage, ordered=True),
        )
        .values_list(
            "pk",
            "title",
            "content_type_id",
            "url_path",
            "summary",
            "body",
            "attachment__extracted_text",
            "popularity__pk",
            "popularity__deals_won",
            "popularity__deals_influenced",
            "popularity__win_rate",
            "popularity__uses_30d",
            "_segments",
            "_stages",
        )
    }
    router = Page()
    hits = []
    for pk in window:
        row = rows.get(pk)
        if row is None:  # deleted meanwhile
            continue
        (
            _,
            title,
            content_type_id,
            url_path,
            summary,
            body,
            attachment_text,
            stats,
            won,
            influenced,
            win_rate,
            uses,
            segments,
            stages,
        ) = row
        router.url_path = url_path
        highlight = ""
        if words:
            for candidate in (summary, _text(body), attachment_text or "", title):
                highlight = highlight_snippet(candidate, words)
                if highlight:
                    break
        hits.append(
            Hit(
                id=pk,
                score=scores.get(pk, 0.0),
                title=title,
                type=types.get(content_type_id, "asset"),
                url=router.get_url() or "",
                summary=summary,
                highlight=highlight,
                segments=sorted(_names(segments)),
                stages=_names(stages),
                deals_won=won if stats is not None else 0,
                deals_influenced=influenced if stats is not None else 0,
                win_rate=win_rate if stats is not None else None,
                uses_30d=uses if stats is not None else 0,
            )
        )
    return hits


def facets_named(window: Window) -> dict[str, Facet]:
    """The statement's facet counts, values by count then name (types by name)."""
    types = type_by_content_type()
    facets = {}
    for name in FACET_FIELDS:
        counts = window.facets.get(name, Counter())
        if name == "type":
            named: Counter[str] = Counter()
            for content_type_id, count in counts.items():
                named[types.get(int(content_type_id), "asset")] += count
            counts = named
        values = sorted(
            (FacetValue(value=value, count=count) for value, count in counts.items()),
            key=lambda item: (-item.count, item.value),
        )
        facets[name] = Facet(name, values)
    return facets
