"""Per-page engagement on share links: the prospect's browser posts batches of page
timings; each batch is stored once (by its client ``batch_id``) and merged into a visit.

Counting rules live in the browser (``static/tracking/engagement.js``): time counts only
while the tab is visible and the reader gave input in the last 30 seconds. Here a batch
is validated item by item (one bad item rejects only itself) and activity within
``VISIT_GAP`` of a visit's last activity extends that visit; a longer pause starts a new
one (DocSend's definition of a visit).
"""

from __future__ import annotations

import datetime
import json
import math
import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import DocumentPage
from enablement.tracking.models import ShareLink, ShareLinkBeat, ShareLinkVisit
from enablement.tracking.parsing import parse_event_id

VISIT_GAP = datetime.timedelta(minutes=10)
MAX_ITEMS = 200
# The browser flushes every 15 s (and on leaving); one item never covers more than this.
MAX_ITEM_SECONDS = 600
MAX_PAGE = 2**31 - 1
MAX_BODY_BYTES = 64 * 1024

Errors = dict[str, list[str]]


@dataclass
class EngagementBatch:
    batch_id: uuid.UUID | None = None
    pages: dict[int, float] = field(default_factory=dict)
    errors: Errors = field(default_factory=dict)
    """Batch-level problems (the whole post is refused)."""
    rejected: list[dict] = field(default_factory=list)
    """``{"index", "errors"}`` per refused item."""


def _item_parse(item, *, page_count: int) -> tuple[tuple[int, float] | None, Errors]:
    if not isinstance(item, dict):
        return None, {"item": [_("Must be an object with page and seconds.")]}
    errors: Errors = {}
    page = item.get("page")
    if isinstance(page, bool) or not isinstance(page, int):
        errors["page"] = [_("Must be a whole number.")]
    elif not 1 <= page <= min(page_count, MAX_PAGE):
        errors["page"] = [_("No such page: pages are 1 to %(count)s.") % {"count": page_count}]
    seconds = item.get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        errors["seconds"] = [_("Must be a number.")]
    elif isinstance(seconds, float) and not math.isfinite(seconds):
        errors["seconds"] = [_("Must be a finite number.")]
    elif not 0 < seconds <= MAX_ITEM_SECONDS:
        errors["seconds"] = [
            _("Must be more than 0 and at most %(max)s.") % {"max": MAX_ITEM_SECONDS}
        ]
    if errors:
        return None, errors
    return (page, float(seconds)), {}


def engagement_batch_parse(payload, *, page_count: int) -> EngagementBatch:
    """Validate ``{"batch_id": uuid, "items": [{"page": n, "seconds": s}, ...]}``.

    Pages are 1..``page_count`` of what the prospect is shown; seconds more than 0 and at
    most ``MAX_ITEM_SECONDS`` per item. Items of the same page add up.
    """
    batch = EngagementBatch()
    if not isinstance(payload, dict):
        batch.errors["body"] = [_("Must be a JSON object.")]
        return batch
    raw_id = payload.get("batch_id")
    batch.batch_id = parse_event_id(raw_id) if isinstance(raw_id, str) else None
    if batch.batch_id is None:
        batch.errors["batch_id"] = [_("Required: a UUID made by the page.")]
    items = payload.get("items")
    if not isinstance(items, list) or not items:
        batch.errors["items"] = [_("Must be a non-empty list.")]
    elif len(items) > MAX_ITEMS:
        batch.errors["items"] = [_("At most %(max)s items.") % {"max": MAX_ITEMS}]
    if batch.errors:
        return batch
    for index, item in enumerate(items):
        parsed, errors = _item_parse(item, page_count=page_count)
        if errors:
            batch.rejected.append({"index": index, "errors": errors})
            continue
        page, seconds = parsed
        batch.pages[page] = batch.pages.get(page, 0.0) + seconds
    return batch


def engagement_batch_read(body: bytes, *, page_count: int) -> EngagementBatch:
    """A posted body (at most ``MAX_BODY_BYTES`` of JSON) read as a batch of page timings."""
    if len(body) > MAX_BODY_BYTES:
        return EngagementBatch(
            errors={"body": [_("At most %(max)s bytes.") % {"max": MAX_BODY_BYTES}]}
        )
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return EngagementBatch(errors={"body": [_("Must be JSON.")]})
    return engagement_batch_parse(payload, page_count=page_count)


def last_page_number(document_id: int | None) -> int:
    """The highest page number of a document's previews (0: none), not their count: a deck's
    hidden slides are not rendered and the others keep their real numbers (slide 5 of a
    deck with slide 3 hidden)."""
    if not document_id:
        return 0
    pages = DocumentPage.objects.filter(document_id=document_id)
    return pages.aggregate(last=Max("number"))["last"] or 0


def engagement_record(
    *, link: ShareLink, asset, batch_id: uuid.UUID, pages: dict[int, float], now=None
) -> tuple[ShareLinkVisit, bool]:
    """Store one batch of page seconds and merge it into the link's current visit.

    Returns ``(visit, created)``; a batch id seen before changes nothing and returns its
    visit with ``False``. The link row is locked so two batches of one visit never race
    to start two visits.
    """
    with transaction.atomic():
        ShareLink.objects.select_for_update().filter(pk=link.pk).first()
        return page_timings_merge(
            beats=ShareLinkBeat.objects.all(),
            visits=ShareLinkVisit.objects.filter(link=link, asset=asset),
            new_visit=lambda: ShareLinkVisit(link=link, asset=asset),
            beat_fields={"link": link},
            batch_id=batch_id,
            pages=pages,
            now=now or timezone.now(),
        )


def page_timings_merge(*, beats, visits, new_visit, beat_fields, batch_id, pages, now):
    """The shared half of recording page timings (share links, room items), called in a
    transaction that holds the lock of what is visited: a batch id already in ``beats``
    changes nothing; otherwise the batch joins the last of ``visits`` active within
    ``VISIT_GAP`` (or ``new_visit()``) and is stored as a beat (``beat_fields`` added).
    Returns ``(visit, created)``."""
    existing = beats.filter(batch_id=batch_id).select_related("visit").first()
    if existing is not None:
        return existing.visit, False
    visit = visits.filter(last_activity_at__gte=now - VISIT_GAP).order_by("-last_activity_at")
    visit = visit.first()
    if visit is None:
        visit = new_visit()
        visit.started_at = now - datetime.timedelta(seconds=sum(pages.values()))
        visit.pages = {}
    visit_pages_add(visit, pages=pages, now=now)
    visit.save()
    try:
        with transaction.atomic():
            beats.create(
                batch_id=batch_id,
                visit=visit,
                received_at=now,
                pages={str(page): seconds for page, seconds in pages.items()},
                **beat_fields,
            )
    except IntegrityError:  # the same batch stored meanwhile: undo this merge
        transaction.set_rollback(True)
        return beats.select_related("visit").get(batch_id=batch_id).visit, False
    return visit, True


def visit_pages_add(visit, *, pages: dict[int, float], now) -> None:
    """Add one batch's page seconds to a visit (a share-link or a room visit: ``seconds``,
    ``pages`` and ``last_activity_at``), unsaved."""
    visit.last_activity_at = now
    visit.seconds = round(visit.seconds + sum(pages.values()), 1)
    merged = dict(visit.pages)
    for page, seconds in pages.items():
        merged[str(page)] = round(merged.get(str(page), 0) + seconds, 1)
    visit.pages = merged


def visit_pages(visit) -> list[tuple[int, float]]:
    """A visit's pages as ``(number, seconds)`` in page order (the rep's summary)."""
    rows = []
    for key, seconds in (visit.pages or {}).items():
        try:
            rows.append((int(key), float(seconds)))
        except (TypeError, ValueError):
            continue
    return sorted(rows)
