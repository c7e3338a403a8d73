""" "Not expired yet" on Elasticsearch is ``expire_at`` after now rounded *up* to the next
minute, sent as a literal instant (``clauses.expiry_cutoff``): an asset is hidden up to a
minute before it expires, never shown after, and the request stays cacheable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from search.backends.base import SearchQuery
from search.backends.elasticsearch import clauses
from search.backends.elasticsearch.clauses import expiry_cutoff
from search.services import assets_search
from tests.factories import CaseStudyPageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.parametrize("search_backend", ["elasticsearch"], indirect=True),
]


def test_an_asset_expiring_within_the_minute_is_already_hidden(
    backend, reindex, sales_user, monkeypatch
):
    # given Elasticsearch's clock at 10 s past a minute (ten minutes from now, so every
    # asset below is still live when indexed)
    now = datetime.now(UTC).replace(second=10, microsecond=0) + timedelta(minutes=10)
    monkeypatch.setattr(clauses, "expiry_cutoff", lambda at=None: expiry_cutoff(now))
    CaseStudyPageFactory(title="Quokka story without expiry")
    CaseStudyPageFactory(
        title="Quokka story expiring in 30 s", expire_at=now + timedelta(seconds=30)
    )
    CaseStudyPageFactory(title="Quokka story expired 1 s ago", expire_at=now - timedelta(seconds=1))
    CaseStudyPageFactory(
        title="Quokka story expiring in 2 minutes", expire_at=now + timedelta(minutes=2)
    )
    reindex()

    # when a sales rep searches, counts and asks for suggestions
    results, _ = assets_search(query=SearchQuery(text="quokka story", user=sales_user), log=False)
    suggestions = backend.suggest(text="quokka", user=sales_user)

    # then the one expiring within the minute is hidden as the expired one is
    expected = {"Quokka story without expiry", "Quokka story expiring in 2 minutes"}
    assert {hit.title for hit in results.hits} == expected
    assert results.total == 2
    assert sum(value.count for value in results.facets["type"].values) == 2
    assert {suggestion.title for suggestion in suggestions} == expected


def test_the_counting_request_is_served_from_the_request_cache_with_expiring_assets(
    backend, reindex, sales_user, monkeypatch
):
    # given an index holding an asset that expires (a literal `now` made every request
    # touching it uncacheable) and one that does not
    CaseStudyPageFactory(title="Wombat story", expire_at=datetime.now(UTC) + timedelta(days=1))
    CaseStudyPageFactory(title="Wombat story that stays")
    reindex()
    query = SearchQuery(text="wombat", user=sales_user)

    def cache():
        stats = backend.client.indices.stats(index=backend.alias, metric="request_cache")
        return stats["_all"]["total"]["request_cache"]["hit_count"]

    # when the same search runs twice within one minute
    cutoff = expiry_cutoff()
    monkeypatch.setattr(clauses, "expiry_cutoff", lambda at=None: cutoff)
    backend.search(query)
    before = cache()
    results = backend.search(query)

    # then the second one's counts came from the cache
    assert results.total == 2
    assert cache() > before
