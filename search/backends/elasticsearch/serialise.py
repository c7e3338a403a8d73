"""Search documents as the ``_source`` bytes of an index write.

The passage vectors are most of a document's bytes; formatting 512 floats per passage
through Python's JSON was a rebuild's largest Python cost, so they are formatted by numpy
for a whole batch at once and spliced into the client's JSON for the other fields.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from elasticsearch.serializer import JsonSerializer

VECTOR_DECIMALS = 5  # JSON size; int8 quantisation in the index is far coarser

_serializer = JsonSerializer()  # the client's own: dates, Decimal, numpy scalars


def vectors_json(vectors: np.ndarray) -> list[bytes]:
    """Each row of ``vectors`` as a JSON array of its values rounded to
    ``VECTOR_DECIMALS`` decimals (``round(x, 5)``), formatted by numpy at a fixed width
    (`` 0.01660``, ``-0.00200``): Python formatting 512 floats per passage was the
    largest share of a rebuild. Values of 10 or more (never in a unit vector) fall back
    to the client's JSON."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
    if not vectors.size:
        return [b"[]" for _ in range(len(vectors))]
    scale = 10**VECTOR_DECIMALS
    if not np.isfinite(vectors).all() or np.abs(vectors).max() >= 9.99999:
        return [_serializer.dumps(np.round(row, VECTOR_DECIMALS).tolist()) for row in vectors]
    scaled = np.rint(vectors * scale).astype(np.int64)
    magnitude = np.abs(scaled)
    width = VECTOR_DECIMALS + 4  # sign, unit digit, point, decimals, comma
    text = np.empty((*scaled.shape, width), dtype=np.uint8)
    text[..., 0] = np.where(scaled < 0, ord("-"), ord(" "))
    text[..., 1] = ord("0") + magnitude // scale
    text[..., 2] = ord(".")
    for place in range(VECTOR_DECIMALS):
        text[..., 3 + place] = ord("0") + magnitude // 10 ** (VECTOR_DECIMALS - 1 - place) % 10
    text[..., -1] = ord(",")
    text[:, -1, -1] = ord("]")
    return [b"[" + row.tobytes() for row in text.reshape(len(scaled), -1)]


def documents_json(documents: list[dict[str, Any]]) -> list[bytes]:
    """Search documents (``search.documents.asset_documents``) as the ``_source`` bytes
    of a write: the client's JSON for every field, ``vectors_json`` for the passage
    vectors of all of them at once."""
    vectors = [
        passage["vector"]
        for document in documents
        for passage in document.get("passages", ())
        if "vector" in passage
    ]
    texts = iter(vectors_json(np.stack(vectors)) if vectors else [])
    result = []
    for document in documents:
        passages = document.get("passages")
        if not passages or not any("vector" in passage for passage in passages):
            result.append(_serializer.dumps(document))
            continue
        head = _serializer.dumps(
            {key: value for key, value in document.items() if key != "passages"}
        )
        parts = []
        for passage in passages:
            if "vector" not in passage:
                parts.append(_serializer.dumps(passage))
                continue
            rest = _serializer.dumps(
                {key: value for key, value in passage.items() if key != "vector"}
            )
            parts.append(rest[:-1] + b',"vector":' + next(texts) + b"}")
        result.append(head[:-1] + b',"passages":[' + b",".join(parts) + b"]}")
    return result
