"""Text extraction task: text stored for search, failures recorded, never raised."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from content.models import AssetDocument
from content.tasks import extract_document_text
from tests.factories import PresentationPageFactory

pytestmark = pytest.mark.django_db


def _document(name: str, data: bytes) -> AssetDocument:
    document = AssetDocument(title=name)
    document.file.save(name, ContentFile(data), save=True)
    return document


@pytest.mark.parametrize("fixture_name,name", [("pdf_bytes", "d.pdf"), ("pptx_bytes", "d.pptx")])
def test_extraction_stores_text_per_slide_and_page_count(request, fixture_name, name):
    # given
    document = _document(name, request.getfixturevalue(fixture_name))
    page = PresentationPageFactory(attachment=document)
    # when
    extract_document_text.delay(document.pk)
    # then
    document.refresh_from_db()
    assert document.extraction_status == AssetDocument.Extraction.DONE
    assert document.page_count == 3
    slides = document.extracted_text.split("\f")
    assert len(slides) == 3
    assert slides[1].splitlines()[0] == "Why teams switch"
    assert slides[1].splitlines()[1] == "Approvals in hours, not weeks"  # no bullet junk
    page.refresh_from_db()
    assert page.slide_count == 3
    assert page.slides_text[2].startswith("Pricing")


def test_broken_file_is_marked_failed_with_the_reason(corrupt_pdf_bytes):
    document = _document("broken.pdf", corrupt_pdf_bytes)
    extract_document_text.delay(document.pk)  # must not raise
    document.refresh_from_db()
    assert document.extraction_status == AssetDocument.Extraction.FAILED
    assert document.extraction_error
    assert document.extracted_text == ""


def test_extraction_runs_once_per_file_unless_the_file_changes(pdf_bytes, pptx_bytes):
    # given
    document = _document("d.pdf", pdf_bytes)
    extract_document_text.delay(document.pk)
    document.refresh_from_db()
    first_run = document.extracted_at
    # when: a redelivered task
    extract_document_text.delay(document.pk)
    document.refresh_from_db()
    # then
    assert document.extracted_at == first_run
    # when: the file is replaced
    document.file.save("d2.pptx", ContentFile(pptx_bytes), save=True)
    extract_document_text.delay(document.pk)
    document.refresh_from_db()
    assert document.extracted_at > first_run
    assert document.extracted_from.endswith(".pptx")


def test_saving_a_document_queues_extraction_after_commit(
    pdf_bytes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = _document("d.pdf", pdf_bytes)
    assert len(callbacks) >= 1
    document.refresh_from_db()
    assert document.extraction_status == AssetDocument.Extraction.DONE
