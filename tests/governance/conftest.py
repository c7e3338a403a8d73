"""Governance fixtures: approvers, a search backend per test (database or a real
Elasticsearch), and on-commit callbacks run so signals reach search as in production."""

from __future__ import annotations

import pytest

from content.groups import MARKETING
from enablement.governance.workflow import APPROVERS
from tests.factories import UserFactory

DATABASE = "search.backends.database.DatabaseBackend"
ELASTICSEARCH = "search.backends.elasticsearch.ElasticsearchBackend"


@pytest.fixture
def approver_user(db):
    return UserFactory(username="ada", groups=[MARKETING, APPROVERS])


@pytest.fixture(params=["database", "elasticsearch"])
def search_backend(request, settings, db):
    """The configured search backend with an empty index (as search's contract tests)."""
    from search.backends.base import get_search_backend
    from tests.search.conftest import ES_URL, SESSION_PREFIX, require_elasticsearch

    settings.ENABLEMENT_SEARCH_REFRESH = True
    settings.ELASTICSEARCH_INDEX_PREFIX = SESSION_PREFIX
    if request.param == "elasticsearch":
        request.node.add_marker(pytest.mark.elasticsearch)
        require_elasticsearch()
        settings.ELASTICSEARCH_URL = ES_URL
        settings.ENABLEMENT_SEARCH_BACKEND = ELASTICSEARCH
    else:
        settings.ENABLEMENT_SEARCH_BACKEND = DATABASE
    backend = get_search_backend()
    backend.reset_index()
    return backend
