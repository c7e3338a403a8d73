"""Content gaps: zero-result searches (search) and open content requests (governance)."""

from __future__ import annotations

import datetime
import logging

from django.db.models import Count

from enablement.governance.models import ContentRequest
from enablement.governance.selectors import content_requests_open
from enablement.insights.selectors.results import ContentGaps
from search.selectors import zero_result_queries

logger = logging.getLogger(__name__)


def content_gaps(*, since: datetime.date, until: datetime.date, limit: int = 10) -> ContentGaps:
    """Zero-result queries (search app) and open content requests (governance).

    A failure of the search analytics shows as "not available" rather than as zero gaps
    and does not take the dashboard down.
    """
    queries = []
    queries_available = False
    try:
        queries = zero_result_queries(since=since, until=until, limit=limit)
        queries_available = True
    except Exception:  # another app's failure must not take the dashboard down
        logger.exception("zero_result_queries failed")
    open_requests, by_status = _content_requests()
    return ContentGaps(
        queries_available=queries_available,
        zero_result_queries=queries,
        requests_available=True,
        open_requests=open_requests,
        requests_by_status=by_status,
    )


def _content_requests() -> tuple[int, dict[str, int]]:
    """Open content requests and counts by status."""
    by_status = dict(
        ContentRequest.objects.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    labels = dict(ContentRequest.Status.choices)
    return (
        content_requests_open().count(),
        {labels.get(status, status): n for status, n in sorted(by_status.items())},
    )
