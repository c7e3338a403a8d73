"""``ElasticsearchBackend``: the search interface (``search``, ``suggest``) over the index.

A text query is two requests in one ``msearch`` (the hits of ``search_body`` and the
totals and facets of ``counts_body``, see ``query.py``) with whether each word occurs in
a visible document; only a word found in none costs more round trips (the suggester's
candidates, their visibility, the corrected search). With passage vectors in the
index, kNN matches are a third request of the same ``msearch``, fused in client-side
(``hybrid.py``).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from elasticsearch import ApiError

from search.backends.base import (
    FACET_FIELDS,
    SUGGEST_LIMIT,
    Audience,
    Facet,
    FacetValue,
    SearchBackend,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from search.backends.elasticsearch.clauses import normalise_text, visibility_body
from search.backends.elasticsearch.hybrid import hybrid_search
from search.backends.elasticsearch.index import ElasticsearchIndex
from search.backends.elasticsearch.passages import knn_passages_of, passage_knn_body
from search.backends.elasticsearch.query import (
    build_suggest,
    corrected_text,
    counts_body,
    facet_buckets,
    hit_from_response,
    query_words,
    response_hits,
    search_body,
    suggest_body,
    total_of,
)
from search.backends.elasticsearch.understanding import (
    typo_candidates,
    visible_word_check_body,
)
from search.embeddings import encode_query
from search.query_text import query_words as text_words
from search.understanding import UnderstoodQuery, query_understand, suggested_filters_for

logger = logging.getLogger(__name__)

# What a search reads of a response: Elasticsearch leaves out the rest (shard headers,
# index names, ``_ignored``, ``took``...), so less JSON crosses and is decoded. ``status``
# keeps every response of an msearch present (an empty one would be dropped).
RESPONSE_FILTER = [
    "responses.status",
    "responses.took",  # a few bytes; what benchmarks and logs read of the server's time
    "responses.error",
    "responses.hits.total.value",
    "responses.hits.hits._id",
    "responses.hits.hits._score",
    "responses.hits.hits._source",
    "responses.hits.hits.fields",
    "responses.hits.hits.highlight",
    "responses.hits.hits.inner_hits",
    "responses.hits.hits.matched_queries",
    "responses.aggregations",
    "responses.suggest",
]


class ElasticsearchBackend(ElasticsearchIndex, SearchBackend):
    name = "elasticsearch"
    supports_typos = True
    supports_performance_ranking = True

    def search(self, query: SearchQuery) -> SearchResults:
        if not self.alias_targets_cached():
            return SearchResults(
                total=0,
                hits=[],
                facets={name: Facet(name) for name in FACET_FIELDS},
                backend=self.name,
                query=query,
            )
        if normalise_text(query.text):
            vector = self.query_vector(normalise_text(query.text))
            if vector is not None:  # kNN matches fused in (hybrid.py)
                return hybrid_search(self, query, vector)
        asked = query
        understood = query_understand(text=normalise_text(query.text), polish=query.polish)
        hits_response, counts, present = self._msearch(query, understood, check_typos=True)
        # A Polish query its lemmas found is not misspelt (its forms are not the assets').
        found_by_lemmas = bool(understood.lemmas) and total_of(counts) > 0
        corrections = (
            {} if found_by_lemmas else self._visible_corrections(present, query.resolved_audience())
        )
        did_you_mean = ""
        if corrections:
            # A misspelt word (in no match, with a close indexed term): search again with
            # the suggester's correction, as "did you mean" would, in the same shape.
            query = replace(query, text=corrected_text(query.text, corrections))
            understood = query_understand(text=normalise_text(query.text), polish=query.polish)
            did_you_mean = understood.original
            hits_response, counts, _ = self._msearch(query, understood, check_typos=False)
        hits = [hit_from_response(hit) for hit in response_hits(hits_response)]
        facets = {
            name: Facet(name, [FacetValue(value=b["key"], count=b["doc_count"]) for b in buckets])
            for name, buckets in facet_buckets(counts).items()
        }
        return SearchResults(
            total=total_of(counts),
            hits=hits,
            facets=facets,
            backend=self.name,
            query=asked,
            did_you_mean=did_you_mean,
            suggested_filters=suggested_filters_for(understood, asked),
        )

    def query_vector(self, text: str):
        """The question's embedding when kNN can run (an encoder, words, and an index
        holding that encoder's vectors), else ``None``: search stays lexical. Never the
        in-process matrix of ``search.hybrid``."""
        if not text_words(text) or not self.knn_ready():
            return None
        return encode_query(text)

    def nearest_passages(
        self,
        *,
        vector,
        audience: Audience,
        segments: tuple[str, ...] = (),
        stages: tuple[str, ...] = (),
        assets: int = 40,
        per_asset: int = 3,
    ) -> list[dict]:
        """The passages nearest to ``vector`` of the ``assets`` nearest assets ``audience``
        may see (visibility, expiry and the segment/stage filters inside the kNN filter),
        ``per_asset`` each, most similar first: their ``id``, ``kind``, ``number``,
        ``text`` and ``cosine``, with their asset's ``asset_id``, ``title``, ``type``
        and ``url``. One request; ``[]`` without an index."""
        if not self.alias_targets_cached():
            return []
        filters = list(visibility_body(audience))
        if segments:
            filters.append({"terms": {"segments": list(segments)}})
        if stages:
            filters.append({"terms": {"stages": list(stages)}})
        response = self.single_search(
            {
                "query": passage_knn_body(vector, filters=filters, k=assets, inner_hits=per_asset),
                "_source": ["id", "title", "type", "url"],
                "size": assets,
                "track_total_hits": False,
            }
        )
        passages = [
            {
                **passage,
                "asset_id": int(hit["_source"]["id"]),
                "title": hit["_source"].get("title", ""),
                "type": hit["_source"].get("type", ""),
                "url": hit["_source"].get("url") or "",
            }
            for hit in response_hits(response)
            for passage in knn_passages_of(hit)
        ]
        return sorted(passages, key=lambda passage: -passage["cosine"])

    def _visible_corrections(self, present: dict[str, int], audience: Audience) -> dict[str, str]:
        """The suggester's first candidate per missing word (``present``: each word's
        count of visible documents) that occurs in a document ``audience`` may see (two
        more round trips, only when a word is missing: the suggestions, their checks)."""
        missing = [word for word, found in present.items() if not found]
        if not missing:
            return {}
        candidates = typo_candidates(self.single_search(suggest_body(missing)), present)
        options = list(dict.fromkeys(o for found in candidates.values() for o in found))
        if not options:
            return {}
        responses = self.multi_search(
            [visible_word_check_body(option, audience) for option in options]
        )
        visible = {
            option
            for option, response in zip(options, responses, strict=True)
            if total_of(response) > 0
        }
        return {
            word: next(option for option in found if option in visible)
            for word, found in candidates.items()
            if any(option in visible for option in found)
        }

    def _msearch(self, query: SearchQuery, understood: UnderstoodQuery, *, check_typos: bool):
        """The hits and the counts of ``query`` in one round trip (run side by side), and
        when checking typos, whether each word occurs in a document the searcher may see."""
        words = query_words(understood.text) if check_typos else []
        audience = query.resolved_audience()
        responses = self.multi_search(
            [
                search_body(query, understood=understood),
                counts_body(query, understood=understood),
                *(visible_word_check_body(word, audience) for word in words),
            ]
        )
        present = {
            word: total_of(response) for word, response in zip(words, responses[2:], strict=True)
        }
        return responses[0], responses[1], present

    def multi_search(self, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The responses (plain JSON, only what ``RESPONSE_FILTER`` keeps) of the request
        bodies ``bodies``, searched side by side over the alias in one round trip; an
        error in any of them raises ``ApiError``, as ``elasticsearch.dsl``'s
        ``MultiSearch`` does."""
        searches: list[dict[str, Any]] = []
        for body in bodies:
            searches += [{}, body]
        response = self._call(
            self.client.msearch, index=self.alias, searches=searches, filter_path=RESPONSE_FILTER
        )
        responses = response.body["responses"]
        for item in responses:
            if item.get("error"):
                raise ApiError("N/A", meta=response.meta, body=item)
        return responses

    def single_search(self, body: dict[str, Any]) -> dict[str, Any]:
        """One request body's response over the alias (plain JSON, filtered as
        ``multi_search``'s)."""
        return self.multi_search([body])[0]

    def suggest(self, *, text: str, user, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
        if not normalise_text(text) or not self.alias_targets_cached():
            return []
        search = build_suggest(text=text, audience=Audience.for_user(user), limit=limit)
        response = self._call(search.index(self.alias).using(self.client).execute)
        return [
            Suggestion(id=int(hit.id), title=hit.title, type=hit.type, url=hit.url)
            for hit in response
        ]
