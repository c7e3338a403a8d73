"""Search fixtures: settings every search test starts from, and indexing as the tasks
would. The backend itself is ``search_backend`` (alias ``backend``) in tests/conftest.py."""

from __future__ import annotations

import pytest

from tests.conftest import DATABASE_BACKEND, SESSION_PREFIX


@pytest.fixture(autouse=True)
def _search_settings(settings):
    settings.ENABLEMENT_SEARCH_REFRESH = True
    settings.ELASTICSEARCH_INDEX_PREFIX = SESSION_PREFIX
    # Without a server configured, the suite still runs on the database backend.
    settings.ENABLEMENT_SEARCH_BACKEND = DATABASE_BACKEND
    # Query understanding caches what a rolled-back test created; start each test afresh.
    from search.spelling import spelling_vocabulary_clear
    from search.understanding import understanding_vocabulary_clear

    understanding_vocabulary_clear()
    spelling_vocabulary_clear()


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
