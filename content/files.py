"""Attachment checks and text extraction for PDF and PPTX files.

Types are decided by content (magic bytes, then a real parse), never by file name.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import filetype
from django.conf import settings
from pptx import Presentation
from pptx.exc import PackageNotFoundError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

logger = logging.getLogger(__name__)

PDF = "pdf"
PPTX = "pptx"
ALLOWED_KINDS = (PDF, PPTX)
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


# A PPTX is a zip: cap what it may inflate to and how many members it may list, checked
# from the archive's directory before any parser opens a member. A real 50 MB deck holds
# a few hundred members and inflates to about twice its size (its images are stored
# already compressed), so these leave ample room while a zip bomb is refused at once.
ZIP_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
ZIP_MAX_MEMBERS = 10_000


class AttachmentError(ValueError):
    """A file that cannot be an asset attachment; the message is shown to the user."""


@dataclass(frozen=True)
class ExtractedText:
    text: str  # pages/slides separated by form feed (\f)
    page_count: int  # pages shown: a deck's hidden slides are not counted
    hidden: tuple[int, ...] = ()  # real (1-based) numbers of a deck's hidden slides


def _read_head(stream: BinaryIO, size: int = 8192) -> bytes:
    position = stream.tell() if hasattr(stream, "tell") else 0
    head = stream.read(size)
    stream.seek(position)
    return head


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size / 1024:.1f} KB".replace(".0 KB", " KB")
    return f"{size} bytes"


def zip_check_limits(stream: BinaryIO) -> None:
    """Refuse a zip whose member count or total uncompressed size is over the limits.

    The member count is read from the end-of-central-directory record first, so an
    archive listing millions of members is refused before ``zipfile`` builds its index.
    Declared sizes can be trusted as a bound: ``zipfile`` never inflates a member past
    the size its directory entry declares (it fails the read instead).
    """
    position = stream.tell()
    try:
        members = _zip_member_count(stream)
        if members is not None and members > ZIP_MAX_MEMBERS:
            raise AttachmentError(
                f"The file holds {members:,} parts; at most {ZIP_MAX_MEMBERS:,} are allowed."
            )
        stream.seek(position)
        try:
            with zipfile.ZipFile(stream) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, ValueError, EOFError) as error:
            raise AttachmentError("The file is not a readable zip archive.") from error
        if len(infos) > ZIP_MAX_MEMBERS:
            raise AttachmentError(
                f"The file holds {len(infos):,} parts; at most {ZIP_MAX_MEMBERS:,} are allowed."
            )
        total = sum(info.file_size for info in infos)
        if total > ZIP_MAX_UNCOMPRESSED_BYTES:
            raise AttachmentError(
                f"The file unpacks to {_human_size(total)}; at most "
                f"{_human_size(ZIP_MAX_UNCOMPRESSED_BYTES)} is allowed."
            )
    finally:
        stream.seek(position)


_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END_OF_DIRECTORY = b"PK\x06\x06"


def _zip_member_count(stream: BinaryIO) -> int | None:
    """Members listed by the end-of-central-directory record (ZIP64 aware), or ``None``."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    tail_size = min(size, 22 + 65535)  # the record plus the longest archive comment
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    end = tail.rfind(_END_OF_DIRECTORY)
    if end < 0 or end + 22 > len(tail):
        return None
    (count,) = struct.unpack("<H", tail[end + 10 : end + 12])
    if count != 0xFFFF:
        return count
    # ZIP64: the locator (20 bytes, just before the record) points at the ZIP64 record.
    locator = tail[end - 20 : end] if end >= 20 else b""
    if not locator.startswith(_ZIP64_LOCATOR):
        return count
    (offset,) = struct.unpack("<Q", locator[8:16])
    stream.seek(offset)
    record = stream.read(56)
    if not record.startswith(_ZIP64_END_OF_DIRECTORY) or len(record) < 40:
        return None
    (count64,) = struct.unpack("<Q", record[32:40])
    return count64


def detect_kind(stream: BinaryIO) -> str | None:
    """``pdf``/``pptx`` from the bytes, or ``None`` for anything else."""
    head = _read_head(stream)
    if head.startswith(b"%PDF-"):
        return PDF
    guess = filetype.guess(head)
    if guess is not None and guess.mime == PPTX_MIME:
        return PPTX
    if head.startswith(b"PK\x03\x04"):
        # filetype only looks at the first entries; a PPTX written by another tool may
        # order them differently, so look at the archive itself.
        zip_check_limits(stream)
        position = stream.tell()
        try:
            with zipfile.ZipFile(stream) as archive:
                if "ppt/presentation.xml" in archive.namelist():
                    return PPTX
        except zipfile.BadZipFile:
            return None
        finally:
            stream.seek(position)
    return None


def validate_attachment(stream: BinaryIO, *, size: int) -> str:
    """Check an upload; return its kind or raise ``AttachmentError`` with a clear reason."""
    limit = settings.ASSET_FILE_MAX_BYTES
    if size > limit:
        raise AttachmentError(
            f"The file is {_human_size(size)}; attachments may be at most {_human_size(limit)}."
        )
    if size == 0:
        raise AttachmentError("The file is empty.")
    if _read_head(stream, 4) == b"PK\x03\x04":
        zip_check_limits(stream)
    kind = detect_kind(stream)
    if kind is None:
        raise AttachmentError("Only PDF and PowerPoint (.pptx) files can be attached.")
    position = stream.tell()
    try:
        extract_text(stream, kind=kind, max_pages=1)
    except AttachmentError as error:
        raise AttachmentError(f"The {kind.upper()} file is damaged and cannot be read.") from error
    finally:
        stream.seek(position)
    return kind


def extract_text(stream: BinaryIO, *, kind: str, max_pages: int | None = None) -> ExtractedText:
    """Text of every page (PDF) or slide (PPTX, including notes), separated by ``\\f``."""
    data = stream.read()
    try:
        if kind == PDF:
            return _pdf_text(data, max_pages=max_pages)
        if kind == PPTX:
            return _pptx_text(data, max_pages=max_pages)
    except AttachmentError:
        raise
    except (PdfReadError, PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise AttachmentError(str(error) or error.__class__.__name__) from error
    except Exception as error:  # parsers raise a zoo of errors on hostile files
        logger.warning("unexpected %s while reading a %s", error.__class__.__name__, kind)
        raise AttachmentError(str(error) or error.__class__.__name__) from error
    raise AttachmentError(f"Unsupported attachment kind {kind!r}.")


def _pdf_text(data: bytes, *, max_pages: int | None) -> ExtractedText:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise AttachmentError("The PDF is password-protected.")
    pages = reader.pages
    selected = pages if max_pages is None else pages[:max_pages]
    texts = [_tidy(page.extract_text() or "") for page in selected]
    return ExtractedText(text="\f".join(texts), page_count=len(pages))


def _pptx_text(data: bytes, *, max_pages: int | None) -> ExtractedText:
    # Checked here too: stored files are extracted again later by the Celery task.
    zip_check_limits(io.BytesIO(data))
    presentation = Presentation(io.BytesIO(data))
    slides = list(presentation.slides)
    selected = slides if max_pages is None else slides[:max_pages]
    texts = []
    for slide in selected:
        if slide_is_hidden(slide):
            # Kept as an empty page so that slide n stays page n (search hits, passages and
            # the preview all number slides as the deck does); its words are not searchable.
            texts.append("")
            continue
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    parts.extend(cell.text for cell in row.cells)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
        texts.append(_tidy("\n".join(parts)))
    hidden = tuple(n for n, slide in enumerate(slides, start=1) if slide_is_hidden(slide))
    return ExtractedText(text="\f".join(texts), page_count=len(slides) - len(hidden), hidden=hidden)


def slide_is_hidden(slide) -> bool:
    """A slide marked hidden in PowerPoint (``show="0"``; python-pptx has no API for it):
    presenters skip it, so prospects and reps never see it in previews, counts or search."""
    return slide._element.get("show") in ("0", "false")


# Control characters (e.g. a PDF bullet glyph read as DEL) would show up as junk.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _tidy(text: str) -> str:
    """Collapse runs of spaces but keep one line per line of text (previews read better)."""
    text = _CONTROL_CHARACTERS.sub(" ", text.replace("\f", "\n"))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
