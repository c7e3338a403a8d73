"""Page previews: real PDF and PPTX files rendered to page images and text, broken files
ending in a clear state, re-renders replacing the pages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from pypdf import PdfReader, PdfWriter

from content.models import AssetDocument, DocumentPage, RenderStatus
from content.previews import document_render_pages, documents_needing_render
from content.rendering import soffice_path
from content.tasks import render_document_pages, render_previews_sweep
from demo.documents import deck_pdf, deck_pptx
from demo.presentations import PRESENTATIONS
from tests.conftest import require_server

pytestmark = pytest.mark.django_db

NO_SOFFICE = "/nonexistent/soffice"


def require_libreoffice() -> None:
    path = soffice_path()
    require_server("LibreOffice", path is not None, "soffice is not on PATH")


def _document(name: str, data: bytes) -> AssetDocument:
    document = AssetDocument(title=name)
    document.file.save(name, ContentFile(data), save=True)
    return document


def _assert_webp(field, *, width: int) -> Image.Image:
    with default_storage.open(field.name, "rb") as stream:
        picture = Image.open(io.BytesIO(stream.read()))
        picture.load()
    assert picture.format == "WEBP"
    assert picture.width == width
    return picture


def _pages(document: AssetDocument) -> list[DocumentPage]:
    return list(DocumentPage.objects.filter(document=document).order_by("number"))


def _encrypted(pdf: bytes) -> bytes:
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_demo_pdf_deck_renders_every_page_at_two_sizes_with_its_text():
    # given: a demo deck that ships as a PDF
    deck = next(deck for deck in PRESENTATIONS if deck.file_kind == "pdf")
    data = deck_pdf(title=deck.title, slides=list(deck.slides))
    expected_pages = len(PdfReader(io.BytesIO(data)).pages)
    document = _document("deck.pdf", data)
    # when
    render_document_pages.delay(document.pk)
    # then
    document.refresh_from_db()
    assert document.render_status == RenderStatus.DONE, document.render_error
    assert document.rendered_from == document.file.name
    pages = _pages(document)
    assert [page.number for page in pages] == list(range(1, expected_pages + 1))
    thumbnail = _assert_webp(pages[0].thumbnail, width=320)
    assert (pages[0].thumbnail_width, pages[0].thumbnail_height) == thumbnail.size
    image = _assert_webp(pages[0].image, width=1400)
    assert (pages[0].image_width, pages[0].image_height) == image.size
    # the second page is the deck's first content slide, and its text is stored with it
    assert deck.slides[0].heading.split()[0] in pages[1].text
    assert deck.slides[-1].heading.split()[0] in pages[-1].text


def test_a_demo_pptx_deck_renders_one_page_per_slide():
    require_libreoffice()
    # given: a demo deck that ships as a PPTX (title slide + content slides)
    deck = next(deck for deck in PRESENTATIONS if deck.file_kind == "pptx")
    document = _document("deck.pptx", deck_pptx(title=deck.title, slides=list(deck.slides)))
    # when
    render_document_pages.delay(document.pk)
    # then
    document.refresh_from_db()
    assert document.render_status == RenderStatus.DONE, document.render_error
    pages = _pages(document)
    assert len(pages) == len(deck.slides) + 1
    _assert_webp(pages[0].thumbnail, width=320)
    _assert_webp(pages[-1].image, width=1400)
    assert deck.title.split()[0] in pages[0].text
    assert deck.slides[0].heading.split()[0] in pages[1].text


def test_without_libreoffice_a_deck_is_unavailable_and_a_pdf_still_renders(
    settings, pptx_bytes, pdf_bytes
):
    settings.ENABLEMENT_SOFFICE = NO_SOFFICE
    deck = _document("deck.pptx", pptx_bytes)
    pdf = _document("deck.pdf", pdf_bytes)
    render_document_pages.delay(deck.pk)
    render_document_pages.delay(pdf.pk)
    deck.refresh_from_db()
    pdf.refresh_from_db()
    assert deck.render_status == RenderStatus.UNAVAILABLE
    assert "LibreOffice" in deck.render_error
    assert _pages(deck) == []
    assert pdf.render_status == RenderStatus.DONE
    assert len(_pages(pdf)) == 3


@pytest.mark.parametrize(
    "make,reason",
    [
        (_encrypted, "password-protected"),
        (lambda data: data[: len(data) // 3], "damaged"),
        (lambda data: b"%PDF-1.7\n" + b"\x00garbage" * 200, "damaged"),
    ],
    ids=["encrypted", "truncated", "garbage"],
)
def test_a_broken_pdf_fails_with_a_clear_reason_and_no_pages(pdf_bytes, make, reason):
    document = _document("broken.pdf", make(pdf_bytes))
    render_document_pages.delay(document.pk)  # must not raise
    document.refresh_from_db()
    assert document.render_status == RenderStatus.FAILED
    assert reason in document.render_error
    assert document.rendered_from == document.file.name  # not queued again by the sweep
    assert _pages(document) == []
    assert document.pk not in documents_needing_render(limit=100)


def test_a_truncated_pptx_fails_with_a_reason(pptx_bytes):
    document = _document("broken.pptx", pptx_bytes[: len(pptx_bytes) // 2])
    render_document_pages.delay(document.pk)
    document.refresh_from_db()
    assert document.render_status == RenderStatus.FAILED
    assert "zip" in document.render_error or "LibreOffice" in document.render_error
    assert _pages(document) == []


def test_a_file_over_the_page_limit_fails_before_drawing(settings, pdf_bytes):
    settings.ENABLEMENT_PREVIEW_MAX_PAGES = 2
    document = _document("long.pdf", pdf_bytes)
    render_document_pages.delay(document.pk)
    document.refresh_from_db()
    assert document.render_status == RenderStatus.FAILED
    assert document.render_error == "The file has 3 pages; previews are made for at most 2."
    assert not default_storage.exists(f"previews/{document.pk}")


def test_a_file_over_the_time_limit_stops_and_fails(settings, pdf_bytes):
    settings.ENABLEMENT_PREVIEW_SECONDS = 0
    document = _document("slow.pdf", pdf_bytes)
    render_document_pages.delay(document.pk)
    document.refresh_from_db()
    assert document.render_status == RenderStatus.FAILED
    assert document.render_error.startswith("Rendering took longer than 0 s")
    assert _pages(document) == []


def test_a_missing_file_is_retried_then_failed_never_left_pending(pdf_bytes):
    document = _document("gone.pdf", pdf_bytes)
    default_storage.delete(document.file.name)
    # eager, without propagating: each retry runs in place, as a worker would run them
    conf = render_document_pages.app.conf
    propagates = conf.task_eager_propagates
    conf.task_eager_propagates = False
    try:
        result = render_document_pages.apply(args=[document.pk])
    finally:
        conf.task_eager_propagates = propagates
    assert result.successful()
    document.refresh_from_db()
    assert document.render_status == RenderStatus.FAILED
    assert document.render_error.startswith("Rendering kept failing")


def test_rendering_is_idempotent_and_a_rerender_replaces_the_pages(
    pdf_bytes, pptx_bytes, settings, django_capture_on_commit_callbacks
):
    settings.ENABLEMENT_SOFFICE = NO_SOFFICE
    document = _document("d.pdf", pdf_bytes)
    render_document_pages.delay(document.pk)
    first = _pages(document)
    document.refresh_from_db()
    rendered_at = document.rendered_at
    # a redelivered task does nothing
    render_document_pages.delay(document.pk)
    document.refresh_from_db()
    assert document.rendered_at == rendered_at
    assert [page.pk for page in _pages(document)] == [page.pk for page in first]
    # a forced re-render replaces rows and files; the old files leave storage on commit
    with django_capture_on_commit_callbacks(execute=True):
        document_render_pages(document_id=document.pk, force=True)
    second = _pages(document)
    assert len(second) == 3
    assert {page.pk for page in second}.isdisjoint(page.pk for page in first)
    for page in first:
        assert not default_storage.exists(page.thumbnail.name)
        assert not default_storage.exists(page.image.name)
    for page in second:
        assert default_storage.exists(page.image.name)
    # a replaced file is rendered again (here: a deck with no LibreOffice)
    with django_capture_on_commit_callbacks(execute=True):
        document.file.save("d2.pptx", ContentFile(pptx_bytes), save=True)
    document.refresh_from_db()
    assert document.render_status == RenderStatus.UNAVAILABLE
    assert _pages(document) == []
    for page in second:
        assert not default_storage.exists(page.image.name)


def test_saving_a_document_queues_its_render_after_commit(
    pdf_bytes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = _document("d.pdf", pdf_bytes)
    document.refresh_from_db()
    assert document.render_status == RenderStatus.PENDING
    for callback in callbacks:
        callback()
    document.refresh_from_db()
    assert document.render_status == RenderStatus.DONE
    assert len(_pages(document)) == 3


def test_the_sweep_queues_documents_whose_pages_are_not_from_their_file(pdf_bytes):
    document = _document("d.pdf", pdf_bytes)  # on_commit never ran: still pending
    assert documents_needing_render(limit=10) == [document.pk]
    assert render_previews_sweep.delay().get() == 1
    document.refresh_from_db()
    assert document.render_status == RenderStatus.DONE
    assert documents_needing_render(limit=10) == []


def test_deleting_a_document_removes_its_page_files(pdf_bytes, django_capture_on_commit_callbacks):
    document = _document("d.pdf", pdf_bytes)
    document_render_pages(document_id=document.pk)
    names = [page.image.name for page in _pages(document)]
    assert names and all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_the_seeded_demo_library_gets_previews(django_capture_on_commit_callbacks):
    import random

    from content.demo.seeding import demo_library_seed

    # given / when: the first demo assets (case-study PDFs and PPTX decks), tasks on commit
    with django_capture_on_commit_callbacks(execute=True):
        demo_library_seed(rng=random.Random(7), asset_limit=5)
    # then: every attachment is rendered, page for page (decks need LibreOffice)
    documents = list(AssetDocument.objects.all())
    assert {document.kind for document in documents} == {"pdf", "pptx"}
    for document in documents:
        if document.kind == "pptx" and soffice_path() is None:
            assert document.render_status == RenderStatus.UNAVAILABLE
            continue
        assert document.render_status == RenderStatus.DONE, document.render_error
        assert len(_pages(document)) == document.page_count > 0


@pytest.mark.parametrize(
    "raised,reason",
    [
        (ValueError("bad xref"), "The file could not be rendered (ValueError)."),
        (SoftTimeLimitExceeded(), "Rendering took too long and was stopped."),
    ],
)
def test_a_renderer_surprise_or_the_worker_time_limit_fails_the_document(
    pdf_bytes, monkeypatch, settings, raised, reason
):
    # A renderer raising something unforeseen mid-file (stood in for here: real files
    # that do so are what this guards against) must not leave the document pending.
    import content.previews

    real = content.previews.pages_render

    def pages_then_error(*args, **kwargs):
        yield next(real(*args, **kwargs))
        raise raised

    monkeypatch.setattr(content.previews, "pages_render", pages_then_error)
    document = _document("d.pdf", pdf_bytes)
    render_document_pages.delay(document.pk)
    document.refresh_from_db()
    assert document.render_status == RenderStatus.FAILED
    assert document.render_error == reason
    assert _pages(document) == []
    folder = Path(settings.MEDIA_ROOT) / "previews" / str(document.pk)
    assert [path for path in folder.rglob("*") if path.is_file()] == []  # the page drawn is gone
