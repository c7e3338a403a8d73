"""Query understanding for the Elasticsearch backend (see ``search/understanding.py``).

``understood_relevance`` is the text part of the hits and counts requests:

- the free text as before (``text_match``), OR-ed with each synonym variant at
  ``SYNONYM_BOOST`` and, for a Polish query, its lemmas over the Polish lemma fields
  (``lemma_match``) at full weight (a ``bool`` of ``should`` alternatives, one required);
- each quoted phrase as a required ``multi_match`` of type ``phrase`` over every text field;
- the recognised words (type, segment, stage names) as optional text, and the recognised
  type/segment/stage as multiplicative boosts (``function_score`` filter functions:
  ``TYPE_BOOST * SEGMENT_BOOST * STAGE_BOOST`` for an asset having all three).
  A query made only of recognised words matches assets having any of them.

Typo corrections (``visible_corrections``): the term suggester reads the whole index, so
a word only a restricted asset contains could be offered to anyone. Its candidates are
therefore checked against what the searcher may see (one ``terminate_after=1`` count per
candidate under the visibility filters) and the first visible one wins.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from elasticsearch.dsl import Q, Search

from search.backends.base import Audience
from search.backends.elasticsearch.clauses import (
    TEXT_FIELDS,
    lemma_match,
    text_match,
    visibility_body,
)
from search.understanding import UnderstoodQuery

SYNONYM_BOOST = 0.6
RECOGNISED_BOOST = 0.3
TYPE_BOOST = 4.0
SEGMENT_BOOST = 4.0
STAGE_BOOST = 2.0
CANDIDATES_PER_WORD = 3


def _boosted(query: Q, boost: float) -> Q:
    body = query.to_dict()
    name = next(iter(body))
    return Q({name: {**body[name], "boost": boost}})


def understood_relevance(understood: UnderstoodQuery) -> Q:
    """Which documents ``understood`` matches and how they score (see module doc)."""
    if understood.is_empty:
        # Browse on an empty text; text with no words at all (a lone quote) matches nothing.
        return Q("match_none") if understood.original else Q("match_all")
    must: list[Q] = []
    if understood.text:
        alternatives = [text_match(understood.text)]
        alternatives += [
            _boosted(text_match(variant), SYNONYM_BOOST) for variant in understood.variants
        ]
        if understood.lemmas:
            alternatives.append(lemma_match(understood.lemmas))
        must.append(
            alternatives[0]
            if len(alternatives) == 1
            else Q("bool", should=alternatives, minimum_should_match=1)
        )
    must += [
        Q("multi_match", query=phrase, fields=TEXT_FIELDS, type="phrase")
        for phrase in understood.phrases
    ]
    should: list[Q] = []
    if understood.recognised:
        should.append(
            Q(
                "multi_match",
                query=" ".join(understood.recognised),
                fields=TEXT_FIELDS,
                boost=RECOGNISED_BOOST,
            )
        )
    boosts = [
        (Q("terms", type=list(understood.types)), TYPE_BOOST),
        (Q("terms", segments=list(understood.segments)), SEGMENT_BOOST),
        (Q("terms", stages=list(understood.stages)), STAGE_BOOST),
    ]
    boosts = [
        (clause, weight)
        for clause, weight in boosts
        if next(iter(clause.to_dict()["terms"].values()))
    ]
    if not must:
        # Only recognised words: assets of that type/segment/stage, or mentioning them.
        should += [Q("constant_score", filter=clause, boost=1.0) for clause, _ in boosts]
    if len(must) == 1 and not should and not boosts:
        return must[0]
    core = Q("bool", must=must, should=should, minimum_should_match=0 if must else 1)
    if not boosts:
        return core
    return Q(
        "function_score",
        query=core,
        functions=[{"filter": clause, "weight": weight} for clause, weight in boosts],
        score_mode="multiply",
        boost_mode="multiply",
    )


@lru_cache(maxsize=1024)
def relevance_body(understood: UnderstoodQuery) -> dict[str, Any]:
    """``understood_relevance`` as request JSON, built once per understood query and
    shared by the requests of a search (hits, counts, kNN tagging): the text part is the
    only part of a request that depends on the words. Shared: never mutated."""
    return understood_relevance(understood).to_dict()


def typo_candidates(counts: dict, present: dict[str, int]) -> dict[str, list[str]]:
    """Words of the query found in no visible document, with the suggester's indexed
    terms for each, best first (similarity, then frequency, across fields); ``counts`` is
    the response (JSON) of ``query.suggest_body``."""
    options: dict[str, dict[str, tuple[float, int]]] = {}
    for entries in (counts.get("suggest") or {}).values():
        for entry in entries:
            word = entry["text"]
            if present.get(word, 1) > 0:
                continue
            for option in entry["options"]:
                best = options.setdefault(word, {})
                rank = (option["score"], option["freq"])
                if rank > best.get(option["text"], (0.0, 0)):
                    best[option["text"]] = rank
    return {
        word: sorted(ranked, key=lambda text: ranked[text], reverse=True)[:CANDIDATES_PER_WORD]
        for word, ranked in options.items()
    }


def visible_word_check_body(word: str, audience: Audience) -> dict[str, Any]:
    """Whether ``word`` occurs in a document ``audience`` may see (stops at the first),
    as request JSON."""
    return {
        "query": {
            "bool": {
                "must": [{"multi_match": {"query": word, "fields": TEXT_FIELDS}}],
                "filter": list(visibility_body(audience)),
            }
        },
        "size": 0,
        "track_total_hits": 1,
        "terminate_after": 1,
    }


def build_visible_word_check(word: str, audience: Audience) -> Search:
    """``visible_word_check_body`` as an ``elasticsearch.dsl`` request."""
    return Search().update_from_dict(visible_word_check_body(word, audience))
