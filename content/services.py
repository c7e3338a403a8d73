"""Writes to the content library."""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from content.files import AttachmentError, detect_kind, extract_text, validate_attachment
from content.models import (
    AssetDocument,
    AssetPage,
    LibraryPage,
    PresentationPage,
    SegmentTag,
    StageTag,
)

logger = logging.getLogger(__name__)


def document_extract_text(*, document_id: int, force: bool = False) -> AssetDocument | None:
    """Extract and store the text of a document; safe to run twice.

    A document whose text already came from its current file is left alone unless
    ``force`` (a redelivered task, or an import that extracted inline, costs nothing).
    Failures never raise: they are logged and recorded on the document
    (``extraction_status = failed`` with the reason), which asset pages show.
    """
    document = AssetDocument.objects.filter(pk=document_id).first()
    if document is None or not document.file:
        return None
    if not force and not document.needs_extraction:
        return document
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
            hidden_pages=list(extracted.hidden),
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


def document_create(
    *, stream: BinaryIO, filename: str, title: str, uploaded_by=None
) -> AssetDocument:
    """Store a validated PDF/PPTX as an ``AssetDocument`` and extract its text now.

    Raises ``AttachmentError`` (a reason fit to show) for other types, damaged files or
    files over ``ASSET_FILE_MAX_BYTES``. The stored name takes the extension of the
    detected type, so a deck called ``.pdf`` that is really a PPTX is stored as ``.pptx``.
    """
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    kind = validate_attachment(stream, size=size)
    stem = Path(filename).stem or "attachment"
    document = AssetDocument(title=title[:255], uploaded_by_user=uploaded_by)
    document.file.save(f"{stem}.{kind}", File(stream), save=False)
    document._set_document_file_metadata()
    document.save()
    return document_extract_text(document_id=document.pk) or document


def asset_upsert(
    *,
    asset_type: str,
    external_id: str,
    title: str,
    summary: str,
    body: str = "",
    segments: Sequence[SegmentTag] = (),
    stages: Sequence[StageTag] = (),
    personas: Sequence[str] = (),
    products: Sequence[str] = (),
    language: str = AssetPage.Language.EN,
    owner=None,
    review_by: datetime.date | None = None,
    attachment: AssetDocument | None = None,
    visible_to_groups: Sequence[Group] = (),
    type_fields: Mapping[str, Any] | None = None,
    published_by=None,
    translation_of: AssetPage | None = None,
) -> tuple[AssetPage, bool]:
    """Create or update (by ``external_id``) a live asset; return ``(page, created)``.

    An update saves a new revision and publishes it, so the page keeps its id, URL and
    history. ``visible_to_groups`` empty means everyone in Sales; otherwise only those
    groups. ``type_fields`` are the type's own model fields (customer, objection, ...).
    ``translation_of`` links the asset to the original it translates.
    Raises ``django.core.exceptions.ValidationError`` with a readable message when the
    page does not validate or ``external_id`` belongs to an asset of another type.
    """
    from content.models import ASSET_TYPES

    model = ASSET_TYPES.get(asset_type)
    if model is None:
        raise ValidationError(f"unknown type {asset_type!r}")
    existing = AssetPage.objects.filter(external_id=external_id).first()
    created = existing is None
    if existing is None:
        page = model(external_id=external_id)
    else:
        if existing.specific_class is not model:
            raise ValidationError(
                f"external_id {external_id!r} is already an asset of type "
                f"{existing.specific_class.asset_type!r}, not {asset_type!r}"
            )
        page = existing.specific

    page.title = title
    page.draft_title = title
    page.summary = summary
    page.body = body
    page.language = language
    page.translation_of = translation_of
    page.owner_user = owner
    page.review_by = review_by
    page.attachment = attachment
    page.visibility = (
        AssetPage.Visibility.RESTRICTED if visible_to_groups else AssetPage.Visibility.SALES
    )
    if isinstance(page, PresentationPage) and attachment is not None:
        page.slide_count = attachment.page_count
    for name, value in (type_fields or {}).items():
        setattr(page, name, value)

    with transaction.atomic():
        if created:
            page.live = False
            library_root_get_or_create().add_child(instance=page)
        page.segments.set(list(segments))
        page.stages.set(list(stages))
        page.personas.set(list(personas))
        page.products.set(list(products))
        page.visible_to_groups.set(list(visible_to_groups))
        page.save_revision(user=published_by, log_action=True).publish(user=published_by)
    page.refresh_from_db()
    return page, created
