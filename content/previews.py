"""Page previews of attachments: render and store them (services), read them (selectors).

Rendering itself is ``content.rendering``; this module keeps the document's render state
true and its ``DocumentPage`` rows and image files in step with its current file.
"""

from __future__ import annotations

import logging
import time
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.urls import reverse
from django.utils import timezone

from content.files import AttachmentError, detect_kind
from content.models import AssetDocument, AssetPage, DocumentPage, RenderStatus
from content.rendering import (
    RenderedPage,
    RenderError,
    RenderLimits,
    RenderTransientError,
    RenderUnavailable,
    pages_render,
    soffice_path,
)

logger = logging.getLogger(__name__)


def render_limits() -> RenderLimits:
    """The worker's guards and image sizes, from settings."""
    return RenderLimits(
        max_pages=settings.ENABLEMENT_PREVIEW_MAX_PAGES,
        seconds=settings.ENABLEMENT_PREVIEW_SECONDS,
        thumbnail_width=settings.ENABLEMENT_PREVIEW_THUMBNAIL_WIDTH,
        page_width=settings.ENABLEMENT_PREVIEW_PAGE_WIDTH,
    )


def document_render_pages(*, document_id: int, force: bool = False) -> AssetDocument | None:
    """Render a document's pages to images and text; safe to run twice.

    Pages already rendered from the current file are left alone unless ``force``. A new
    render replaces the old pages (rows and files) in one transaction, only once every
    page is drawn, so a failed re-render never leaves a half set. Files that cannot be
    previewed end in ``failed`` (or ``unavailable`` for a deck without LibreOffice) with the
    reason; only ``RenderTransientError`` is raised, for the task to retry.
    """
    document = AssetDocument.objects.filter(pk=document_id).first()
    if document is None or not document.file:
        return None
    if not force and not document.needs_render:
        return document
    source = document.file.name
    started = time.monotonic()
    folder = f"previews/{document_id}/{uuid.uuid4().hex[:12]}"
    written: list[str] = []
    try:
        try:
            with document.file.open("rb") as stream:
                kind = detect_kind(stream)
                data = stream.read()
        except AttachmentError as error:
            raise RenderError(str(error)) from error
        except OSError as error:
            raise RenderTransientError(f"the file could not be read: {error}") from error
        if kind is None:
            raise RenderError("The file is not a PDF or PPTX.")
        rows = []
        for page in pages_render(
            data,
            kind=kind,
            limits=render_limits(),
            soffice=soffice_path(settings.ENABLEMENT_SOFFICE),
        ):
            rows.append(_page_row(document_id=document_id, page=page, folder=folder))
            written += [rows[-1].thumbnail.name, rows[-1].image.name]
    except RenderUnavailable as error:
        _delete_files(written)
        return _record_outcome(
            document_id, source, RenderStatus.UNAVAILABLE, str(error), started, pages=[]
        )
    except RenderError as error:
        _delete_files(written)
        logger.warning("preview render failed for document %s: %s", document_id, error)
        return _record_outcome(
            document_id, source, RenderStatus.FAILED, str(error), started, pages=[]
        )
    except (RenderTransientError, ConnectionError, SoftTimeLimitExceeded):
        _delete_files(written)
        raise  # the task retries, or records the time limit
    except Exception as error:  # a renderer's surprise on a hostile file: fail, never stick
        _delete_files(written)
        logger.exception("unexpected error rendering document %s", document_id)
        reason = f"The file could not be rendered ({error.__class__.__name__})."
        return _record_outcome(document_id, source, RenderStatus.FAILED, reason, started, pages=[])
    except BaseException:
        _delete_files(written)
        raise
    return _record_outcome(document_id, source, RenderStatus.DONE, "", started, pages=rows)


def document_render_fail(*, document_id: int, reason: str) -> None:
    """Record a render that cannot finish (retries used up, worker time limit hit)."""
    document = AssetDocument.objects.filter(pk=document_id).only("file").first()
    if document is None:
        return
    _record_outcome(document_id, document.file.name, RenderStatus.FAILED, reason, None, pages=[])


def _page_row(*, document_id: int, page: RenderedPage, folder: str) -> DocumentPage:
    stem = f"{folder}/{page.number:04d}"
    thumbnail = default_storage.save(f"{stem}-thumb.webp", ContentFile(page.thumbnail.data))
    image = default_storage.save(f"{stem}-page.webp", ContentFile(page.image.data))
    return DocumentPage(
        document_id=document_id,
        number=page.number,
        text=page.text,
        thumbnail=thumbnail,
        thumbnail_width=page.thumbnail.width,
        thumbnail_height=page.thumbnail.height,
        image=image,
        image_width=page.image.width,
        image_height=page.image.height,
    )


def _record_outcome(
    document_id: int,
    source: str,
    status: str,
    error: str,
    started: float | None,
    *,
    pages: list[DocumentPage],
) -> AssetDocument | None:
    with transaction.atomic():
        # The old pages' files go once this commits (content.signal_handlers).
        DocumentPage.objects.filter(document_id=document_id).delete()
        DocumentPage.objects.bulk_create(pages)
        AssetDocument.objects.filter(pk=document_id).update(
            render_status=status,
            render_error=error[:500],
            rendered_from=source,
            rendered_at=timezone.now(),
            render_seconds=None if started is None else round(time.monotonic() - started, 3),
        )
    return AssetDocument.objects.filter(pk=document_id).first()


def document_page_files_delete(*, names: list[str]) -> None:
    """Remove preview image files from storage (after their rows are gone)."""
    _delete_files(names)


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # a leftover file is harmless; never fail a render over it
            logger.warning("could not delete preview file %s", name)


# -- reads -------------------------------------------------------------------------------


def asset_preview_pages(*, asset: AssetPage) -> list[DocumentPage]:
    """The rendered pages of an asset's attachment, in order (empty when there are none).

    Callers check that the user may see ``asset`` first; the pages carry no check.
    """
    if not asset.attachment_id:
        return []
    return list(DocumentPage.objects.filter(document_id=asset.attachment_id).order_by("number"))


def asset_preview_page(*, asset: AssetPage, number: int) -> DocumentPage | None:
    """One page of an asset's attachment by number, or ``None``."""
    if not asset.attachment_id:
        return None
    return DocumentPage.objects.filter(document_id=asset.attachment_id, number=number).first()


def asset_first_thumbnails(*, asset_ids: list[int]) -> dict[int, dict]:
    """Page 1 of each asset's attachment as ``{"url", "width", "height"}``, by asset id, in
    one query (result cards, prep for a call). Callers pass only ids the user may see."""
    rows = AssetPage.objects.filter(pk__in=asset_ids, attachment__pages__number=1).values_list(
        "pk", "attachment__pages__thumbnail_width", "attachment__pages__thumbnail_height"
    )
    return {
        asset_id: {
            "url": page_image_url(asset_id=asset_id, number=1, size=THUMBNAIL),
            "width": width,
            "height": height,
        }
        for asset_id, width, height in rows
    }


THUMBNAIL = "thumbnail"
PAGE = "page"
IMAGE_SIZES = (THUMBNAIL, PAGE)


def page_image_url(*, asset_id: int, number: int, size: str) -> str:
    """Where a page image of an asset is served (through the checked view, never media)."""
    return reverse("content:page-image", args=[asset_id, number, size])


def page_as_dict(*, asset_id: int, page: DocumentPage) -> dict:
    """One page as the viewer and the API show it."""
    return {
        "number": page.number,
        "thumbnail_url": page_image_url(asset_id=asset_id, number=page.number, size=THUMBNAIL),
        "image_url": page_image_url(asset_id=asset_id, number=page.number, size=PAGE),
        "width": page.image_width,
        "height": page.image_height,
        "thumbnail_width": page.thumbnail_width,
        "thumbnail_height": page.thumbnail_height,
    }


def documents_by_render_status() -> QuerySet[AssetDocument]:
    """Every document with its render state and rendered page count (the admin report)."""
    return AssetDocument.objects.annotate(rendered_pages=Count("pages")).order_by(
        "render_status", "-created_at"
    )


def documents_needing_render(*, limit: int) -> list[int]:
    """Ids of documents whose previews are not from their current file (oldest first)."""
    return list(
        AssetDocument.objects.exclude(file="")
        .exclude(rendered_from=F("file"))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def asset_preview_through(*, asset: AssetPage, page_url) -> dict:
    """``asset_preview`` with each page's image URLs from ``page_url(number, size)``: the
    viewer's pages served through a prospect's link (a share link, a deal room) instead of
    the library's checked view."""
    preview = asset_preview(asset=asset)
    for page in preview["pages"]:
        page["thumbnail_url"] = page_url(page["number"], THUMBNAIL)
        page["image_url"] = page_url(page["number"], PAGE)
    return preview


def asset_preview(*, asset: AssetPage) -> dict:
    """What the viewer shows for an asset the user may see: its pages, or why there are
    none (``status``: done, pending, failed, unavailable, or ``none`` without a file) with
    the outline (first line of each page's extracted text) as the fallback."""
    document = asset.attachment if asset.attachment_id else None
    if document is None:
        return {"status": "none", "reason": "", "pages": [], "outline": [], "unit": "page"}
    unit = "slide" if document.kind == "pptx" else "page"
    pages = [
        page_as_dict(asset_id=asset.pk, page=page) for page in asset_preview_pages(asset=asset)
    ]
    outline = []
    if not pages:
        outline = [
            (part.strip().partition("\n")[0] or f"({unit} {index})")
            for index, part in enumerate(document.extracted_text.split("\f"), start=1)
            if document.extracted_text
        ]
    status = document.render_status if not document.needs_render else RenderStatus.PENDING
    if status == RenderStatus.DONE and not pages:
        status = RenderStatus.PENDING
    return {
        "status": status,
        "reason": document.render_error,
        "pages": pages,
        "outline": outline,
        "unit": unit,
    }
