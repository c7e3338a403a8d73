"""The "Page previews" report: Marketing sees documents by render state and can re-render."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from content.models import AssetDocument, DocumentPage, RenderStatus
from content.previews import document_render_pages

pytestmark = pytest.mark.django_db


def _rendered(name: str, data: bytes) -> AssetDocument:
    document = AssetDocument(title=name)
    document.file.save(name, ContentFile(data), save=True)
    return document_render_pages(document_id=document.pk)


def test_marketing_sees_each_document_with_its_state_pages_and_reason(
    client, marketing_user, pdf_bytes, corrupt_pdf_bytes
):
    _rendered("good-deck.pdf", pdf_bytes)
    _rendered("broken-deck.pdf", corrupt_pdf_bytes)
    client.force_login(marketing_user)
    response = client.get(reverse("content_previews:report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "good-deck.pdf" in html and "broken-deck.pdf" in html
    assert "Rendered" in html and "Failed" in html
    assert "The PDF is damaged and cannot be read." in html
    # filtered to one state
    failed = client.get(reverse("content_previews:report"), {"render_status": "failed"})
    assert "broken-deck.pdf" in failed.content.decode()
    assert "good-deck.pdf" not in failed.content.decode()
    # hostile filter values are a form error, not a 500
    for value in ("'; DROP TABLE x;--", "\x00", "9" * 50):
        assert (
            client.get(reverse("content_previews:report"), {"render_status": value}).status_code
            == 200
        )


def test_sales_cannot_open_the_report_or_re_render(client, sales_user, pdf_bytes):
    document = _rendered("d.pdf", pdf_bytes)
    client.force_login(sales_user)
    assert client.get(reverse("content_previews:report")).status_code in (302, 403)
    response = client.post(reverse("content_previews:render_again", args=[document.pk]))
    assert response.status_code in (302, 403)
    document.refresh_from_db()
    assert document.render_status == RenderStatus.DONE


def test_render_again_replaces_the_pages(
    client, marketing_user, pdf_bytes, django_capture_on_commit_callbacks
):
    document = _rendered("d.pdf", pdf_bytes)
    before = set(DocumentPage.objects.filter(document=document).values_list("pk", flat=True))
    client.force_login(marketing_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("content_previews:render_again", args=[document.pk]))
    assert response.status_code == 302
    after = set(DocumentPage.objects.filter(document=document).values_list("pk", flat=True))
    assert len(after) == 3 and after.isdisjoint(before)
    assert client.post(reverse("content_previews:render_again", args=[999999])).status_code == 404
    assert (
        client.get(reverse("content_previews:render_again", args=[document.pk])).status_code == 405
    )
