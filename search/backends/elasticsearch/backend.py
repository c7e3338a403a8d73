"""``ElasticsearchBackend``: the search interface (``search``, ``suggest``) over the index.

A text query is two requests in one ``msearch`` (the hits of ``build_search`` and the
totals, facets and typo checks of ``build_counts``, see ``query.py``), a third round trip
only to correct a misspelt word. With passage vectors in the index, kNN matches are a
third request of the same ``msearch``, fused in client-side (``hybrid.py``).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from elasticsearch.dsl import MultiSearch, Q, Search

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
from search.backends.elasticsearch.clauses import normalise_text, visibility_filters
from search.backends.elasticsearch.hybrid import hybrid_search
from search.backends.elasticsearch.index import ElasticsearchIndex
from search.backends.elasticsearch.passages import knn_passages_of, passage_knn
from search.backends.elasticsearch.query import (
    build_counts,
    build_search,
    build_suggest,
    corrected_text,
    hit_from_response,
    query_words,
    response_hits,
)
from search.backends.elasticsearch.understanding import (
    build_visible_word_check,
    typo_candidates,
)
from search.embeddings import encode_query
from search.query_text import query_words as text_words
from search.understanding import UnderstoodQuery, query_understand, suggested_filters_for

logger = logging.getLogger(__name__)


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
        found_by_lemmas = bool(understood.lemmas) and counts.hits.total.value > 0
        corrections = (
            {}
            if found_by_lemmas
            else self._visible_corrections(counts, present, query.resolved_audience())
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
        facets = {}
        for name in FACET_FIELDS:
            buckets = counts.aggregations[name]["values"]["buckets"]
            facets[name] = Facet(
                name, [FacetValue(value=b["key"], count=b["doc_count"]) for b in buckets]
            )
        return SearchResults(
            total=counts.hits.total.value,
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
        filters = list(visibility_filters(audience))
        if segments:
            filters.append(Q("terms", segments=list(segments)))
        if stages:
            filters.append(Q("terms", stages=list(stages)))
        search = (
            Search(index=self.alias)
            .query(passage_knn(vector, filters=filters, k=assets, inner_hits=per_asset))
            .source(["id", "title", "type", "url"])
            .extra(size=assets, track_total_hits=False)
        )
        response = self._call(search.using(self.client).execute)
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

    def _visible_corrections(self, counts, present, audience: Audience) -> dict[str, str]:
        """The suggester's first candidate per missing word that occurs in a document
        ``audience`` may see (one more round trip, only when a word is missing)."""
        candidates = typo_candidates(counts, present)
        options = list(dict.fromkeys(o for found in candidates.values() for o in found))
        if not options:
            return {}
        multi = MultiSearch(index=self.alias)
        for option in options:
            multi = multi.add(build_visible_word_check(option, audience))
        responses = self._call(multi.using(self.client).execute)
        visible = {
            option
            for option, response in zip(options, responses, strict=True)
            if response.hits.total.value > 0
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
        multi = (
            MultiSearch(index=self.alias)
            .add(build_search(query, understood=understood))
            .add(build_counts(query, check_typos=check_typos, understood=understood))
        )
        for word in words:
            multi = multi.add(build_visible_word_check(word, audience))
        responses = self._call(multi.using(self.client).execute)
        present = {
            word: response.hits.total.value
            for word, response in zip(words, responses[2:], strict=True)
        }
        return responses[0], responses[1], present

    def suggest(self, *, text: str, user, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
        if not normalise_text(text) or not self.alias_targets_cached():
            return []
        search = build_suggest(text=text, audience=Audience.for_user(user), limit=limit)
        response = self._call(search.index(self.alias).using(self.client).execute)
        return [
            Suggestion(id=int(hit.id), title=hit.title, type=hit.type, url=hit.url)
            for hit in response
        ]
