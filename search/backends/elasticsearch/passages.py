"""The nested ``passages`` of the index (``mapping.py``): kNN over their vectors, the page
passages matching a query (slide-level hits), and reading both back from inner hits.

kNN
    ``passage_knn`` is a ``knn`` query on ``passages.vector`` inside a ``nested`` query
    (score of an asset: its best passage's, ``score_mode=max``; Elasticsearch diversifies
    nested kNN over assets, so ``k`` means assets). Its ``filter`` holds the visibility
    filters (groups, not expired) and any other filter given: the nearest neighbours are
    searched among passages of assets the user may see, never filtered afterwards, so a
    restricted, expired or unindexed (draft, retired) asset's passages are never among
    them. Elasticsearch scores cosine as ``(1 + cosine) / 2``; ``cosine_of`` turns it back.
    The index is int8-quantised; candidates are rescored with the float vectors, so the
    similarities are exact cosines, as on the database backend.

Page hits
    ``page_hits_body`` is an optional clause (``boost=0``: it never changes an asset's score)
    whose inner hits are the asset's ``page`` passages matching the query's words (over
    the text and, for Polish, its lemmas), the whole phrase ranking first, each with a
    highlighted fragment. Added to the hits request, it brings the pages back in the same
    round trip.
"""

from __future__ import annotations

from typing import Any

from elasticsearch.dsl import Q

PAGE_KIND = "page"
PAGES_PER_HIT = 3
PAGE_SNIPPET_CHARS = 220
PAGE_HITS = "pages"
KNN_HITS = "knn_passages"
NUM_CANDIDATES_FACTOR = 4
# The int8 index finds candidates; their similarity is then recomputed from the stored
# float vectors (``rescore_vector``), so scores and ranks are those of exact cosine.
RESCORE_OVERSAMPLE = 3.0
MAX_NUM_CANDIDATES = 2000


def cosine_of(score: float) -> float:
    """The cosine similarity of an Elasticsearch ``cosine`` kNN score."""
    return 2.0 * float(score) - 1.0


def passage_knn_body(
    vector,
    *,
    filters: list[dict[str, Any]],
    k: int,
    inner_hits: int = 0,
    passage_source: list[str] | None = None,
) -> dict[str, Any]:
    """The ``k`` assets with the passages nearest to ``vector`` among those ``filters``
    (request JSON) admit (visibility first of all), with their ``inner_hits`` nearest
    passages, as request JSON (512 floats through the DSL's serialiser cost more than
    the rest of a request's building)."""
    knn: dict[str, Any] = {
        "field": "passages.vector",
        "query_vector": [float(x) for x in vector],
        "k": k,
        "num_candidates": min(MAX_NUM_CANDIDATES, max(100, k * NUM_CANDIDATES_FACTOR)),
        "rescore_vector": {"oversample": RESCORE_OVERSAMPLE},
    }
    if filters:
        knn["filter"] = list(filters)
    options: dict[str, Any] = {"path": "passages", "score_mode": "max", "query": {"knn": knn}}
    if inner_hits:
        options["inner_hits"] = {
            "name": KNN_HITS,
            "size": inner_hits,
            # Source paths are full in the request; the hits' source is the passage's own.
            "_source": [
                f"passages.{name}" for name in (passage_source or ["id", "kind", "number", "text"])
            ],
        }
    return {"nested": options}


def passage_knn(
    vector,
    *,
    filters: list[Q],
    k: int,
    inner_hits: int = 0,
    passage_source: list[str] | None = None,
) -> Q:
    """``passage_knn_body`` as an ``elasticsearch.dsl`` query (``filters`` as queries)."""
    return Q(
        passage_knn_body(
            vector,
            filters=[clause.to_dict() for clause in filters],
            k=k,
            inner_hits=inner_hits,
            passage_source=passage_source,
        )
    )


def page_hits_body(text: str, *, lemmas: str = "", size: int = PAGES_PER_HIT) -> dict[str, Any]:
    """The page passages matching ``text`` as inner hits, best first (see module doc), as
    request JSON."""
    words: list[dict[str, Any]] = [{"match": {"passages.text": {"query": text}}}]
    if lemmas:
        words.append({"match": {"passages.text_pl": {"query": lemmas}}})
    inner = {
        "bool": {
            "filter": [{"term": {"passages.kind": PAGE_KIND}}],
            "must": [
                words[0]
                if len(words) == 1
                else {"bool": {"should": words, "minimum_should_match": 1}}
            ],
            "should": [{"match_phrase": {"passages.text": {"query": text, "slop": 1, "boost": 4}}}],
        }
    }
    return {
        "nested": {
            "path": "passages",
            "score_mode": "max",
            "boost": 0,
            "query": inner,
            "inner_hits": {
                "name": PAGE_HITS,
                "size": size,
                "_source": ["passages.number"],
                "highlight": {
                    "encoder": "html",
                    "pre_tags": ["<mark>"],
                    "post_tags": ["</mark>"],
                    "fields": {
                        "passages.text": {
                            # Each word marked (the phrase clause would mark it as one).
                            "highlight_query": words[0],
                            "fragment_size": PAGE_SNIPPET_CHARS,
                            "number_of_fragments": 1,
                            "no_match_size": PAGE_SNIPPET_CHARS,
                        }
                    },
                },
            },
        }
    }


def _inner_hits(hit: dict, name: str) -> list[dict]:
    return (((hit.get("inner_hits") or {}).get(name) or {}).get("hits") or {}).get("hits") or []


def pages_of(hit: dict) -> list[tuple[int, str]]:
    """(page number, highlighted fragment) of a response hit's matching pages, best first
    (``hit``: one hit of the response's JSON, see ``query.response_hits``)."""
    pages = []
    for page in _inner_hits(hit, PAGE_HITS):
        highlight = (page.get("highlight") or {}).get("passages.text")
        pages.append((int(page["_source"]["number"]), highlight[0] if highlight else ""))
    return pages


def knn_passages_of(hit: dict) -> list[dict[str, Any]]:
    """A kNN response hit's (JSON) nearest passages: their source and ``cosine``."""
    return [
        {**passage["_source"], "cosine": cosine_of(passage["_score"])}
        for passage in _inner_hits(hit, KNN_HITS)
    ]
