"""Watermarks drawn into the page images (and the PDF) a prospect gets through a share link.

Drawn onto the pixels with Pillow, so a saved image or a downloaded file carries it (a CSS
overlay would not). Each watermarked image is made once per link, page and size and kept
in storage under ``previews/watermarked/<link>/`` (named after the page row and the text,
so a re-render or a new text makes a new one).
"""

from __future__ import annotations

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from content.rendering import IMAGE_FORMAT

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


def watermarked_page_name(*, link_id: int, page_id: int, size: str, text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return f"previews/watermarked/{link_id}/{page_id}-{size}-{digest}.{IMAGE_FORMAT}"


def watermarked_page(*, link, page, size: str, field) -> str:
    """The storage name of ``page``'s image at ``size`` with ``link.watermark``, made on
    first request and reused after."""
    name = watermarked_page_name(link_id=link.pk, page_id=page.pk, size=size, text=link.watermark)
    if not default_storage.exists(name):
        with field.open("rb") as stream:
            data = watermark_image(stream.read(), link.watermark)
        name = default_storage.save(name, ContentFile(data))
    return name


def watermarked_pdf(images: list[bytes]) -> bytes:
    """One PDF of already watermarked page images, in order (a watermarked download)."""
    pictures = [Image.open(io.BytesIO(data)).convert("RGB") for data in images]
    out = io.BytesIO()
    first, rest = pictures[0], pictures[1:]
    # 150 dpi keeps the readable page size a sensible paper size.
    first.save(out, format="PDF", save_all=True, append_images=rest, resolution=150.0)
    return out.getvalue()
