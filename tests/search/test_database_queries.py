"""The database backend's search runs a fixed number of queries, however many assets
match (30 vs 300 here; issue 12: no per-candidate work): facets are GROUP BY counts,
filters and the boost/title-word ordering are SQL, only the page shown is loaded. Runs on
PostgreSQL (scale env) and SQLite (embedded env) alike."""

from __future__ import annotations

import random

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.groups import SALES
from content.models import SegmentTag
from tests.bench.search.test_benchmark import SEGMENTS, generate_assets

pytestmark = pytest.mark.django_db

SEARCHES = {
    "text": {"q": "platform"},
    "text, filtered": {"q": "platform", "segment": ["Enterprise", "Retail", "SMB"]},
    "recognised words": {"q": "enterprise case study"},
    "typo": {"q": "platfrom"},
    "browse": {},
    "browse, filtered": {"segment": ["Enterprise", "Retail", "SMB"], "type": "case_study"},
}


def _grow(library, rng, *, to: int, have: int) -> None:
    from search.backends.database import DatabaseBackend
    from search.documents import indexable_asset_batches

    generate_assets(library=library, count=to - have, start=have, rng=rng)
    backend = DatabaseBackend()
    for batch in indexable_asset_batches(batch_size=500):
        backend.bulk_index(batch)


def _measure(api) -> dict[str, tuple[int, int]]:
    """Per search: (queries run, results counted)."""
    from search.spelling import spelling_vocabulary_clear
    from search.understanding import understanding_vocabulary_clear

    measured = {}
    for name, params in SEARCHES.items():
        # Fresh vocabularies (their 10 s lifetime must not end between warm-up and count).
        understanding_vocabulary_clear()
        spelling_vocabulary_clear()
        assert api.get("/api/v1/search/", params).status_code == 200  # warm caches
        with CaptureQueriesContext(connection) as queries:
            response = api.get("/api/v1/search/", params)
        assert response.status_code == 200, response.content
        measured[name] = (len(queries), response.json()["count"])
    return measured


def test_database_search_queries_do_not_grow_with_the_matches(library, api):
    Group.objects.get_or_create(name=SALES)
    for name in SEGMENTS:
        SegmentTag.objects.get_or_create(
            name=name, defaults={"slug": name.lower().replace(" ", "-")}
        )
    rng = random.Random(7)
    _grow(library, rng, to=30, have=0)
    small = _measure(api)
    _grow(library, rng, to=300, have=30)
    large = _measure(api)

    # Every search takes the same path at both sizes (enough matches to skip the spelling
    # check, a non-empty page), with ten times the matches at the larger size.
    assert all(small[name][1] >= 3 for name in SEARCHES if name != "typo"), small
    assert large["text"][1] > 5 * small["text"][1]
    assert large["browse"][1] == 300
    assert {name: queries for name, (queries, _) in large.items()} == {
        name: queries for name, (queries, _) in small.items()
    }


TITLES = [
    "Questions about pricing",
    "Customer's ROI in 30 days",
    "Mid-Market onboarding playbook",
    "'Pricing' in quotes",
    "Price list",
    "Analytical dashboards for banks",
    "Wdrożenie w 30 dni",
    "ŻADEN problem z wdrożeniem",
    "Repricing explained",
    "Quest for integration",
]
WORDS = [
    ["question"],
    ["questions", "pricing"],
    ["customer's", "roi"],
    ["customer"],
    ["market", "onboard"],
    ["pricing"],
    ["prices"],
    ["analytics", "dashboard"],
    ["wdrożenie"],
    ["żaden", "problemy"],
    ["quest"],
    ["integrations"],
]


def test_title_words_in_sql_count_as_title_word_count(library):
    """The SQL title-word count (the ordering's second key) equals the Python definition
    it replaced, on tricky titles: apostrophes, hyphens, quotes, Polish letters and case,
    a query word longer than the title's ("questions" finds "Questions"/"Quest" only as
    ``title_word_count`` says)."""
    from content.models import AssetPage
    from search.backends.database_sql import title_words
    from search.backends.database_text import title_word_count
    from tests.factories import CaseStudyPageFactory

    for title in TITLES:
        CaseStudyPageFactory(title=title)
    for words in WORDS:
        in_sql = dict(AssetPage.objects.annotate(n=title_words(words)).values_list("title", "n"))
        assert in_sql == {title: title_word_count(title, words) for title in TITLES}, words
