"""Slide-level hits: which pages of a result's file match the query.

Reuses the passages (``search.passages``: one ``page`` passage per page or slide of an
attachment, with its number), kept for every backend by ``assets_sync``: no second page
index. The backend finds the assets; this reads the page passages of the hits on the page
in one query and ranks them: the whole phrase first, then the share of the query's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

from content.models import AssetPage
from content.previews import THUMBNAIL, page_image_url
from search.answers import _stem, highlight_words, question_words
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
    *, asset_ids: Sequence[int], text: str, per_hit: int = PAGES_PER_HIT
) -> dict[int, list[PageMatch]]:
    """The best matching pages of each asset's file for ``text``, best first, by asset id.

    Callers pass only assets the user may see (search hits). A page matches when it holds
    at least one of the query's words; the whole phrase ranks first. Two queries, however
    many hits.
    """
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
    files = {
        asset_id: (count, name)
        for asset_id, count, name in AssetPage.objects.filter(pk__in=list(scored)).values_list(
            "pk", "attachment__page_count", "attachment__file"
        )
    }
    rendered = set(
        AssetPage.objects.filter(pk__in=list(scored), attachment__pages__isnull=False).values_list(
            "pk", "attachment__pages__number"
        )
    )
    matches: dict[int, list[PageMatch]] = {}
    for asset_id, pages in scored.items():
        best = sorted(pages, key=lambda row: (-row[0], row[1]))[:per_hit]
        matches[asset_id] = [
            PageMatch(
                number=number,
                of=files.get(asset_id, (None, ""))[0],
                unit="slide"
                if str(files.get(asset_id, (None, ""))[1]).endswith(".pptx")
                else "page",
                highlight=highlight_words(_snippet(page_text, words, phrase), words),
                thumbnail_url=page_image_url(asset_id=asset_id, number=number, size=THUMBNAIL)
                if (asset_id, number) in rendered
                else None,
            )
            for _, number, page_text in best
        ]
    return matches
