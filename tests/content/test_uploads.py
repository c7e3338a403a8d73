"""Attachment uploads through Wagtail's document form: type by content, size, readability."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from content.models import AssetDocument

pytestmark = pytest.mark.django_db


def _upload(client, name: str, data: bytes, *, title: str = "Uploaded"):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(name, data, content_type="application/octet-stream"),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.fixture
def editor_client(client, marketing_user):
    client.force_login(marketing_user)
    return client


@pytest.mark.parametrize(
    "fixture_name,name,kind",
    [("pdf_bytes", "deck.pdf", "pdf"), ("pptx_bytes", "deck.pptx", "pptx")],
)
def test_real_pdf_and_pptx_upload_and_get_their_text_extracted(
    request, editor_client, django_capture_on_commit_callbacks, fixture_name, name, kind
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(editor_client, name, request.getfixturevalue(fixture_name))
    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    document = AssetDocument.objects.get(title="Uploaded")
    assert document.kind == kind
    assert document.extraction_status == AssetDocument.Extraction.DONE
    assert "Zebra-striped audit trail" in document.extracted_text
    assert document.page_count == 3


def test_pptx_named_pdf_is_stored_as_the_pptx_it_is(editor_client, pptx_bytes):
    response = _upload(editor_client, "renamed.pdf", pptx_bytes)
    assert response.status_code == 302
    assert AssetDocument.objects.get(title="Uploaded").file.name.endswith(".pptx")


@pytest.mark.parametrize(
    "name,fixture_name,message",
    [
        ("photo.pdf", "png_bytes", "Only PDF and PowerPoint (.pptx) files can be attached."),
        ("broken.pdf", "corrupt_pdf_bytes", "The PDF file is damaged and cannot be read."),
    ],
)
def test_wrong_or_damaged_files_are_rejected_with_a_clear_message(
    request, editor_client, name, fixture_name, message
):
    response = _upload(editor_client, name, request.getfixturevalue(fixture_name))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AssetDocument.objects.exists()


def test_files_over_the_size_limit_are_rejected(editor_client, settings, pdf_bytes):
    # given: the same check as at 50 MB, with a limit just below this real PDF
    settings.ASSET_FILE_MAX_BYTES = len(pdf_bytes) - 1
    # when
    response = _upload(editor_client, "big.pdf", pdf_bytes)
    # then
    assert response.status_code == 200
    assert "attachments may be at most" in response.content.decode()
    assert not AssetDocument.objects.exists()


def test_the_default_limit_is_50_megabytes(settings):
    assert settings.ASSET_FILE_MAX_BYTES == 50 * 1024 * 1024


def test_a_sparse_file_just_over_50_megabytes_is_rejected_before_parsing(tmp_path):
    from content.files import AttachmentError, validate_attachment

    path = tmp_path / "huge.pdf"
    with path.open("wb") as stream:
        stream.write(b"%PDF-1.7\n")
        stream.truncate(50 * 1024 * 1024 + 1)  # sparse: no 50 MB actually written
    with path.open("rb") as stream, pytest.raises(AttachmentError, match="at most 50 MB"):
        validate_attachment(stream, size=path.stat().st_size)
