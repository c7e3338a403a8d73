"""Uploads and imports that could exhaust or crash the server (issue 9, item 9).

Zip bombs are refused from the archive's directory before any parser inflates a member;
``import_assets`` reads files only inside the JSONL file's folder; NUL characters are a
clear error, never a PostgreSQL crash. Timing and memory figures: tests/bench/zip_bomb.py.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.forms import get_document_form

from content.files import (
    ZIP_MAX_MEMBERS,
    ZIP_MAX_UNCOMPRESSED_BYTES,
    AttachmentError,
    validate_attachment,
)
from content.importing import assets_import
from content.models import AssetDocument, AssetPage
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db

BOMB_INFLATED_BYTES = 400 * 1024 * 1024


def zip_bomb(inflated_bytes: int = BOMB_INFLATED_BYTES) -> bytes:
    """A PPTX-looking zip (about 400 KB) whose one media member inflates to 400 MB of zeros."""
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<presentation/>")
        with archive.open("ppt/media/image1.png", "w") as member:
            for _ in range(inflated_bytes // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def many_members(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("ppt/presentation.xml", "<presentation/>")
        for number in range(count):
            archive.writestr(f"ppt/slides/s{number}.xml", "")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = zip_bomb()
    assert len(data) < 1024 * 1024 < BOMB_INFLATED_BYTES  # small file, huge inflation
    assert BOMB_INFLATED_BYTES > ZIP_MAX_UNCOMPRESSED_BYTES
    return data


def test_zip_bomb_is_refused_with_a_clear_reason(bomb):
    with pytest.raises(AttachmentError, match="unpacks to 400 MB; at most 256 MB"):
        validate_attachment(io.BytesIO(bomb), size=len(bomb))


def test_zip_with_too_many_members_is_refused():
    data = many_members(ZIP_MAX_MEMBERS + 1)

    with pytest.raises(AttachmentError, match="at most 10,000 are allowed"):
        validate_attachment(io.BytesIO(data), size=len(data))


def test_admin_document_form_refuses_the_bomb(bomb):
    # The form Wagtail's admin builds from WAGTAILDOCS_DOCUMENT_FORM_BASE.
    form = get_document_form(AssetDocument)(
        data={"title": "Quarterly deck"},
        files={"file": SimpleUploadedFile("deck.pptx", bomb)},
        user=None,
    )

    assert not form.is_valid()
    assert "unpacks to 400 MB" in " ".join(form.errors["file"])


def test_a_real_deck_still_passes(pptx_bytes):
    assert validate_attachment(io.BytesIO(pptx_bytes), size=len(pptx_bytes)) == "pptx"


# -- import_assets: files only from the JSONL's folder --------------------------------


def _line(external_id: str, **fields) -> dict:
    return {
        "external_id": external_id,
        "type": "presentation",
        "title": f"Deck {external_id}",
        "summary": "A deck.",
        **fields,
    }


def _write(folder: Path, lines: list[dict]) -> Path:
    path = folder / "assets.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return path


@pytest.fixture
def layout(tmp_path, pdf_bytes):
    """``import/assets.jsonl`` with a good file beside it and a secret file outside."""
    folder = tmp_path / "import"
    (folder / "files").mkdir(parents=True)
    (folder / "files" / "good.pdf").write_bytes(pdf_bytes)
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(pdf_bytes)
    os.symlink(secret, folder / "files" / "link.pdf")
    return folder, secret


def test_import_refuses_files_outside_the_jsonl_folder(library, layout):
    folder, secret = layout
    path = _write(
        folder,
        [
            _line("ok-1", file="files/good.pdf"),
            _line("dotdot", file="../secret.pdf"),
            _line("deep-dotdot", file="files/../../secret.pdf"),
            _line("absolute", file=str(secret)),
            _line("symlink", file="files/link.pdf"),
            _line("ok-2", file="./files/good.pdf"),
        ],
    )

    report = assets_import(path=path)

    assert (report.created, report.failed) == (2, 4)
    reasons = {failure.line: failure.reason for failure in report.failures}
    assert reasons[2] == "file '../secret.pdf' is outside the JSONL file's folder"
    assert reasons[3] == "file 'files/../../secret.pdf' is outside the JSONL file's folder"
    assert reasons[4] == f"file {str(secret)!r} must be a path relative to the JSONL file's folder"
    assert reasons[5] == "file 'files/link.pdf' is outside the JSONL file's folder"
    assert set(AssetPage.objects.values_list("external_id", flat=True)) == {"ok-1", "ok-2"}
    assert AssetDocument.objects.count() == 2


# -- NUL characters: a clear error, not a database crash --------------------------------


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"summary": "Fine\u0000then not"}, "summary contains a NUL character"),
        ({"title": "Deck\u0000"}, "title contains a NUL character"),
        ({"personas": ["CIO", "C\u0000FO"]}, "personas contains a NUL character"),
        ({"body": "<p>a\u0000b</p>"}, "body contains a NUL character"),
    ],
)
def test_import_refuses_nul_characters_line_by_line(library, tmp_path, fields, reason):
    path = _write(tmp_path, [_line("good"), _line("nul", **fields), _line("also-good")])

    report = assets_import(path=path)

    assert (report.created, report.failed) == (2, 1)
    assert report.failures[0].line == 2
    assert report.failures[0].reason.startswith(reason)


def test_import_refuses_a_nul_external_id_before_looking_it_up(library, tmp_path):
    path = _write(tmp_path, [_line("x\u0000y"), _line("good")])

    report = assets_import(path=path)

    assert (report.created, report.failed) == (1, 1)
    assert report.failures[0].reason.startswith("external_id contains a NUL character")


@pytest.mark.parametrize("field", ["summary", "title", "customer", "quote"])
def test_saving_a_page_with_a_nul_character_is_a_validation_error(library, field):
    page = CaseStudyPageFactory(title="Clean", customer="Acme")
    setattr(page, field, "before\x00after")

    with pytest.raises(ValidationError) as raised:
        page.save_revision()

    assert "NUL character" in " ".join(raised.value.message_dict[field])


def test_rich_text_loses_nul_characters_to_the_sanitiser(library):
    page = CaseStudyPageFactory(title="Clean", customer="Acme")
    page.body = "<p>before\x00after</p>"

    page.save_revision().publish()

    page.refresh_from_db()
    assert page.body == "<p>beforeafter</p>"
