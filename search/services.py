"""Writes of the search app: index syncing, dirty flags, search and click logging."""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from content.models import AssetPage
from search.backends import search_run
from search.backends.base import (
    SearchBackend,
    SearchBackendUnavailable,
    SearchQuery,
    SearchResults,
    get_search_backend,
)
from search.models import DirtyAsset, SearchClick, SearchLog

logger = logging.getLogger(__name__)

QUEUE_CHUNK = 500
_NORMALISE_DROP = re.compile(r"[^\w\s'\-&+.]", re.UNICODE)


# ---------------------------------------------------------------------------
# Dirty flags and index sync
# ---------------------------------------------------------------------------


def assets_mark_dirty(*, asset_ids: Iterable[int]) -> None:
    """Flag assets whose search documents may be stale and queue their re-sync on commit.

    The flag is stored in the same transaction as the change, so even if the broker is
    down (or the task is lost) the periodic sweep re-syncs them later. Safe to call for
    deleted assets (their documents are removed).
    """
    ids = sorted({int(asset_id) for asset_id in asset_ids})
    if not ids:
        return
    now = timezone.now()
    DirtyAsset.objects.bulk_create(
        [DirtyAsset(asset_id=asset_id, marked_at=now) for asset_id in ids],
        update_conflicts=True,
        unique_fields=["asset_id"],
        update_fields=["marked_at"],
    )
    transaction.on_commit(lambda: _queue_sync(ids))


def _queue_sync(ids: list[int]) -> None:
    from search.tasks import sync_assets

    for start in range(0, len(ids), QUEUE_CHUNK):
        chunk = ids[start : start + QUEUE_CHUNK]
        try:
            sync_assets.delay(chunk)
        except Exception:  # broker down: the dirty flags stay, the sweep catches up
            logger.warning("could not queue search sync for %d assets", len(chunk), exc_info=True)


@dataclass
class SyncReport:
    indexed: int
    removed: int


def assets_sync(*, asset_ids: Iterable[int], backend: SearchBackend | None = None) -> SyncReport:
    """Make the index match the database for ``asset_ids``: upsert the live, unexpired ones,
    remove the rest. Idempotent. Clears their dirty flags unless they were re-marked
    meanwhile. Raises ``SearchBackendUnavailable`` (flags kept) when the server is down.
    """
    from search.backends.database import DatabaseBackend
    from search.documents import indexable_asset_batches
    from search.passages import passages_sync

    ids = sorted({int(asset_id) for asset_id in asset_ids})
    if not ids:
        return SyncReport(0, 0)
    started = timezone.now()
    backend = backend or get_search_backend()
    database = backend if isinstance(backend, DatabaseBackend) else DatabaseBackend()
    indexed: set[int] = set()
    try:
        for batch in indexable_asset_batches(asset_ids=ids):
            # Passages (and their embeddings) first: Elasticsearch documents carry them.
            passages_sync(assets=batch)
            if backend is not database:
                backend.bulk_index(batch)
            # The database backend (and the fallback) read Wagtail's index: refresh it too,
            # since extracted attachment text changes without a page save.
            database.bulk_index(batch)
            indexed.update(asset.pk for asset in batch)
        stale = [asset_id for asset_id in ids if asset_id not in indexed]
        if stale:
            backend.bulk_delete(stale)
            passages_sync(assets=[], removed_ids=stale)
    except SearchBackendUnavailable:
        DirtyAsset.objects.filter(asset_id__in=ids).update(attempts=F("attempts") + 1)
        raise
    DirtyAsset.objects.filter(asset_id__in=ids, marked_at__lte=started).delete()
    return SyncReport(indexed=len(indexed), removed=len(ids) - len(indexed))


def dirty_assets_sweep(*, limit: int = 2000) -> SyncReport:
    """Re-sync the oldest dirty assets; also flags live assets whose ``expire_at`` passed
    in the last day (Wagtail unpublishes them only when ``publish_scheduled`` runs)."""
    now = timezone.now()
    newly_expired = list(
        AssetPage.objects.filter(
            live=True, expire_at__lte=now, expire_at__gt=now - timedelta(days=1)
        ).values_list("pk", flat=True)
    )
    if newly_expired:
        DirtyAsset.objects.bulk_create(
            [DirtyAsset(asset_id=asset_id, marked_at=now) for asset_id in newly_expired],
            update_conflicts=True,
            unique_fields=["asset_id"],
            update_fields=["marked_at"],
        )
    ids = list(DirtyAsset.objects.order_by("marked_at").values_list("asset_id", flat=True)[:limit])
    return assets_sync(asset_ids=ids)


# ---------------------------------------------------------------------------
# Searching and analytics
# ---------------------------------------------------------------------------


def search_query_normalise(text: str) -> str:
    """Lower case, punctuation dropped, spaces collapsed: how queries are grouped."""
    cleaned = _NORMALISE_DROP.sub(" ", (text or "").lower())
    return " ".join(cleaned.split())[:200]


def assets_search(
    *, query: SearchQuery, source: str = SearchLog.Source.LIBRARY, log: bool = True
) -> tuple[SearchResults, SearchLog | None]:
    """Run ``query`` (``search_run``: the database answers while Elasticsearch is
    unreachable, and ``results.backend`` says which answered), and log it for search
    analytics. Returns the results and the log row (``None`` if not logged).
    """
    started = time.perf_counter()
    results = search_run(query)
    took_ms = int((time.perf_counter() - started) * 1000)
    entry = None
    if log:
        entry = search_log_record(
            query=query,
            result_count=results.total,
            backend=results.backend,
            source=source,
            took_ms=took_ms,
        )
    return results, entry


@contextlib.contextmanager
def _commit_without_waiting_for_disk() -> Iterator[None]:
    """A transaction whose commit does not wait for PostgreSQL to flush it to disk
    (``synchronous_commit = off`` for it alone): the search log is written on every search,
    and waiting for the flush was most of its cost (p50 4 ms against 0.8 ms here). The row
    is visible at once and survives any crash of ours; only a crash of the database server
    itself within ~0.6 s (three ``wal_writer_delay``) could lose it, never corrupt anything.
    Inside a caller's transaction (whose commit this would change too) and elsewhere
    (SQLite), nothing changes."""
    if connection.in_atomic_block or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def search_log_record(
    *, query: SearchQuery, result_count: int, backend: str, source: str, took_ms: int = 0
) -> SearchLog:
    user = query.user if getattr(query.user, "is_authenticated", False) else None
    with _commit_without_waiting_for_disk():
        return SearchLog.objects.create(
            query=search_query_normalise(query.text),
            raw_query=(query.text or "")[:500],
            filters={name: list(values) for name, values in query.filters().items()},
            result_count=result_count,
            page=query.page,
            user=user,
            backend=backend,
            source=source,
            took_ms=min(took_ms, 2**31 - 1),
        )


def search_click_record(
    *,
    asset_id: int,
    user,
    search_id: int | None = None,
    position: int | None = None,
    passage_id: int | None = None,
) -> SearchClick:
    """Record that ``user`` opened ``asset_id`` from a search or an answer's passage (a
    search not theirs, or a passage of another asset, is ignored, never trusted)."""
    from search.models import Passage

    search = None
    if search_id:
        search = SearchLog.objects.filter(pk=search_id, user=user).first()
    passage = None
    if passage_id:
        passage = Passage.objects.filter(pk=passage_id, asset_id=asset_id).first()
    return SearchClick.objects.create(
        search=search,
        asset_id=asset_id,
        passage=passage,
        position=position if position and position > 0 else None,
        user=user if getattr(user, "is_authenticated", False) else None,
    )


def library_question_ask(
    *,
    question: str,
    user,
    segments: tuple[str, ...] = (),
    stages: tuple[str, ...] = (),
    source: str = SearchLog.Source.LIBRARY,
):
    """Answer ``question`` from the library (``search.answers``) and log it: a question
    whose best passage scores below the threshold is logged as unanswered (a content gap).
    Returns the answers and the log row."""
    from search.answers import library_answers

    started = time.perf_counter()
    answers = library_answers(question=question, user=user, segments=segments, stages=stages)
    with _commit_without_waiting_for_disk():
        entry = SearchLog.objects.create(
            query=search_query_normalise(question),
            raw_query=question[:500],
            filters={
                name: list(values)
                for name, values in (("segment", segments), ("stage", stages))
                if values
            },
            result_count=len(answers.answers),
            user=user if getattr(user, "is_authenticated", False) else None,
            backend="answers",
            source=source,
            took_ms=int((time.perf_counter() - started) * 1000),
            question=True,
            answered=answers.answered,
            best_score=answers.best_score,
        )
    return answers, entry
