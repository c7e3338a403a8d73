"""Hybrid search on Elasticsearch: the BM25 query (with its performance rescore) fused
client-side with kNN over the nested passage vectors by reciprocal rank fusion (DESIGN
§4a; ``search/hybrid.py`` has the fusion and its constants, shared with the database
backend).

The server CI runs (integ-test-zip) has no ``rrf`` retriever (a licensed feature), so
fusion happens here, from one ``msearch`` round trip:

1. lexical: the usual hits request for the first ``offset + size + K`` results, without
   highlights or pages, plus the counting request (total, facets) and the word checks;
2. semantic: a nested ``knn`` query on ``passages.vector`` (``passages.py``) for the
   ``SEMANTIC_CANDIDATES`` assets nearest to the question, with the visibility filters
   inside the kNN filter, each tagged whether it also matches the text
   (``matched_queries``);

(a misspelt word's corrected search runs the lexical requests again, but not the kNN: the
question's vector is the same, so only which candidates match the corrected words is
asked, ``candidates_matching_body``), then a second, small request (``build_decorations``)
for the documents, highlights and matching pages of the page shown only: highlighting
``offset + size + K`` lexical hits and the pages of every semantic candidate cost several
times the rest of both requests. The first two read no ``_source`` (the stored document,
passage texts and all, is loaded whole for any field of it): the lexical window gives its
ids, the semantic candidates the few keyword fields fusion and facets need, from doc
values.

The similarity of an asset is its best passage's cosine; as on the database backend, a
Polish asset's similarity to a question not in Polish is discounted
(``CROSS_LANGUAGE_DISCOUNT``), a Polish translation of a similar original takes no slot,
and only similarities ≥ ``SEMANTIC_FLOOR`` count. The top ``K`` join the matching set;
those not matching the text add to the total and to each facet's counts (with the other
facets' filters applied), so totals, facets and pages stay exact. The in-process vector
matrix is never loaded on this backend.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from search.backends.base import Facet, FacetValue, SearchQuery, SearchResults
from search.backends.elasticsearch.clauses import (
    normalise_text,
    visibility_body,
)
from search.backends.elasticsearch.passages import cosine_of, pages_of, passage_knn_body
from search.backends.elasticsearch.query import (
    corrected_text,
    counts_body,
    decorations_body,
    facet_buckets,
    first_highlight,
    hit_from_source,
    query_words,
    response_hits,
    search_body,
    total_of,
)
from search.backends.elasticsearch.understanding import (
    relevance_body,
    visible_word_check_body,
)
from search.hybrid import (
    CROSS_LANGUAGE_DISCOUNT,
    SEMANTIC_FLOOR,
    SEMANTIC_TOP_K,
    fuse,
)
from search.polish import query_is_polish
from search.understanding import query_understand, suggested_filters_for

SEMANTIC_CANDIDATES = 100
# What fusion, the language rules and the facet counts read of a semantic candidate:
# doc values, so no stored document is loaded for the 100 candidates.
SEMANTIC_FIELDS = ["id", "type", "segments", "stages", "language", "translation_of"]
_SINGLE_VALUED = {"id", "type", "language", "translation_of"}


def semantic_facts(hit: dict) -> dict[str, Any]:
    """A semantic candidate's ``SEMANTIC_FIELDS`` (read from doc values: lists in the
    response) as ``_source`` would give them."""
    fields = hit.get("fields") or {}
    facts: dict[str, Any] = {}
    for name in SEMANTIC_FIELDS:
        values = fields.get(name) or []
        facts[name] = (values[0] if values else None) if name in _SINGLE_VALUED else values
    facts["id"] = int(facts["id"] if facts["id"] is not None else hit["_id"])
    return facts


def _passes(source: dict, query: SearchQuery, *, skip: str | None = None) -> bool:
    checks = {
        "segment": (query.segments, set(source.get("segments") or [])),
        "stage": (query.stages, set(source.get("stages") or [])),
        "type": (query.types, {source.get("type")}),
        "language": (query.languages, {source.get("language")}),
    }
    return all(
        not chosen or name == skip or bool(values & set(chosen))
        for name, (chosen, values) in checks.items()
    )


def _named_text_match(understood) -> dict[str, Any]:
    """The same text relevance as the lexical request, named so each semantic candidate
    says whether it also matches the words (``boost=0``: ordered by similarity alone)."""
    return {"bool": {"must": [relevance_body(understood)], "_name": "lexical", "boost": 0}}


def semantic_order(hits: list[dict], *, text: str) -> list[tuple[int, float]]:
    """(asset id, similarity) of kNN response hits (``response_hits``, with their
    ``SEMANTIC_FIELDS``), most similar first, with the language rules of the module
    docstring applied."""
    polish_question = query_is_polish(text)
    scored: list[tuple[int, float, dict]] = []
    for hit in hits:
        source = semantic_facts(hit)
        similarity = cosine_of(hit.get("_score") or 0.0)
        if source.get("language") == "pl" and not polish_question:
            similarity *= CROSS_LANGUAGE_DISCOUNT
        if similarity >= SEMANTIC_FLOOR:
            scored.append((int(source["id"]), similarity, source))
    scored.sort(key=lambda row: -row[1])
    similar = {asset_id for asset_id, _, _ in scored}
    return [
        (asset_id, similarity)
        for asset_id, similarity, source in scored
        if polish_question or source.get("translation_of") not in similar
    ]


def candidates_matching_body(candidates: list[dict], understood) -> dict[str, Any]:
    """Which of the kNN ``candidates`` (response hits) match ``understood``'s words, as
    request JSON: the same text relevance as the kNN request's named clause, over those
    ids only (a few dozen documents, no vectors)."""
    ids = [str(hit["_id"]) for hit in candidates]
    return {
        "query": {
            "bool": {
                "must": [relevance_body(understood)],
                "filter": [{"ids": {"values": ids}}],
            }
        },
        "_source": False,
        "size": len(ids),
        "track_total_hits": False,
    }


def with_text_matches(candidates: list[dict], response: dict) -> dict:
    """``candidates`` as a kNN response whose ``matched_queries`` say whether each matches
    the words, from ``response`` (of ``candidates_matching_body``)."""
    matching = {str(hit["_id"]) for hit in response_hits(response)}
    return {
        "hits": {
            "hits": [
                {**hit, "matched_queries": ["lexical"] if str(hit["_id"]) in matching else []}
                for hit in candidates
            ]
        }
    }


def hybrid_search(backend, query: SearchQuery, vector) -> SearchResults:
    """``backend.search`` with kNN matches of the question's ``vector`` fused in (see the
    module docstring)."""
    window = query.offset + query.page_size + SEMANTIC_TOP_K

    def run(current: SearchQuery, understood, *, check_typos: bool, candidates=None):
        """The lexical window, the counts, the semantic candidates and the word checks in
        one msearch. ``candidates``: the kNN hits of an earlier run with the same vector
        (a typo's corrected search): only which of them match the corrected words is
        asked again, not the kNN."""
        lexical_query = replace(current, page=1, page_size=window)
        words = query_words(understood.text) if check_typos else []
        audience = current.resolved_audience()
        if candidates is None:
            semantic_request = {
                "query": {
                    "bool": {
                        "must": [
                            passage_knn_body(
                                vector,
                                filters=list(visibility_body(audience)),
                                k=SEMANTIC_CANDIDATES,
                            )
                        ],
                        "should": [_named_text_match(understood)],
                    }
                },
                "_source": False,
                "docvalue_fields": SEMANTIC_FIELDS,
                "size": SEMANTIC_CANDIDATES,
                "track_total_hits": False,
            }
        else:
            semantic_request = candidates_matching_body(candidates, understood)
        responses = backend.multi_search(
            [
                search_body(lexical_query, understood=understood, decorated=False),
                counts_body(current, understood=understood),
                semantic_request,
                *(visible_word_check_body(word, audience) for word in words),
            ]
        )
        present = {
            word: total_of(response) for word, response in zip(words, responses[3:], strict=True)
        }
        semantic = responses[2]
        if candidates is not None:
            semantic = with_text_matches(candidates, semantic)
        return responses[0], responses[1], semantic, present

    asked = query
    understood = query_understand(text=normalise_text(query.text), polish=query.polish)
    lexical_hits, counts, semantic_hits, present = run(query, understood, check_typos=True)
    corrections = backend._visible_corrections(present, query.resolved_audience())
    did_you_mean = ""
    if corrections:
        # A misspelt word: search again with the visible correction ("did you mean").
        query = replace(query, text=corrected_text(query.text, corrections))
        understood = query_understand(text=normalise_text(query.text), polish=query.polish)
        did_you_mean = understood.original
        lexical_hits, counts, semantic_hits, _ = run(
            query, understood, check_typos=False, candidates=response_hits(semantic_hits)
        )

    # The top K semantic assets (all visible: filtered inside kNN); which match the words.
    # Hits stay plain JSON; highlights and pages are read only for the page shown.
    visible: dict[int, dict] = {}
    lexically_matching = set()
    semantic_list = response_hits(semantic_hits)
    for hit in semantic_list:
        facts = semantic_facts(hit)
        asset_id = facts["id"]
        visible[asset_id] = facts
        if "lexical" in (hit.get("matched_queries") or []):
            lexically_matching.add(asset_id)
    ordered_semantic = semantic_order(semantic_list, text=normalise_text(query.text))
    top = [asset_id for asset_id, _ in ordered_semantic][:SEMANTIC_TOP_K]
    semantic_only = [asset_id for asset_id in top if asset_id not in lexically_matching]

    lexical_ids = [int(hit["_id"]) for hit in response_hits(lexical_hits)]
    semantic_ids = [asset_id for asset_id in top if _passes(visible[asset_id], query)]
    fused = fuse(lexical_ids, semantic_ids)
    ordered = sorted(fused, key=lambda asset_id: (-fused[asset_id], -asset_id))
    page = ordered[query.offset : query.offset + query.page_size]
    # The page's documents, highlights and matching pages, in one more (small) request;
    # a match by meaning alone shows no highlight (its words are not the question's).
    decorations: dict[int, dict] = {}
    if page:
        response = backend.single_search(
            decorations_body(
                page, text=query.text, understood=understood, audience=query.resolved_audience()
            )
        )
        decorations = {int(hit["_id"]): hit for hit in response_hits(response)}
    textual = set(lexical_ids) | lexically_matching
    hits = [
        hit_from_source(
            decorations[asset_id]["_source"],
            score=fused[asset_id],
            highlight=(first_highlight(decorations[asset_id]) if asset_id in textual else ""),
            pages=pages_of(decorations[asset_id]),
        )
        for asset_id in page
        # (an asset deleted between the two requests is left out)
        if asset_id in decorations
    ]

    extra_total = sum(1 for asset_id in semantic_only if _passes(visible[asset_id], query))
    facets = {}
    for name, buckets in facet_buckets(counts).items():
        values: dict[str, int] = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
        for asset_id in semantic_only:
            source = visible[asset_id]
            if not _passes(source, query, skip=name):
                continue
            keys = (
                source.get("segments") or []
                if name == "segment"
                else source.get("stages") or []
                if name == "stage"
                else [source.get(name)]
            )
            for key in keys:
                values[key] = values.get(key, 0) + 1
        facets[name] = Facet(
            name,
            [
                FacetValue(value=key, count=count)
                for key, count in sorted(values.items(), key=lambda item: (-item[1], item[0]))
            ],
        )
    return SearchResults(
        total=total_of(counts) + extra_total,
        hits=hits,
        facets=facets,
        backend=backend.name,
        query=asked,
        did_you_mean=did_you_mean,
        suggested_filters=suggested_filters_for(understood, asked),
    )
