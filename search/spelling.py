"""Spelling correction ("did you mean") from the library's own *visible* vocabulary.

The dictionary is the words of live, unexpired assets (title, summary, body, type fields,
attachment text, tags), kept in buckets by who may see them: ``public`` for assets everyone
in the library sees, one bucket per group for restricted assets, and ``""`` for restricted
assets naming no group (only those who see everything). A searcher's dictionary is the
union of the buckets they may see, so a word only a restricted asset contains is never
offered to someone outside its groups.

Built lazily (only a query that finds little asks for corrections) and cached per process
under a fingerprint of the library (how many assets are live, the latest publish, the
highest id): publishing, retiring, expiring or deleting an asset changes the fingerprint,
and the next correction rebuilds. Candidates come from ``rapidfuzz`` (optimal string
alignment distance, so a swapped pair of letters counts once).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from search.backends.base import Audience

PUBLIC = "public"
NOBODY = ""
MIN_WORD_LENGTH = 4
_DICTIONARY_WORDS = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_TEXT_FIELDS = ("title", "summary", "body", "details", "attachment_text", "keywords")

_lock = threading.Lock()
_cache: dict[str, Any] = {}


def max_edits(word: str) -> int:
    """Edits allowed for a word of this length (as Elasticsearch's ``AUTO:4,8``)."""
    if len(word) < MIN_WORD_LENGTH:
        return 0
    return 1 if len(word) < 8 else 2


def _library_fingerprint() -> tuple:
    from django.db.models import Count, Max

    from search.documents import indexable_assets

    row = indexable_assets().aggregate(
        count=Count("pk"), published=Max("last_published_at"), top=Max("pk")
    )
    return (row["count"], row["published"], row["top"])


def _build_buckets() -> dict[str, Counter[str]]:
    from search.documents import EVERYONE, asset_documents, indexable_asset_batches

    buckets: dict[str, Counter[str]] = {}
    for batch in indexable_asset_batches():
        for document in asset_documents(batch, with_passages=False):
            words = Counter(
                word.lower()
                for name in _TEXT_FIELDS
                for word in _DICTIONARY_WORDS.findall(document.get(name) or "")
            )
            groups = document["groups"]
            names = [PUBLIC] if EVERYONE in groups else (groups or [NOBODY])
            for name in names:
                buckets.setdefault(name, Counter()).update(words)
    return buckets


def visible_vocabulary(*, audience: Audience) -> Counter[str]:
    """Word → frequency over the live assets ``audience`` may see."""
    if not audience.member:
        return Counter()
    fingerprint = _library_fingerprint()
    with _lock:
        if _cache.get("fingerprint") != fingerprint:
            _cache.clear()
    buckets = _cache.get("buckets")
    if buckets is None:
        buckets = _build_buckets()
        with _lock:
            _cache.update(fingerprint=fingerprint, buckets=buckets, merged={})
    key = "*" if audience.sees_all else "|".join(sorted(audience.groups))
    merged = _cache.setdefault("merged", {})
    vocabulary = merged.get(key)
    if vocabulary is None:
        names = list(buckets) if audience.sees_all else [PUBLIC, *sorted(audience.groups)]
        vocabulary = Counter()
        for name in names:
            vocabulary.update(buckets.get(name, {}))
        merged[key] = vocabulary
    return vocabulary


def spelling_vocabulary_clear(**_: Any) -> None:
    with _lock:
        _cache.clear()


def word_correction(word: str, vocabulary: Counter[str]) -> str | None:
    """The closest visible word to ``word`` (fewest edits, then most frequent; the first
    letter kept, as reps rarely get that wrong), or ``None``."""
    edits = max_edits(word)
    if not edits or word in vocabulary:
        return None
    choices = [candidate for candidate in vocabulary if candidate[0] == word[0]]
    matches = process.extract(word, choices, scorer=OSA.distance, score_cutoff=edits, limit=None)
    if not matches:
        return None
    best = min(matches, key=lambda match: (match[1], -vocabulary[match[0]], match[0]))
    return best[0]


def spelling_corrections(*, words: list[str], audience: Audience) -> dict[str, str]:
    """Corrections for the ``words`` no visible asset contains (word → visible word)."""
    candidates = [word.lower() for word in words if max_edits(word)]
    if not candidates:
        return {}
    vocabulary = visible_vocabulary(audience=audience)
    corrections = {}
    for word in candidates:
        correction = word_correction(word, vocabulary)
        if correction:
            corrections[word] = correction
    return corrections


def words_visible(*, words: list[str], audience: Audience) -> set[str]:
    """Which of ``words`` occur in some asset ``audience`` may see."""
    vocabulary = visible_vocabulary(audience=audience)
    return {word for word in words if word.lower() in vocabulary}
