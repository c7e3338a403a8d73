"""Watermarks drawn into the page images (and the PDF) a prospect gets through a share link.

Drawn onto the pixels with Pillow, so a saved image or a downloaded file carries it (a CSS
overlay would not). Each watermarked image is made once per link, page and size and kept
in storage under ``previews/watermarked/<link>/`` (named after the page row and the text,
so a re-render or a new text makes a new one). Revoking the link deletes them
(``watermarked_files_delete``, queued on commit by ``share_link_revoke``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from content.rendering import IMAGE_FORMAT
from enablement.tracking.models import ShareLink

logger = logging.getLogger(__name__)

OPACITY = 60  # of 255: readable, not in the way of the page


def watermark_image(data: bytes, text: str) -> bytes:
    """``data`` (any image Pillow reads) with ``text`` tiled diagonally across it."""
    with Image.open(io.BytesIO(data)) as source:
        picture = source.convert("RGBA")
    width, height = picture.size
    size = max(12, width // 28)
    font = ImageFont.load_default(size=size)
    left, top, right, bottom = font.getbbox(text)
    stamp = Image.new("RGBA", (right - left + size, bottom - top + size), (0, 0, 0, 0))
    ImageDraw.Draw(stamp).text(
        (size // 2 - left, size // 2 - top), text, font=font, fill=(90, 90, 90, OPACITY)
    )
    stamp = stamp.rotate(30, expand=True)
    layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    step_x = stamp.width + size * 2
    step_y = stamp.height + size * 2
    for row, y in enumerate(range(-stamp.height // 2, height, step_y)):
        offset = (step_x // 2) * (row % 2)
        for x in range(-stamp.width // 2 - offset, width, step_x):
            layer.paste(stamp, (x, y), stamp)
    out = io.BytesIO()
    Image.alpha_composite(picture, layer).convert("RGB").save(
        out, format=IMAGE_FORMAT.upper(), quality=82
    )
    return out.getvalue()


WATERMARKED_ROOT = "previews/watermarked"


def watermarked_directory(*, link_id: int) -> str:
    return f"{WATERMARKED_ROOT}/{int(link_id)}"


def watermarked_page_name(*, link_id: int, page_id: int, size: str, text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return f"{watermarked_directory(link_id=link_id)}/{page_id}-{size}-{digest}.{IMAGE_FORMAT}"


def watermarked_files_delete(*, link_id: int) -> int:
    """Delete every watermarked file kept for the link (and its folder where the storage
    has folders); returns how many files went. Safe to run twice."""
    directory = watermarked_directory(link_id=link_id)
    try:
        _folders, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return 0
    for name in files:
        default_storage.delete(f"{directory}/{name}")
    # Local storage keeps the empty folder; object stores have none (path() raises).
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(default_storage.path(directory))
    logger.info("deleted %s watermarked files of share link %s", len(files), link_id)
    return len(files)


def watermarked_files_sweep() -> int:
    """Delete the watermarked files of every link that no longer serves them (revoked,
    expired, or deleted with its deal), for a revoke whose delete task was lost; returns
    how many links' files went."""
    try:
        folders, _files = default_storage.listdir(WATERMARKED_ROOT)
    except FileNotFoundError:
        return 0
    link_ids = {int(name) for name in folders if name.isdigit()}
    serving = set(
        ShareLink.objects.filter(
            pk__in=link_ids, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).values_list("pk", flat=True)
    )
    stale = sorted(link_ids - serving)
    for link_id in stale:
        watermarked_files_delete(link_id=link_id)
    return len(stale)


def watermarked_page(*, link, page, size: str, field) -> str:
    """The storage name of ``page``'s image at ``size`` with ``link.watermark``, made on
    first request and reused after. ``FileNotFoundError`` when the link was revoked while
    the image was drawn (the revoke's sweep may have run already: nothing is kept)."""
    name = watermarked_page_name(link_id=link.pk, page_id=page.pk, size=size, text=link.watermark)
    if not default_storage.exists(name):
        with field.open("rb") as stream:
            data = watermark_image(stream.read(), link.watermark)
        name = default_storage.save(name, ContentFile(data))
        # A revoke that landed while this was drawn has already swept the folder: leave
        # nothing behind for a link that no longer works.
        if ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=False).exists():
            default_storage.delete(name)
            raise FileNotFoundError(name)
    return name


def watermarked_pdf(images: list[bytes]) -> bytes:
    """One PDF of already watermarked page images, in order (a watermarked download)."""
    pictures = [Image.open(io.BytesIO(data)).convert("RGB") for data in images]
    out = io.BytesIO()
    first, rest = pictures[0], pictures[1:]
    # 150 dpi keeps the readable page size a sensible paper size.
    first.save(out, format="PDF", save_all=True, append_images=rest, resolution=150.0)
    return out.getvalue()
