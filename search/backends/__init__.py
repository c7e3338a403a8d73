"""The backend lookup with the outage rule (DESIGN §4): search and suggestions run on the
configured backend; when its server cannot be reached (``SearchBackendUnavailable``, and
only then) the database backend answers and the results say so (``backend`` is
``"database"``, ``fallback`` is true). Views and the API call these, never a backend by
name."""

from __future__ import annotations

import logging

from search.backends.base import (
    SUGGEST_LIMIT,
    SearchBackend,
    SearchBackendUnavailable,
    SearchQuery,
    SearchResults,
    Suggestion,
    get_search_backend,
)

logger = logging.getLogger(__name__)


def fallback_backend() -> SearchBackend:
    """The database backend: Wagtail's own index, always at hand."""
    from search.backends.database import DatabaseBackend

    return DatabaseBackend()


def search_run(query: SearchQuery) -> SearchResults:
    """``query`` on the configured backend, or on the database while it is unreachable."""
    try:
        return get_search_backend().search(query)
    except SearchBackendUnavailable as error:
        logger.warning("search backend unavailable, answering from the database: %s", error)
        results = fallback_backend().search(query)
        results.fallback = True
        return results


def suggest_run(*, text: str, user, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
    """Title suggestions from the configured backend, or the database while it is down."""
    try:
        return get_search_backend().suggest(text=text, user=user, limit=limit)
    except SearchBackendUnavailable:
        return fallback_backend().suggest(text=text, user=user, limit=limit)
