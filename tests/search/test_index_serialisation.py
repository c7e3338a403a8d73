"""The ``_source`` bytes the Elasticsearch index writes (``documents_json``): the same
JSON the client would write for the document with each passage vector rounded to
``VECTOR_DECIMALS`` (a rebuild's largest Python cost was formatting those floats)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import numpy as np
from elasticsearch.serializer import JsonSerializer

from search.backends.elasticsearch.serialise import VECTOR_DECIMALS, documents_json, vectors_json


def _as_the_client_writes_it(document: dict) -> dict:
    plain = {
        **document,
        "passages": [
            {
                **passage,
                **(
                    {"vector": np.round(passage["vector"].astype(np.float64), 5).tolist()}
                    if "vector" in passage
                    else {}
                ),
            }
            for passage in document.get("passages", ())
        ],
    }
    return json.loads(JsonSerializer().dumps(plain))


def _document(number: int, vectors: list[np.ndarray | None]) -> dict:
    return {
        "id": number,
        "title": f'Quote "{number}" — zażółć\u0000',
        "published_at": datetime(2026, 12, 3, 8, 0, tzinfo=UTC),
        "win_rate": Decimal("0.25"),
        "groups": ["__everyone__"],
        "passages": [
            {"id": index, "kind": "page", "number": index + 1, "text": "t", "text_pl": ""}
            | ({"vector": vector} if vector is not None else {})
            for index, vector in enumerate(vectors)
        ],
    }


def test_documents_are_the_clients_json_with_vectors_rounded_to_five_decimals():
    rng = np.random.default_rng(11)
    unit = rng.normal(size=(5, 512)).astype(np.float32)
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    edges = np.zeros(512, dtype=np.float32)
    edges[:6] = [1.0, -1.0, -0.0, 0.000004, -0.000006, 0.999996]
    documents = [
        _document(1, [unit[0], unit[1]]),
        _document(2, [None, unit[2], None]),  # a passage without a vector between two
        _document(3, []),
        _document(4, [edges, unit[3], unit[4]]),
    ]
    written = [json.loads(source) for source in documents_json(documents)]

    assert written == [_as_the_client_writes_it(document) for document in documents]
    assert written[3]["passages"][0]["vector"][:6] == [1.0, -1.0, 0.0, 0.0, -1e-05, 1.0]


def test_vectors_outside_the_unit_range_fall_back_to_the_clients_json():
    vectors = np.array([[12.5, -0.5], [np.inf, 0.0]])
    assert [json.loads(text) for text in vectors_json(vectors[:1])] == [[12.5, -0.5]]
    assert vectors_json(vectors)[0] == b"[12.5,-0.5]"
    assert len(vectors_json(np.zeros((3, 4)))) == 3
    assert VECTOR_DECIMALS == 5
