"""The request JSON the Elasticsearch backend sends is the ``elasticsearch.dsl`` request
the pins in ``test_build_search.py`` read, and its prebuilt parts never carry one
search's values into the next (offline: no server, no database)."""

from __future__ import annotations

import json

import pytest

from search.backends.base import Audience, SearchQuery
from search.backends.elasticsearch import clauses
from search.backends.elasticsearch.query import (
    build_counts,
    build_decorations,
    build_search,
    counts_body,
    decorations_body,
    search_body,
)
from search.backends.elasticsearch.understanding import (
    build_visible_word_check,
    visible_word_check_body,
)
from search.documents import EVERYONE
from search.understanding import UnderstoodQuery

SALES_REP = Audience(member=True, groups=frozenset({"Sales"}))
MARKETING = Audience(member=True, sees_all=True)
OUTSIDER = Audience(member=False)
UNDERSTOOD = UnderstoodQuery(
    original="roi deck retail",
    text="roi",
    variants=("business case",),
    types=("presentation",),
    segments=("Retail",),
    recognised=("deck", "retail"),
)


@pytest.fixture(autouse=True)
def _one_minute(monkeypatch):
    """Both requests of a comparison see the same expiry cutoff, even across a minute."""
    cutoff = clauses.expiry_cutoff()
    monkeypatch.setattr(clauses, "expiry_cutoff", lambda at=None: cutoff)


def as_json(body) -> str:
    return json.dumps(body, sort_keys=True)


QUERIES = [
    SearchQuery(text="pricing", audience=SALES_REP),
    SearchQuery(text="healthcare onboarding", audience=MARKETING, page=3),
    SearchQuery(text='"prior authorization" roi', audience=SALES_REP, segments=("Retail",)),
    SearchQuery(
        text="integration",
        audience=SALES_REP,
        segments=("Retail", "Enterprise"),
        stages=("Demo",),
        types=("presentation",),
        languages=("pl",),
    ),
    SearchQuery(text="", audience=SALES_REP, segments=("Retail",)),
    SearchQuery(text="pricing", audience=OUTSIDER),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: query.text or "browse")
@pytest.mark.parametrize("decorated", [True, False])
def test_hits_body_is_the_dsl_request(query, decorated):
    sent = search_body(query, decorated=decorated)
    assert as_json(sent) == as_json(build_search(query, decorated=decorated).to_dict())
    # undecorated (hybrid's window): ids only, the page's documents come later
    assert bool(sent["_source"]) == decorated and sent["track_total_hits"] is False
    assert ("highlight" in sent) == bool(query.text and decorated)


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: query.text or "browse")
def test_counts_body_is_the_dsl_request(query):
    sent = counts_body(query)
    assert as_json(sent) == as_json(build_counts(query).to_dict())
    assert sent["size"] == 0 and sent["track_total_hits"] is True
    assert "suggest" not in sent


def test_understood_queries_and_decorations_and_word_checks_are_the_dsl_requests():
    query = SearchQuery(text="roi deck retail", audience=SALES_REP)
    assert as_json(search_body(query, understood=UNDERSTOOD)) == as_json(
        build_search(query, understood=UNDERSTOOD).to_dict()
    )
    assert as_json(counts_body(query, understood=UNDERSTOOD)) == as_json(
        build_counts(query, understood=UNDERSTOOD).to_dict()
    )
    assert as_json(
        decorations_body([7, 3], text="roi", understood=UNDERSTOOD, audience=SALES_REP)
    ) == as_json(
        build_decorations([7, 3], text="roi", understood=UNDERSTOOD, audience=SALES_REP).to_dict()
    )
    assert as_json(visible_word_check_body("pricing", SALES_REP)) == as_json(
        build_visible_word_check("pricing", SALES_REP).to_dict()
    )


def test_prebuilt_parts_keep_no_values_of_an_earlier_search():
    # given: a search with every facet chosen, then one with none, for two audiences
    busy = QUERIES[3]
    plain = SearchQuery(text="integration", audience=SALES_REP)
    first = as_json(counts_body(plain))
    search_body(busy)
    counts_body(busy)
    build_search(busy).to_dict()
    counts_body(
        SearchQuery(text="integration", audience=Audience(member=True, groups=frozenset({"EMEA"})))
    )

    # then: the plain search's request is as before, with no facet or group of the others
    again = counts_body(plain)
    assert as_json(again) == first
    assert "post_filter" not in again
    assert sorted(again["aggs"]) == ["language", "segment", "stage", "type"]
    assert all("terms" in aggregation for aggregation in again["aggs"].values())
    groups = [
        clause["terms"]["groups"]
        for clause in search_body(plain)["query"]["bool"]["filter"]
        if "terms" in clause
    ]
    assert groups == [[EVERYONE, "Sales"]]
