"""Search fixtures: a backend per test (database or a real Elasticsearch), a unique index
prefix per test session, and writes refreshed at once so tests need no sleeps."""

from __future__ import annotations

import contextlib
import os
import uuid

import pytest

from tests.conftest import require_server

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
SESSION_PREFIX = (
    f"{os.environ.get('ELASTICSEARCH_INDEX_PREFIX', 'enablement')}-test-{uuid.uuid4().hex[:8]}"
)
DATABASE = "search.backends.database.DatabaseBackend"
ELASTICSEARCH = "search.backends.elasticsearch.ElasticsearchBackend"


def elasticsearch_available(url: str) -> tuple[bool, str]:
    if not url:
        return False, "ELASTICSEARCH_URL is not set"
    from search.backends.elasticsearch import ElasticsearchBackend

    try:
        available = ElasticsearchBackend(url=url, prefix=SESSION_PREFIX).is_available()
    except Exception as error:  # pragma: no cover - reported as the reason
        return False, str(error)
    return available, f"no cluster health from {url}"


def require_elasticsearch() -> None:
    available, reason = elasticsearch_available(ES_URL)
    require_server("Elasticsearch", available, reason)


@pytest.fixture(autouse=True)
def _search_settings(settings):
    settings.ENABLEMENT_SEARCH_REFRESH = True
    settings.ELASTICSEARCH_INDEX_PREFIX = SESSION_PREFIX
    # Without a server configured, the suite still runs on the database backend.
    settings.ENABLEMENT_SEARCH_BACKEND = DATABASE
    # Query understanding caches what a rolled-back test created; start each test afresh.
    from search.spelling import spelling_vocabulary_clear
    from search.understanding import understanding_vocabulary_clear

    understanding_vocabulary_clear()
    spelling_vocabulary_clear()


@pytest.fixture(scope="session", autouse=True)
def _drop_test_indices():
    yield
    if not ES_URL:
        return
    from search.backends.elasticsearch import client_for

    with contextlib.suppress(Exception):
        client = client_for(ES_URL)
        # the server refuses wildcard deletes (destructive_requires_name): list, then delete
        names = list(client.indices.get(index=f"{SESSION_PREFIX}-*"))
        if names:
            client.options(ignore_status=404).indices.delete(index=",".join(names))


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, settings, db):
    """The search backend under contract test, with an empty index, chosen by settings."""
    from search.backends.base import get_search_backend

    if request.param == "elasticsearch":
        if request.node.get_closest_marker("elasticsearch") is None:
            request.node.add_marker(pytest.mark.elasticsearch)
        require_elasticsearch()
        settings.ELASTICSEARCH_URL = ES_URL
        settings.ENABLEMENT_SEARCH_BACKEND = ELASTICSEARCH
    else:
        settings.ENABLEMENT_SEARCH_BACKEND = DATABASE
    chosen = get_search_backend()
    chosen.reset_index()
    return chosen


@pytest.fixture
def elasticsearch_backend(settings, db):
    require_elasticsearch()
    from search.backends.base import get_search_backend

    settings.ELASTICSEARCH_URL = ES_URL
    settings.ENABLEMENT_SEARCH_BACKEND = ELASTICSEARCH
    chosen = get_search_backend()
    chosen.reset_index()
    return chosen


@pytest.fixture
def reindex():
    """Sync every asset (live ones in, the rest out), as the tasks would on commit."""
    from content.models import AssetPage
    from search.services import assets_sync

    def run():
        return assets_sync(asset_ids=AssetPage.objects.values_list("pk", flat=True))

    return run


def expect_failure_without(request, backend, feature: str, reason: str) -> None:
    """Mark this test ``xfail(strict=True)`` on a backend lacking ``feature`` (as Wagtail's
    ``expectedFailure`` in its BackendTests): it must fail there, and pass elsewhere."""
    if not getattr(backend, feature):
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=reason))
