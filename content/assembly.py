"""Assemble one PDF from pages of several decks, in the order a rep chose.

PDF pages are imported as they are (vector text stays text) with PDFium (``pypdfium2``);
a deck's slide that exists only as a rendered image (a PPTX, previewed through
LibreOffice) goes in as that image on a page of its own size. Callers pass only assets
the user may see (``assemble_choices`` reads them from ``assets_visible_to``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from PIL import Image

from content.models import AssetPage, DocumentPage
from content.selectors import assets_visible_to

MAX_ASSEMBLED_PAGES = 200
MAX_DECKS = 20
MAX_ID = 2**31 - 1


class AssemblyError(Exception):
    """Why the chosen pages cannot be assembled; ``field`` names the form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ChosenPage:
    asset: AssetPage
    number: int


def assemble_choices(*, user) -> QuerySet[AssetPage]:
    """Decks and documents ``user`` may see now that have rendered pages (to pick from)."""
    return (
        assets_visible_to(user=user)
        .filter(attachment__isnull=False)
        .annotate(page_count=Count("attachment__pages", distinct=True))
        .filter(page_count__gt=0)
        .order_by("title")
    )


def deck_page_numbers(*, assets) -> dict[int, list[int]]:
    """Each asset's rendered page numbers in order (by asset id), in one query: a deck's
    real slide numbers (hidden slides are not rendered, so its numbers may skip some)."""
    by_document: dict[int, list[int]] = {}
    for asset in assets:
        if asset.attachment_id:
            by_document.setdefault(asset.attachment_id, []).append(asset.pk)
    numbers: dict[int, list[int]] = {}
    rows = (
        DocumentPage.objects.filter(document_id__in=list(by_document))
        .values_list("document_id", "number")
        .order_by("document_id", "number")
    )
    for document_id, number in rows:
        for asset_id in by_document[document_id]:
            numbers.setdefault(asset_id, []).append(number)
    return numbers


def parse_page_choice(value) -> tuple[int, int] | None:
    """``"<asset id>:<page number>"`` as two positive ints, or ``None``."""
    if not isinstance(value, str) or len(value) > 24 or value.count(":") != 1:
        return None
    asset_part, page_part = value.split(":")
    if not (asset_part.isascii() and asset_part.isdigit()):
        return None
    if not (page_part.isascii() and page_part.isdigit()):
        return None
    asset_id, number = int(asset_part), int(page_part)
    if not (1 <= asset_id <= MAX_ID and 1 <= number <= MAX_ID):
        return None
    return asset_id, number


def pages_choose(*, user, choices: list[tuple[int, int]]) -> list[ChosenPage]:
    """The chosen ``(asset id, page number)`` pairs checked against what ``user`` may see
    now and what is rendered; ``AssemblyError`` for any that is not (never saying which
    assets exist)."""
    if not choices:
        raise AssemblyError("pages", _("Tick at least one page."))
    if len(choices) > MAX_ASSEMBLED_PAGES:
        raise AssemblyError(
            "pages", _("At most %(max)s pages in one deck.") % {"max": MAX_ASSEMBLED_PAGES}
        )
    asset_ids = {asset_id for asset_id, _number in choices}
    if len(asset_ids) > MAX_DECKS:
        raise AssemblyError("pages", _("Pages from at most %(max)s decks.") % {"max": MAX_DECKS})
    assets = {
        asset.pk: asset
        for asset in assemble_choices(user=user)
        .filter(pk__in=asset_ids)
        .select_related("attachment")
    }
    if set(assets) != asset_ids:
        raise AssemblyError("pages", _("Unknown deck, or one you may not use."))
    numbers = {
        asset_id: set(pages)
        for asset_id, pages in deck_page_numbers(assets=assets.values()).items()
    }
    chosen = []
    for asset_id, number in choices:
        if number not in numbers.get(asset_id, ()):
            raise AssemblyError(
                "pages", _("No such page in “%(title)s”.") % {"title": assets[asset_id].title}
            )
        chosen.append(ChosenPage(asset=assets[asset_id], number=number))
    return chosen


def pages_assemble(chosen: list[ChosenPage]) -> bytes:
    """One PDF of the chosen pages, in order."""
    output = pdfium.PdfDocument.new()
    sources: dict[int, pdfium.PdfDocument] = {}
    try:
        for choice in chosen:
            source = sources.get(choice.asset.pk)
            if source is None:
                source = sources[choice.asset.pk] = _source_pdf(choice.asset)
            if choice.asset.attachment.kind == "pdf":
                if choice.number > len(source):  # the file changed since it was rendered
                    raise AssemblyError(
                        "pages",
                        _("“%(title)s” changed; pick its pages again.")
                        % {"title": choice.asset.title},
                    )
                output.import_pages(source, pages=[choice.number - 1])
            else:
                output.import_pages(_image_pdf(choice.asset, choice.number), pages=[0])
        buffer = io.BytesIO()
        output.save(buffer)
        return buffer.getvalue()
    finally:
        for source in sources.values():
            source.close()
        output.close()


def _source_pdf(asset: AssetPage) -> pdfium.PdfDocument:
    if asset.attachment.kind != "pdf":
        return pdfium.PdfDocument.new()  # slides come from their rendered images
    with asset.attachment.file.open("rb") as stream:
        return pdfium.PdfDocument(stream.read())


def _image_pdf(asset: AssetPage, number: int) -> pdfium.PdfDocument:
    page = DocumentPage.objects.get(document_id=asset.attachment_id, number=number)
    with page.image.open("rb") as stream, Image.open(stream) as picture:
        buffer = io.BytesIO()
        picture.convert("RGB").save(buffer, format="PDF", resolution=150.0)
    return pdfium.PdfDocument(buffer.getvalue())
