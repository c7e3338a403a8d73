"""Query understanding over the demo library, as a new user tries it on ``make run``.

The demo library is seeded once for the module (``seed_demo``'s own code, with its usage
history, synonyms and segment aliases; decks' text extracted) inside a transaction rolled
back at the end, then indexed on both backends. The database backend runs on whatever
database the suite runs on (SQLite for the embedded default, PostgreSQL in CI);
Elasticsearch runs when a server is configured.
"""

from __future__ import annotations

import os
import re

import pytest
from django.db import transaction
from django.test import override_settings

from content.groups import SALES
from search.backends.base import SearchQuery
from search.services import assets_search
from tests.conftest import require_server
from tests.factories import UserFactory

DATABASE = "search.backends.database.DatabaseBackend"
ELASTICSEARCH = "search.backends.elasticsearch.ElasticsearchBackend"
ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
PREFIX = f"{os.environ.get('ELASTICSEARCH_INDEX_PREFIX', 'enablement')}-understanding"

SECURITY_OBJECTION = '"We\'re worried about security and where our data lives"'
SECURITY_DECK = "Security and Compliance Overview"
PHI_OBJECTION = '"Can you handle protected health information?"'


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo library, seeded and indexed once; everything rolled back afterwards."""
    from content.demo.seeding import demo_seed
    from content.models import AssetDocument, AssetPage
    from content.services import document_extract_text
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.services import assets_sync

    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media,
            ENABLEMENT_SEARCH_BACKEND=DATABASE,
            ENABLEMENT_SEARCH_REFRESH=True,
            ELASTICSEARCH_URL=ES_URL,
            ELASTICSEARCH_INDEX_PREFIX=PREFIX,
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_seed(seed=42)
            for document in AssetDocument.objects.all():
                if document.extraction_status != AssetDocument.Extraction.DONE:
                    document_extract_text(document_id=document.pk)
            ids = list(AssetPage.objects.values_list("pk", flat=True))
            assets_sync(asset_ids=ids)
            elasticsearch = None
            if ES_URL:
                elasticsearch = ElasticsearchBackend()
                elasticsearch.reset_index()
                assets_sync(asset_ids=ids, backend=elasticsearch)
            yield
        finally:
            if ES_URL:
                ElasticsearchBackend().drop()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(params=["database", "elasticsearch"])
def backend_name(request, demo, settings, db):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT  # keep the module's files
    settings.ELASTICSEARCH_INDEX_PREFIX = PREFIX
    settings.ENABLEMENT_SEARCH_REFRESH = True
    if request.param == "elasticsearch":
        require_server("Elasticsearch", bool(ES_URL), "ELASTICSEARCH_URL is not set")
        settings.ELASTICSEARCH_URL = ES_URL
        settings.ENABLEMENT_SEARCH_BACKEND = ELASTICSEARCH
    else:
        settings.ENABLEMENT_SEARCH_BACKEND = DATABASE
    return request.param


@pytest.fixture
def rep(db):
    return UserFactory(username="new-rep", groups=[SALES])


def search(user, text, **filters):
    results, _ = assets_search(
        query=SearchQuery(text=text, user=user, page_size=10, **filters), log=False
    )
    return results


def titles(results):
    return [hit.title for hit in results.hits]


def test_security_objection_for_a_bank(backend_name, rep):
    results = search(rep, "security objection for a bank")

    assert results.backend == backend_name
    assert titles(results)[0] == SECURITY_OBJECTION
    assert SECURITY_DECK in titles(results)
    suggested = {(item.field, item.value) for item in results.suggested_filters}
    assert suggested == {("type", "objection"), ("segment", "Financial Services")}


def test_healthcare_case_study_boosts_type_and_segment_instead_of_requiring_them(backend_name, rep):
    results = search(rep, "healthcare case study")

    case_studies = [hit for hit in results.hits if hit.type == "case_study"]
    assert len(case_studies) >= 5
    first = results.hits[0]
    assert first.type == "case_study" and "Healthcare" in first.segments
    # healthcare case studies first, then the other case studies
    tiers = [
        (hit.type == "case_study") + ("Healthcare" in hit.segments) for hit in results.hits[:5]
    ]
    assert tiers == sorted(tiers, reverse=True)
    assert {(item.field, item.value) for item in results.suggested_filters} == {
        ("type", "case_study"),
        ("segment", "Healthcare"),
    }


def test_a_suggested_filter_already_applied_is_not_suggested_again(backend_name, rep):
    results = search(rep, "healthcare case study", types=("case_study",))

    assert {hit.type for hit in results.hits} == {"case_study"}
    assert [item.value for item in results.suggested_filters] == ["Healthcare"]


def test_misspelt_healthcare_shows_results_for_the_correction(backend_name, rep):
    results = search(rep, "helthcare")

    assert results.did_you_mean == "healthcare"
    assert results.total > 0
    assert "Healthcare" in results.hits[0].segments


def test_acronym_synonym_finds_the_spelled_out_objection(backend_name, rep):
    results = search(rep, "HIPAA")

    assert titles(results)[0] == PHI_OBJECTION


def _flat(text: str) -> str:
    return " ".join(re.sub(r"\W+", " ", text.lower()).split())


def test_quoted_words_are_a_phrase(backend_name, rep):
    from content.models import AssetPage
    from search.documents import asset_document

    loose = search(rep, "business case")
    phrase = search(rep, '"business case"')

    assert 0 < phrase.total < loose.total
    for hit in phrase.hits:
        document = asset_document(AssetPage.objects.get(pk=hit.id))
        text = " ".join(
            document[name] for name in ("title", "summary", "body", "details", "attachment_text")
        )
        assert "business case" in _flat(text), hit.title
