"""An indexed asset whose ``expire_at`` passes is gone from search and suggestions at once,
on every backend, before the sweep or the scheduler has removed it from the index."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from search.backends.base import SearchQuery
from search.backends.elasticsearch import clauses
from search.selectors import asset_suggestions
from search.services import assets_search
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db

# Long enough to index and search once first on a busy machine (2 s was not).
LAPSES_IN = datetime.timedelta(seconds=15)


def test_asset_past_its_expire_at_is_not_found_before_the_sweep(
    backend, reindex, sales_user, monkeypatch
):
    # Elasticsearch compares expire_at with now rounded up to the minute, so it hides an
    # asset up to a minute early (test_elasticsearch_expiry.py); here, the exact instant:
    # what is checked is that the index compares at read time, with no re-indexing.
    monkeypatch.setattr(
        clauses,
        "expiry_cutoff",
        lambda at=None: datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
    )
    # given two indexed assets, one of which expires in a moment
    CaseStudyPageFactory(title="Nimbus onboarding story")
    lapsing = CaseStudyPageFactory(
        title="Nimbus pricing story", expire_at=timezone.now() + LAPSES_IN
    )
    reindex()
    query = SearchQuery(text="nimbus", user=sales_user)
    assert {hit.title for hit in backend.search(query).hits} == {
        "Nimbus onboarding story",
        "Nimbus pricing story",
    }
    # when its time passes (nothing re-indexes it)
    time.sleep(max(0.0, (lapsing.expire_at - timezone.now()).total_seconds()) + 0.2)
    # then neither the backend nor the search service nor suggestions return it
    assert {hit.title for hit in backend.search(query).hits} == {"Nimbus onboarding story"}
    results, _ = assets_search(query=query, log=False)
    assert {hit.title for hit in results.hits} == {"Nimbus onboarding story"}
    assert [s.title for s in asset_suggestions(text="nimbus", user=sales_user)] == [
        "Nimbus onboarding story"
    ]
