"""The query compiler: pure functions from a ``SearchQuery`` to ``elasticsearch.dsl``
requests, readable and testable as data (``.to_dict()``).

Query (``build_search`` for hits, ``build_counts`` for totals and facets: one msearch)
    relevance = cross_fields multi_match over title^5 > details^3 (customer,
                objection...) = summary^3 > keywords^2 > body^1.5 > attachment_text^1;
                all terms of one, all but one of 2-4, 75 % of longer queries (customers'
                words rarely all match). Exact terms, so Elasticsearch can skip documents
                that cannot reach the top (block-max WAND) instead of scoring every match.
    typos     = a word found in no document the searcher may see that the term
                suggester can correct (edit distance ≤ 2, words of 4+ characters, first
                letter kept, as ``fuzziness: AUTO:4,8`` with ``prefix_length: 1``) is
                replaced by the closest indexed term *a visible document contains* (so a
                word only a restricted asset holds is never offered) and the search re-run;
                the results say ``did_you_mean`` (four round trips, typo queries only).
                Fuzzy expansion inside the query cost ~5x the search.
    understanding = phrases, synonyms, type/segment/stage boosts and suggested filters
                (``search/understanding.py``, ``understanding.py`` here).
    rescore   = the top 200 (or the page's end) get the phrase boost (slop 2, boost 2,
                over title, details, summary) added, then are multiplied by the
                ranking (``clauses.py``).
    filters   = visibility (``groups`` ∈ {everyone, the user's groups}, unless the user
                sees all), not expired, the facet filters: filter context, no scoring.
    counts    = a size-0 request: exact total, facets as terms aggregations, each facet
                with the *other* facets' filters (the facets themselves as
                ``post_filter``); the term suggester only for a word no visible
                document contains (``suggest_body``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from elasticsearch.dsl import Q, Search

from search.backends.base import FACET_FIELDS, SUGGEST_LIMIT, Audience, Hit, SearchQuery
from search.backends.elasticsearch.clauses import (
    FACET_INDEX_FIELDS,
    FACET_SIZE,
    FILTER_INDEX_FIELDS,
    HIGHLIGHT_FIELDS,
    RANKING_FUNCTIONS,
    RANKING_RESCORE,
    RESCORE_WINDOW,
    SOURCE_FIELDS,
    SUGGEST_FIELDS,
    facet_bodies,
    normalise_text,
    phrase_boost,
    visibility_body,
    visibility_filters,
)
from search.backends.elasticsearch.passages import page_hits_body, pages_of
from search.backends.elasticsearch.understanding import relevance_body
from search.understanding import UnderstoodQuery, Vocabulary, query_understand

_WORDS = re.compile(r"\w+", re.UNICODE)


def _filters(query: SearchQuery) -> list[dict[str, Any]]:
    return [*visibility_body(query.resolved_audience()), *facet_bodies(query).values()]


# Highlighting settings of every text search (the words to mark are added per request).
_HIGHLIGHT: dict[str, Any] = {
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "fragment_size": 180,
    "number_of_fragments": 1,
    "max_analyzed_offset": 20_000,
    "fields": {name: {} for name in HIGHLIGHT_FIELDS},
}


def search_body(
    query: SearchQuery,
    *,
    understood: UnderstoodQuery | None = None,
    decorated: bool = True,
) -> dict[str, Any]:
    """The hits request for ``query`` as request JSON: one page of results, ranked,
    highlighted.

    With text, the text relevance picks the top ``RESCORE_WINDOW`` (Elasticsearch skips
    non-competitive documents, so this no longer scores every match) and the ranking
    functions rescore that window: ``relevance * (1 + performance + freshness)``. An empty
    text ranks every visible asset by the functions alone. Filters (visibility, expiry,
    facets) are in filter context; totals and facet counts come from ``counts_body``.
    ``understood`` (``search/understanding.py``) adds phrases, synonyms and type/segment/
    stage boosts; without it the text is searched as typed (quoted phrases still count).
    ``decorated=False`` leaves out the highlights, the matching pages and the documents'
    ``_source`` (the hybrid search reads only the ids of this window, and asks for the
    page it shows afterwards: ``decorations_body``).

    Only the text part is built per request (``relevance_body``, cached per understood
    query); visibility, facets, ranking and highlight settings are prebuilt JSON: the
    ``elasticsearch.dsl`` objects cost several ms per request to build and serialise.
    """
    text = normalise_text(query.text)
    understood = understood or _as_typed(text)
    filters = _filters(query)
    body: dict[str, Any]
    if text:
        boolean: dict[str, Any] = {"must": [relevance_body(understood)], "filter": filters}
        if decorated:
            # The matching pages of each hit's file, in the same round trip.
            boolean["should"] = [page_hits_body(text, lemmas=understood.lemmas)]
        window = max(RESCORE_WINDOW, query.offset + query.page_size)
        rescores: list[dict[str, Any]] = []
        if len(text.split()) > 1:
            rescores.append(
                {
                    "window_size": window,
                    "query": {"rescore_query": phrase_boost(text).to_dict(), "score_mode": "total"},
                }
            )
        rescores.append(
            {
                "window_size": window,
                "query": {
                    "rescore_query": RANKING_RESCORE,
                    "query_weight": 1,
                    "rescore_query_weight": 1,
                    "score_mode": "multiply",
                },
            }
        )
        body = {"query": {"bool": boolean}, "rescore": rescores}
        if decorated:
            body["highlight"] = _highlight(text=text, understood=understood)
    else:
        body = {
            "query": {
                "bool": {
                    "must": [RANKING_RESCORE],
                    "filter": filters,
                }
            },
            "sort": ["_score", {"published_at": {"order": "desc", "missing": "_last"}}, "id"],
        }
    body.update(
        # Each hit's _source is read whole from the stored document (passage texts and
        # all) however few fields are kept: an undecorated window of 40 ids skips it.
        _source=SOURCE_FIELDS if decorated else False,
        track_total_hits=False,
        **{"from": query.offset},
        size=query.page_size,
    )
    return body


def build_search(
    query: SearchQuery,
    *,
    index: str | None = None,
    understood: UnderstoodQuery | None = None,
    decorated: bool = True,
) -> Search:
    """``search_body`` as an ``elasticsearch.dsl`` request (readable, testable as data)."""
    body = search_body(query, understood=understood, decorated=decorated)
    return Search(index=index).update_from_dict(body)


def _highlight(*, text: str, understood: UnderstoodQuery) -> dict[str, Any]:
    # Highlight with the exact words: re-analysing each hit's fields is the cost.
    words = " ".join(understood.highlight_words()) or text
    return {
        **_HIGHLIGHT,
        "highlight_query": {"multi_match": {"query": words, "fields": HIGHLIGHT_FIELDS}},
    }


def decorations_body(
    asset_ids: list[int], *, text: str, understood: UnderstoodQuery, audience: Audience
) -> dict[str, Any]:
    """The documents (``SOURCE_FIELDS``), highlights and matching pages (inner hits) of
    the assets ``asset_ids`` for ``text``, as ``search_body`` decorates its hits: asked
    for after fusion, so only the page shown is read and highlighted (highlighting is
    most of a hits request's time in Elasticsearch, and grows with the hits
    highlighted). The ids come from requests that applied the visibility filters; they
    are applied here again, as the documents shown now come from this request."""
    text = normalise_text(text)
    return {
        "query": {
            "bool": {
                "filter": [
                    {"ids": {"values": [str(asset_id) for asset_id in asset_ids]}},
                    *visibility_body(audience),
                ],
                "should": [page_hits_body(text, lemmas=understood.lemmas)],
            }
        },
        "highlight": _highlight(text=text, understood=understood),
        "_source": SOURCE_FIELDS,
        "track_total_hits": False,
        "size": len(asset_ids),
    }


def build_decorations(
    asset_ids: list[int],
    *,
    text: str,
    understood: UnderstoodQuery,
    audience: Audience,
    index: str | None = None,
) -> Search:
    """``decorations_body`` as an ``elasticsearch.dsl`` request."""
    body = decorations_body(asset_ids, text=text, understood=understood, audience=audience)
    return Search(index=index).update_from_dict(body)


def query_words(text: str) -> list[str]:
    """The words a typo check looks at (the term suggester's own minimum is 4)."""
    return list(
        dict.fromkeys(w for w in _WORDS.findall(normalise_text(text).lower()) if len(w) >= 4)
    )


def _as_typed(text: str) -> UnderstoodQuery:
    return query_understand(text=text, vocabulary=Vocabulary())


@lru_cache(maxsize=256)
def _facet_aggregations(chosen: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, Any]:
    """The facets' ``terms`` aggregations, each under the *other* chosen facets' filters;
    ``chosen``: (facet, values) pairs (a cache key). Shared: never mutated.

    Facets needing the same filters share one ``filter`` aggregation (every facet not
    chosen needs all the chosen filters), and a facet needing none is a top-level
    ``terms``: a ``filter`` aggregation tests its filter on every match, and four of
    them, even as ``match_all``, were most of the counting request's time at 100,000
    assets. ``facet_buckets`` reads the response of either shape."""
    filters = {
        name: {"terms": {FILTER_INDEX_FIELDS[name]: list(values)}} for name, values in chosen
    }
    groups: dict[tuple[str, ...], list[str]] = {}
    for name in FACET_FIELDS:
        others = tuple(other for other in filters if other != name)
        groups.setdefault(others, []).append(name)
    aggregations: dict[str, Any] = {}
    for others, names in groups.items():
        terms = {
            name: {"terms": {"field": FACET_INDEX_FIELDS[name], "size": FACET_SIZE}}
            for name in names
        }
        if not others:
            aggregations.update(terms)
            continue
        aggregations[FACET_GROUP_PREFIX + "_".join(names)] = {
            "filter": {"bool": {"filter": [filters[other] for other in others]}},
            "aggs": terms,
        }
    return aggregations


FACET_GROUP_PREFIX = "filtered_"


def facet_buckets(counts: dict) -> dict[str, list[dict]]:
    """Each facet's buckets (``key``, ``doc_count``) in a counting response (JSON) of
    ``counts_body``: top-level, or inside the ``filter`` aggregation of its group."""
    aggregations = counts.get("aggregations") or {}
    found: dict[str, list[dict]] = {}
    for name, aggregation in aggregations.items():
        if name.startswith(FACET_GROUP_PREFIX):
            for facet in FACET_FIELDS:
                if facet in aggregation:
                    found[facet] = aggregation[facet]["buckets"]
        else:
            found[name] = aggregation["buckets"]
    return {name: found.get(name, []) for name in FACET_FIELDS}


def counts_body(query: SearchQuery, *, understood: UnderstoodQuery | None = None) -> dict[str, Any]:
    """The counting request for ``query`` as request JSON (no hits, no scoring): the exact
    total and the facets (``_facet_aggregations``: each with the *other* facets' filters,
    the facets themselves as ``post_filter``). Typo suggestions are not asked here: the
    term suggester cost a third of this request at 100,000 assets, and only a word found
    in no visible document needs them (``suggest_body``, asked afterwards)."""
    text = normalise_text(query.text)
    understood = understood or _as_typed(text)
    base = list(visibility_body(query.resolved_audience()))
    if text:
        base = [relevance_body(understood), *base]
    chosen = facet_bodies(query)
    body: dict[str, Any] = {
        "query": {"bool": {"filter": base}},
        "aggs": _facet_aggregations(
            tuple((name, tuple(values)) for name, values in query.filters().items())
        ),
    }
    if chosen:
        body["post_filter"] = {"bool": {"filter": list(chosen.values())}}
    body.update(track_total_hits=True, size=0)
    return body


def build_counts(
    query: SearchQuery, *, index: str | None = None, understood: UnderstoodQuery | None = None
) -> Search:
    """``counts_body`` as an ``elasticsearch.dsl`` request."""
    body = counts_body(query, understood=understood)
    return Search(index=index).update_from_dict(body)


def suggest_body(words: list[str]) -> dict[str, Any]:
    """The term suggester's indexed terms close to ``words`` (words found in no document
    the searcher may see), per searched field, as request JSON: no query, no hits. The
    suggester reads the whole index, so its candidates still need a visibility check
    (``visible_word_check_body``)."""
    return {
        "query": {"match_none": {}},
        "suggest": {
            field_name: {
                "text": " ".join(words),
                "term": {"field": field_name, "suggest_mode": "missing", "size": 3},
            }
            for field_name in SUGGEST_FIELDS
        },
        "track_total_hits": False,
        "size": 0,
    }


def corrected_text(text: str, corrections: dict[str, str]) -> str:
    if not corrections:
        return text
    return _WORDS.sub(lambda m: corrections.get(m.group(0).lower(), m.group(0)), text)


def build_suggest(*, text: str, audience: Audience, limit: int = SUGGEST_LIMIT) -> Search:
    """Titles starting with what was typed (last word as a prefix, earlier words fuzzy),
    under the same visibility filters; better-performing assets first on ties."""
    text = normalise_text(text)
    search = Search().query(
        Q(
            "bool",
            must=[
                Q(
                    "function_score",
                    query=Q("match_bool_prefix", title={"query": text, "fuzziness": "AUTO"}),
                    functions=RANKING_FUNCTIONS[:2],
                    score_mode="sum",
                    boost_mode="multiply",
                )
            ],
            filter=visibility_filters(audience),
        )
    )
    return search.source(["id", "title", "type", "url"])[:limit]


# -- reading responses (shared by the lexical and the hybrid search) ------------------


def response_hits(response) -> list[dict]:
    """The hits of a response as Elasticsearch sent them (plain JSON, or an
    ``elasticsearch.dsl`` response): read through the DSL's attribute wrappers, the
    hundred-odd hits and inner hits of a hybrid search cost more Python time than the
    requests took in Elasticsearch."""
    body = response if isinstance(response, dict) else response.to_dict()
    return (body.get("hits") or {}).get("hits") or []


def total_of(response: dict) -> int:
    """The hit count of a response (JSON) that tracks totals."""
    return ((response.get("hits") or {}).get("total") or {}).get("value", 0)


def first_highlight(hit: dict) -> str:
    """The first highlighted fragment of a response hit, in ``HIGHLIGHT_FIELDS`` order."""
    highlight = hit.get("highlight") or {}
    for field_name in HIGHLIGHT_FIELDS:
        fragments = highlight.get(field_name)
        if fragments:
            return fragments[0]
    return ""


def hit_from_source(
    source: dict, *, score: float, highlight: str = "", pages: list | None = None
) -> Hit:
    """A result card's data from an indexed document's ``_source`` (and its matching
    pages, read by ``pages_of``)."""
    return Hit(
        id=int(source["id"]),
        score=score,
        title=source.get("title", ""),
        type=source.get("type", ""),
        url=source.get("url", ""),
        summary=source.get("summary", ""),
        highlight=highlight,
        segments=list(source.get("segments", [])),
        stages=list(source.get("stages", [])),
        deals_won=source.get("deals_won") or 0,
        deals_influenced=source.get("deals_influenced") or 0,
        win_rate=source.get("win_rate"),
        uses_30d=source.get("uses_30d") or 0,
        pages=list(pages or []),
    )


def hit_from_response(hit: dict) -> Hit:
    """A result card's data from one hit of ``response_hits``."""
    return hit_from_source(
        hit["_source"],
        score=float(hit.get("_score") or 0.0),
        highlight=first_highlight(hit),
        pages=pages_of(hit),
    )
