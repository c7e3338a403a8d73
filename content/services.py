"""Writes to the content library."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from content.files import AttachmentError, detect_kind, extract_text
from content.models import AssetDocument, AssetPage, LibraryPage, PresentationPage

logger = logging.getLogger(__name__)


def document_extract_text(*, document_id: int) -> AssetDocument | None:
    """Extract and store the text of a document; safe to run twice.

    Failures never raise: they are logged and recorded on the document
    (``extraction_status = failed`` with the reason), which asset pages show.
    """
    document = AssetDocument.objects.filter(pk=document_id).first()
    if document is None or not document.file:
        return None
    source = document.file.name
    try:
        with document.file.open("rb") as stream:
            kind = detect_kind(stream)
            if kind is None:
                raise AttachmentError("not a PDF or PPTX file")
            extracted = extract_text(stream, kind=kind)
    except (AttachmentError, OSError) as error:
        logger.warning("text extraction failed for document %s: %s", document_id, error)
        AssetDocument.objects.filter(pk=document_id).update(
            extraction_status=AssetDocument.Extraction.FAILED,
            extraction_error=str(error)[:500],
            extracted_from=source,
            extracted_at=timezone.now(),
        )
        document.refresh_from_db()
        return document

    with transaction.atomic():
        AssetDocument.objects.filter(pk=document_id).update(
            extracted_text=extracted.text,
            page_count=extracted.page_count,
            extraction_status=AssetDocument.Extraction.DONE,
            extraction_error="",
            extracted_from=source,
            extracted_at=timezone.now(),
        )
        # The slide count is a plain column, not revision content, so update it in place.
        PresentationPage.objects.filter(attachment_id=document_id).update(
            slide_count=extracted.page_count
        )
    document.refresh_from_db()
    _notify_assets_changed(document_id=document_id)
    return document


def _notify_assets_changed(*, document_id: int) -> None:
    """Tell listeners (search indexing) that assets using this document have new text."""
    from content.signals import asset_content_changed

    asset_ids = list(
        AssetPage.objects.filter(attachment_id=document_id).values_list("pk", flat=True)
    )
    if asset_ids:
        asset_content_changed.send(sender=AssetPage, asset_ids=asset_ids)


def library_root_get_or_create() -> LibraryPage:
    """The one ``LibraryPage``, created under the default site's root page if missing."""
    from wagtail.models import Page, Site

    existing = LibraryPage.objects.first()
    if existing is not None:
        return existing
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    parent = site.root_page if site else Page.get_first_root_node()
    library = LibraryPage(title="Library", slug="assets", intro="The sales content library.")
    parent.add_child(instance=library)
    library.save_revision().publish()
    return library
