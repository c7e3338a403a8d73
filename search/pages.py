"""Slide-level hits: which pages of a result's file match the query.

Page text is indexed per page on both backends: the passages (``search.passages``: one
``page`` passage per page or slide of an attachment, with its number), kept by
``assets_sync``. On Elasticsearch they are nested in each asset's document and the search
itself brings each hit's matching pages back, highlighted (``Hit.pages``, from inner
hits in the same round trip). On the database backend this reads the page passages of
the hits on the page in one query and ranks them: the whole phrase first, then the share
of the query's words. Either way, one more query says which pages have a thumbnail
(rendering happens after indexing) and how many pages the file has.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

from content.models import AssetPage
from content.previews import THUMBNAIL, page_image_url
from search.answers import _stem, highlight_words, question_words
from search.backends.base import Hit
from search.models import Passage

PAGES_PER_HIT = 3
SNIPPET_CHARS = 220


@dataclass(frozen=True)
class PageMatch:
    number: int
    of: int | None  # pages or slides in the file, when known
    unit: str  # "slide" (PPTX) or "page"
    highlight: str  # HTML: escaped text with the query's words in <mark>
    thumbnail_url: str | None  # None while the page is not rendered

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "highlight": self.highlight,
            "thumbnail_url": self.thumbnail_url,
        }


def _phrase(text: str) -> str:
    return " ".join(re.sub(r"[\"“”„]", " ", text).lower().split())


def _snippet(text: str, words: list[str], phrase: str) -> str:
    lowered = text.lower()
    start = lowered.find(phrase) if phrase else -1
    if start < 0:
        positions = [lowered.find(_stem(word)) for word in words]
        positions = [position for position in positions if position >= 0]
        start = min(positions) if positions else 0
    begin = max(0, start - SNIPPET_CHARS // 3)
    piece = " ".join(text[begin : begin + SNIPPET_CHARS].split())
    return ("…" if begin else "") + piece + ("…" if begin + SNIPPET_CHARS < len(text) else "")


def hits_page_matches(
    *, hits: Sequence[Hit], text: str, per_hit: int = PAGES_PER_HIT
) -> dict[int, list[PageMatch]]:
    """The best matching pages of each hit's file for ``text``, best first, by asset id.

    Callers pass only hits the user may see (search results). Pages the backend found
    with the hits (``Hit.pages``) are used as they are; otherwise a page matches when it
    holds at least one of the query's words, the whole phrase first. At most three
    queries, however many hits.
    """
    found = {hit.id: hit.pages[:per_hit] for hit in hits if hit.pages is not None}
    matches = _backend_page_matches(found) if any(found.values()) else {}
    rest = [hit.id for hit in hits if hit.pages is None]
    if rest:
        matches.update(_database_page_matches(asset_ids=rest, text=text, per_hit=per_hit))
    return matches


def _page_files(asset_ids: list[int]) -> tuple[dict[int, tuple], set[tuple[int, int]]]:
    """Each asset's (page count, file name), and its rendered (asset, page) pairs."""
    files = {
        asset_id: (count, name)
        for asset_id, count, name in AssetPage.objects.filter(pk__in=asset_ids).values_list(
            "pk", "attachment__page_count", "attachment__file"
        )
    }
    rendered = set(
        AssetPage.objects.filter(pk__in=asset_ids, attachment__pages__isnull=False).values_list(
            "pk", "attachment__pages__number"
        )
    )
    return files, rendered


def _page_match(asset_id, number, highlight, files, rendered) -> PageMatch:
    count, name = files.get(asset_id, (None, ""))
    return PageMatch(
        number=number,
        of=count,
        unit="slide" if str(name).endswith(".pptx") else "page",
        highlight=highlight,
        thumbnail_url=page_image_url(asset_id=asset_id, number=number, size=THUMBNAIL)
        if (asset_id, number) in rendered
        else None,
    )


def _backend_page_matches(found: dict[int, list[tuple[int, str]]]) -> dict[int, list[PageMatch]]:
    files, rendered = _page_files([asset_id for asset_id, pages in found.items() if pages])
    return {
        asset_id: [
            _page_match(asset_id, number, highlight, files, rendered) for number, highlight in pages
        ]
        for asset_id, pages in found.items()
        if pages
    }


def _database_page_matches(
    *, asset_ids: Sequence[int], text: str, per_hit: int
) -> dict[int, list[PageMatch]]:
    words = question_words(text)
    if not words or not asset_ids:
        return {}
    phrase = _phrase(text)
    condition = Q()
    for word in words[:8]:
        condition |= Q(text__icontains=_stem(word))
    rows = (
        Passage.objects.filter(condition, asset_id__in=list(asset_ids), kind=Passage.Kind.PAGE)
        .values_list("asset_id", "number", "text")
        .order_by("asset_id", "number")[:2000]
    )
    scored: dict[int, list[tuple[float, int, str]]] = {}
    for asset_id, number, page_text in rows:
        lowered = page_text.lower()
        share = sum(1 for word in words if _stem(word) in lowered) / len(words)
        if share <= 0:
            continue
        has_phrase = len(words) > 1 and phrase in " ".join(lowered.split())
        scored.setdefault(asset_id, []).append((float(has_phrase) + share, number, page_text))
    if not scored:
        return {}
    files, rendered = _page_files(list(scored))
    matches: dict[int, list[PageMatch]] = {}
    for asset_id, pages in scored.items():
        best = sorted(pages, key=lambda row: (-row[0], row[1]))[:per_hit]
        matches[asset_id] = [
            _page_match(
                asset_id,
                number,
                highlight_words(_snippet(page_text, words, phrase), words),
                files,
                rendered,
            )
            for _, number, page_text in best
        ]
    return matches
