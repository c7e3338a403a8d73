"""Hybrid search on Elasticsearch: the BM25 query (with its performance rescore) fused
client-side with passage-vector similarity by reciprocal rank fusion (DESIGN §4a).

The server CI runs (integ-test-zip) has no ``rrf`` retriever (a licensed feature), so
fusion happens here. The vectors are scored in process (``search/hybrid.py``); the server
decides which of the most similar assets the user may see, which pass the filters and
which also match the words, in the same round trip as the lexical page:

1. lexical: the usual hits request for the first ``offset + size + K`` results, plus the
   counting request (total, facets, typo suggestions);
2. semantic: the ``SEMANTIC_CANDIDATES`` most similar assets by id, under the visibility
   filters only, each tagged whether it matches the text (``matched_queries``).

The top ``K`` visible semantic assets join the matching set; those not matching the text
add to the total and to each facet's counts (with the other facets' filters applied), so
totals, facets and pages stay exact.
"""

from __future__ import annotations

from dataclasses import replace

from elasticsearch.dsl import MultiSearch, Q, Search

from search.backends.base import FACET_FIELDS, Facet, FacetValue, SearchQuery, SearchResults
from search.backends.elasticsearch.clauses import (
    SOURCE_FIELDS,
    normalise_text,
    visibility_filters,
)
from search.backends.elasticsearch.query import (
    build_counts,
    build_search,
    corrected_text,
    first_highlight,
    hit_from_source,
    query_words,
)
from search.backends.elasticsearch.understanding import (
    build_visible_word_check,
    understood_relevance,
)
from search.hybrid import SEMANTIC_TOP_K, fuse
from search.understanding import query_understand, suggested_filters_for

SEMANTIC_CANDIDATES = 200
SEMANTIC_SOURCE = ["language"]


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


def _named_text_match(understood) -> Q:
    """The same text relevance as the lexical request, named so each semantic candidate
    says whether it also matches the words."""
    return Q("bool", must=[understood_relevance(understood)], _name="lexical")


def hybrid_search(backend, query: SearchQuery, semantic: dict[int, float]) -> SearchResults:
    """``backend.search`` with semantic matches fused in (see the module docstring)."""
    candidates = list(semantic)[:SEMANTIC_CANDIDATES]
    window = query.offset + query.page_size + SEMANTIC_TOP_K

    def run(current: SearchQuery, understood, *, check_typos: bool):
        lexical_query = replace(current, page=1, page_size=window)
        words = query_words(understood.text) if check_typos else []
        audience = current.resolved_audience()
        semantic_request = (
            Search()
            .query(
                Q(
                    "bool",
                    should=[_named_text_match(understood)],
                    filter=[*visibility_filters(audience), Q("terms", id=candidates)],
                )
            )
            .source([*SOURCE_FIELDS, *SEMANTIC_SOURCE])
            .extra(size=len(candidates), track_total_hits=False)
        )
        multi = (
            MultiSearch(index=backend.alias)
            .add(build_search(lexical_query, understood=understood))
            .add(build_counts(current, check_typos=check_typos, understood=understood))
            .add(semantic_request)
        )
        for word in words:
            multi = multi.add(build_visible_word_check(word, audience))
        responses = backend._call(multi.using(backend.client).execute)
        present = {
            word: response.hits.total.value
            for word, response in zip(words, responses[3:], strict=True)
        }
        return responses[0], responses[1], responses[2], present

    asked = query
    understood = query_understand(text=normalise_text(query.text), polish=query.polish)
    lexical_hits, counts, semantic_hits, present = run(query, understood, check_typos=True)
    corrections = backend._visible_corrections(counts, present, query.resolved_audience())
    did_you_mean = ""
    if corrections:
        # A misspelt word: search again with the visible correction ("did you mean").
        query = replace(query, text=corrected_text(query.text, corrections))
        understood = query_understand(text=normalise_text(query.text), polish=query.polish)
        did_you_mean = understood.original
        lexical_hits, counts, semantic_hits, _ = run(query, understood, check_typos=False)

    # The top K visible semantic assets, most similar first; which match the words too.
    visible = {}
    lexically_matching = set()
    for hit in semantic_hits:
        source = hit.to_dict()
        visible[int(source["id"])] = source
        if "lexical" in (getattr(hit.meta, "matched_queries", None) or []):
            lexically_matching.add(int(source["id"]))
    top = [asset_id for asset_id in candidates if asset_id in visible][:SEMANTIC_TOP_K]
    semantic_only = [asset_id for asset_id in top if asset_id not in lexically_matching]

    sources: dict[int, dict] = {}
    highlights: dict[int, str] = {}
    lexical_ids = []
    for hit in lexical_hits:
        source = hit.to_dict()
        asset_id = int(source["id"])
        lexical_ids.append(asset_id)
        sources[asset_id] = source
        highlights[asset_id] = first_highlight(hit)
    semantic_ids = [asset_id for asset_id in top if _passes(visible[asset_id], query)]
    for asset_id in semantic_ids:
        sources.setdefault(asset_id, visible[asset_id])
    fused = fuse(lexical_ids, semantic_ids)
    ordered = sorted(fused, key=lambda asset_id: (-fused[asset_id], -asset_id))
    page = ordered[query.offset : query.offset + query.page_size]
    hits = [
        hit_from_source(
            sources[asset_id], score=fused[asset_id], highlight=highlights.get(asset_id, "")
        )
        for asset_id in page
    ]

    extra_total = sum(1 for asset_id in semantic_only if _passes(visible[asset_id], query))
    facets = {}
    for name in FACET_FIELDS:
        values: dict[str, int] = {
            bucket["key"]: bucket["doc_count"]
            for bucket in counts.aggregations[name]["values"]["buckets"]
        }
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
        total=counts.hits.total.value + extra_total,
        hits=hits,
        facets=facets,
        backend=backend.name,
        query=asked,
        did_you_mean=did_you_mean,
        suggested_filters=suggested_filters_for(understood, asked),
    )
