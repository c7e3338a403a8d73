"""Hybrid ranking: lexical matches fused with passage-vector similarity (DESIGN §4a).

Vectors live in the database (``PassageEmbedding``). The database backend scores them in
process with numpy: one matrix per process, rebuilt when passages or embeddings change
(a cheap max-id/count check per query); fine up to ~10,000 assets (50,000 passages are
100 MB of float32). Elasticsearch indexes them with the passages and runs kNN itself
(``search/backends/elasticsearch/hybrid.py``), using the fusion and constants below; the
matrix is never loaded there.

Matching set
    the lexical matches, plus the ``SEMANTIC_TOP_K`` visible assets most similar to the
    question (best passage cosine ≥ ``SEMANTIC_FLOOR``). Filters then apply to that set
    as to lexical matches, so totals, facets and pages stay exact.

Fusion (reciprocal rank fusion)::

    score = LEXICAL_WEIGHT / (RRF_K + lexical rank) + SEMANTIC_WEIGHT / (RRF_K + semantic rank)

    a rank missing from one list contributes 0. Elasticsearch's lexical ranks already
    include the performance ranking (rescore), so performance still orders near-ties.

Languages
    a Polish asset's similarity to a query not in Polish is multiplied by
    ``CROSS_LANGUAGE_DISCOUNT`` before ranking (English is the library's shared language:
    Polish questions reach English assets at full weight, English ones prefer English),
    and a Polish translation whose original is similar too is left out for such a query.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Max

from search.embeddings import encode_query, from_bytes, get_encoder
from search.models import Passage, PassageEmbedding
from search.polish import query_is_polish

SEMANTIC_TOP_K = 20
SEMANTIC_FLOOR = 0.15
RRF_K = 20
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 1.0
CROSS_LANGUAGE_DISCOUNT = 0.85


@dataclass
class PassageMatrix:
    """Every embedded passage under one model: ids, assets and unit vectors."""

    model: str
    stamp: tuple
    passage_ids: np.ndarray
    asset_ids: np.ndarray
    vectors: np.ndarray
    polish_asset_ids: frozenset[int] = frozenset()
    # Polish translation id → its original's id.
    originals: dict[int, int] = field(default_factory=dict)


_matrix: PassageMatrix | None = None
_matrix_lock = threading.Lock()


def _stamp(model: str) -> tuple:
    passages = Passage.objects.aggregate(last=Max("id"), count=Count("id"))
    embeddings = PassageEmbedding.objects.filter(model=model).aggregate(
        last=Max("id"), count=Count("id")
    )
    return (passages["last"], passages["count"], embeddings["last"], embeddings["count"])


def passage_matrix() -> PassageMatrix | None:
    """The current matrix (``None`` without an encoder); reloaded after any change."""
    global _matrix
    encoder = get_encoder()
    if encoder is None:
        return None
    stamp = _stamp(encoder.name)
    current = _matrix
    if current is not None and current.model == encoder.name and current.stamp == stamp:
        return current
    with _matrix_lock:
        vectors = dict(
            PassageEmbedding.objects.filter(model=encoder.name).values_list("text_hash", "vector")
        )
        rows = [
            (pk, asset_id, vectors[digest])
            for pk, asset_id, digest in Passage.objects.order_by("asset_id", "id").values_list(
                "pk", "asset_id", "text_hash"
            )
            if digest in vectors
        ]
        matrix = np.zeros((len(rows), encoder.dimensions), dtype=np.float32)
        for index, (_, _, data) in enumerate(rows):
            matrix[index] = from_bytes(data)
        from content.models import AssetPage

        _matrix = PassageMatrix(
            model=encoder.name,
            stamp=stamp,
            passage_ids=np.array([row[0] for row in rows], dtype=np.int64),
            asset_ids=np.array([row[1] for row in rows], dtype=np.int64),
            vectors=matrix,
            polish_asset_ids=frozenset(
                AssetPage.objects.filter(language="pl").values_list("pk", flat=True)
            ),
            originals=dict(
                AssetPage.objects.filter(language="pl", translation_of__isnull=False).values_list(
                    "pk", "translation_of_id"
                )
            ),
        )
        return _matrix


def passage_similarities(text: str) -> tuple[PassageMatrix, np.ndarray] | None:
    """Cosine of every embedded passage with ``text`` (``None`` without an encoder)."""
    vector = encode_query(text)
    if vector is None:
        return None
    matrix = passage_matrix()
    if matrix is None or not len(matrix.passage_ids):
        return None
    return matrix, matrix.vectors @ vector


def asset_similarities(text: str, *, floor: float = SEMANTIC_FLOOR) -> dict[int, float] | None:
    """Each asset's best passage cosine with ``text``, best first, those ≥ ``floor``
    (``None`` when semantic search is off: no encoder, no vectors, or no text)."""
    if not text.strip():
        return None
    scored = passage_similarities(text)
    if scored is None:
        return None
    matrix, similarities = scored
    # Passages are sorted by asset: the best of each run of equal asset ids.
    starts = np.flatnonzero(np.r_[True, matrix.asset_ids[1:] != matrix.asset_ids[:-1]])
    best = np.maximum.reduceat(similarities, starts)
    assets = matrix.asset_ids[starts]
    if matrix.polish_asset_ids and not query_is_polish(text):
        # A Polish asset answers a question asked in another language at a discount
        # (the library's shared language is English; a Polish question still reaches
        # English assets at full weight).
        polish = np.isin(assets, list(matrix.polish_asset_ids))
        best = np.where(polish, best * CROSS_LANGUAGE_DISCOUNT, best)
    order = np.argsort(-best, kind="stable")
    similar = {int(assets[i]): float(best[i]) for i in order if best[i] >= floor}
    if matrix.originals and not query_is_polish(text):
        # The Polish translation of a similar original takes no slot of its own (the
        # original's page says "also in: Polski").
        similar = {
            asset_id: score
            for asset_id, score in similar.items()
            if matrix.originals.get(asset_id) not in similar
        }
    return similar


def top_semantic(similarities: dict[int, float], allowed, *, k: int = SEMANTIC_TOP_K) -> list[int]:
    """The ``k`` most similar asset ids among ``allowed`` (a container of ids)."""
    chosen = []
    for asset_id in similarities:
        if asset_id in allowed:
            chosen.append(asset_id)
            if len(chosen) == k:
                break
    return chosen


def fuse(lexical: list[int], semantic: list[int]) -> dict[int, float]:
    """Reciprocal rank fusion of two ranked id lists (see the module docstring)."""
    scores: dict[int, float] = {}
    for rank, asset_id in enumerate(lexical, start=1):
        scores[asset_id] = scores.get(asset_id, 0.0) + LEXICAL_WEIGHT / (RRF_K + rank)
    for rank, asset_id in enumerate(semantic, start=1):
        scores[asset_id] = scores.get(asset_id, 0.0) + SEMANTIC_WEIGHT / (RRF_K + rank)
    return scores


def fuse_ids(visible: set[int], lexical: dict[int, float], semantic: dict[int, float]) -> dict:
    """The database backend's matching set and fused scores: the ``visible`` ids that
    match lexically (``lexical``: id → lexical score) or are among the top semantic ones,
    each with its fused score."""
    semantic_ids = top_semantic(semantic, visible)
    lexical_ids = sorted(
        (pk for pk in lexical if pk in visible), key=lambda pk: (-lexical[pk], -pk)
    )
    return fuse(lexical_ids, semantic_ids)


def semantic_or_none(text: str) -> dict[int, float] | None:
    """``asset_similarities`` that never raises (search must answer lexically instead);
    ``None`` for text without words (a lone quote means nothing, not everything)."""
    import logging

    from search.query_text import query_words

    if not query_words(text):
        return None

    try:
        return asset_similarities(text)
    except Exception:
        logging.getLogger(__name__).warning("semantic ranking failed", exc_info=True)
        return None
