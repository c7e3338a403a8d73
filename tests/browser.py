"""Debian's Chromium as every browser test and the README screenshots launch it, and the
search index the browser tests that search use."""

import os
import uuid

import pytest

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling Google's hosts, which
# this closed network refuses many times a second.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(name="search_backend")
def e2e_search_backend(settings):
    """The configured backend with a fresh index of its own (Elasticsearch when
    ELASTICSEARCH_URL is set, refreshed on write so nothing waits), dropped afterwards."""
    from search.backends.base import get_search_backend

    es_url = os.environ.get("ELASTICSEARCH_URL", "")
    settings.ENABLEMENT_SEARCH_REFRESH = True
    if es_url:
        from tests.conftest import require_elasticsearch

        require_elasticsearch()
        settings.ELASTICSEARCH_URL = es_url
        prefix = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "enablement")
        settings.ELASTICSEARCH_INDEX_PREFIX = f"{prefix}-e2e-{uuid.uuid4().hex[:8]}"
        settings.ENABLEMENT_SEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"
    else:
        settings.ENABLEMENT_SEARCH_BACKEND = "search.backends.database.DatabaseBackend"
    backend = get_search_backend()
    backend.reset_index()
    yield backend
    if es_url:
        backend.drop()
