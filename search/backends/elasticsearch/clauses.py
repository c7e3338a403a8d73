"""The building blocks of every Elasticsearch request: which fields are searched and
how they weigh, who may see what (visibility), the facet filters, and the ranking.

Ranking (``function_score``, score_mode=sum, boost_mode=multiply)::

    score = relevance * (1
                         + 0.5 · log10(1 + deals_won)
                         + 0.2 · log10(1 + deals_influenced)
                         + 0.3 · win_rate                       (0 when unknown)
                         + 0.2 · log10(1 + uses_30d)
                         + 0.3 · gauss(published_at; now, offset 30 d, scale 180 d, 0.5))

    so an asset in 9 won deals (of 9 influenced) with a 60 % win rate, used 9 times this
    month and published last week gets 2.4 times its text relevance, while an equally
    relevant unused, year-old asset gets 1.03 times: relevance still dominates (the
    multiplier stays between 1 and about 3). Text queries apply it to the 200 most
    relevant matches (rescore); an empty query applies it to every visible asset, so the
    library browses best-performing and freshest first.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from elasticsearch.dsl import Q

from search.backends.base import Audience, SearchQuery
from search.documents import EVERYONE

TEXT_FIELDS = [
    "title^5",
    "details^3",
    "summary^3",
    "keywords^2",
    "body^1.5",
    "attachment_text^1",
]
# Phrases over short fields only: positions over bodies of every match cost more than
# the rest of the query.
PHRASE_FIELDS = ["title^5", "details^3", "summary^3"]
SUGGEST_FIELDS = ["title", "summary", "details", "keywords", "body", "attachment_text"]
RESCORE_WINDOW = 200
HIGHLIGHT_FIELDS = ["summary", "details", "body", "attachment_text"]
MINIMUM_SHOULD_MATCH = "1<-1 4<75%"
FACET_INDEX_FIELDS = {
    "segment": "segments",
    "stage": "stages",
    "type": "type",
    "language": "language",
}
FILTER_INDEX_FIELDS = FACET_INDEX_FIELDS
FACET_SIZE = 50
SOURCE_FIELDS = [
    "id",
    "title",
    "type",
    "url",
    "summary",
    "segments",
    "stages",
    "deals_won",
    "deals_influenced",
    "win_rate",
    "uses_30d",
]

RANKING_FUNCTIONS: list[dict[str, Any]] = [
    {"weight": 1},
    {
        "field_value_factor": {"field": "deals_won", "modifier": "log1p", "missing": 0},
        "weight": 0.5,
    },
    {
        "field_value_factor": {"field": "deals_influenced", "modifier": "log1p", "missing": 0},
        "weight": 0.2,
    },
    {
        "field_value_factor": {"field": "win_rate", "modifier": "none", "missing": 0},
        "weight": 0.3,
    },
    {
        "field_value_factor": {"field": "uses_30d", "modifier": "log1p", "missing": 0},
        "weight": 0.2,
    },
    {
        "gauss": {
            "published_at": {"origin": "now", "offset": "30d", "scale": "180d", "decay": 0.5}
        },
        "weight": 0.3,
    },
]


_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()[:200]


def expiry_cutoff(now: datetime | None = None) -> str:
    """The instant "not expired yet" is tested against: ``now`` rounded *up* to the next
    whole minute (UTC, ISO 8601), so an asset is hidden up to a minute before its
    ``expire_at``, never shown after it.

    A literal instant, not Elasticsearch date math: a request that reads ``now``, rounded
    (``now/m``, ``now+1m/m``) or not, is never served from the shard request cache once
    the index holds an asset that expires (measured on 9.2), so every counting request
    and word check ran afresh. The same body for a minute is what lets repeats of a
    search be answered from the cache."""
    now = now or datetime.now(UTC)
    floor = now.astimezone(UTC).replace(second=0, microsecond=0)
    cutoff = floor if floor == now else floor + timedelta(minutes=1)
    return cutoff.strftime("%Y-%m-%dT%H:%M:%SZ")


def visibility_filters(audience: Audience, *, cutoff: str | None = None) -> list[Q]:
    """Filters every search and suggestion carries: who may see it, and not expired
    (``expire_at`` after ``expiry_cutoff()``, or none)."""
    if not audience.member:
        return [Q("match_none")]
    filters = [
        Q(
            "bool",
            should=[
                ~Q("exists", field="expire_at"),
                Q("range", expire_at={"gt": cutoff or expiry_cutoff()}),
            ],
            minimum_should_match=1,
        )
    ]
    if not audience.sees_all:
        filters.append(Q("terms", groups=[EVERYONE, *sorted(audience.groups)]))
    return filters


def visibility_body(audience: Audience) -> tuple[dict[str, Any], ...]:
    """``visibility_filters`` as request JSON, built once per audience and minute (a
    user's groups change rarely; the same few group sets search all day). Shared: never
    mutated."""
    return _visibility_body(audience, expiry_cutoff())


@lru_cache(maxsize=256)
def _visibility_body(audience: Audience, cutoff: str) -> tuple[dict[str, Any], ...]:
    return tuple(clause.to_dict() for clause in visibility_filters(audience, cutoff=cutoff))


def _chosen_facets(query: SearchQuery) -> dict[str, dict[str, list[str]]]:
    """Each facet the query filters by, as (index field, chosen values)."""
    values = {
        "segment": query.segments,
        "stage": query.stages,
        "type": query.types,
        "language": query.languages,
    }
    return {
        name: {FILTER_INDEX_FIELDS[name]: list(chosen)} for name, chosen in values.items() if chosen
    }


def facet_filters(query: SearchQuery) -> dict[str, Q]:
    return {name: Q("terms", **terms) for name, terms in _chosen_facets(query).items()}


def facet_bodies(query: SearchQuery) -> dict[str, dict[str, Any]]:
    """``facet_filters`` as request JSON (``terms`` filters, built without the DSL)."""
    return {name: {"terms": terms} for name, terms in _chosen_facets(query).items()}


def text_match(text: str) -> Q:
    """Which documents a text matches: every word in any field (``cross_fields``), all
    of one or two words... (``MINIMUM_SHOULD_MATCH``). Exact terms only: typos are
    corrected before searching (see ``_visible_corrections``), which keeps the query cheap
    (fuzzy expansion over six fields cost ~5x the whole search at 100,000 assets)."""
    return Q(
        "multi_match",
        query=text,
        fields=TEXT_FIELDS,
        type="cross_fields",
        minimum_should_match=MINIMUM_SHOULD_MATCH,
    )


LEMMA_FIELDS = ["title_pl^5", "text_pl^2"]


def lemma_match(lemmas: str) -> Q:
    """A Polish query's lemmas against Polish assets' lemma fields (``search/polish.py``),
    with the same word rules as ``text_match``."""
    return Q(
        "multi_match",
        query=lemmas,
        fields=LEMMA_FIELDS,
        type="cross_fields",
        minimum_should_match=MINIMUM_SHOULD_MATCH,
    )


def phrase_boost(text: str) -> Q:
    return Q("multi_match", query=text, fields=PHRASE_FIELDS, type="phrase", slop=2, boost=2)


def ranking(query: Q) -> Q:
    return Q(
        "function_score",
        query=query,
        functions=RANKING_FUNCTIONS,
        score_mode="sum",
        boost_mode="multiply",
    )


# The ranking of every asset, as request JSON (a rescore query: the same on every request).
RANKING_RESCORE: dict[str, Any] = ranking(Q("match_all")).to_dict()
