"""The index behind the backend: connection, alias, versioned rebuild, bulk writes.

Index layout
    One alias, ``<ELASTICSEARCH_INDEX_PREFIX>-assets``, points at one versioned index
    ``<alias>-<UTC timestamp>``. ``rebuild()`` fills a fresh versioned index with the
    client's bulk helpers and swaps the alias in one ``update_aliases`` call, so searches
    never see an empty or half-built index. Only live, unexpired assets are indexed.

``ElasticsearchIndex`` owns the server side of the backend (cluster facts, the alias and
its versioned indices, writes and the status reads); ``ElasticsearchBackend``
(``backend.py``) adds searching on top.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

from search.backends.base import SearchBackendUnavailable
from search.backends.elasticsearch.mapping import (
    LEMMA_FIELDS,
    MAPPING_VERSION,
    index_mappings,
    index_settings,
    passages_mapping,
)
from search.backends.elasticsearch.serialise import documents_json
from search.documents import asset_document, asset_documents

logger = logging.getLogger(__name__)

BULK_THREADS = 2
BULK_CHUNK = 1000
# A rebuild's bulk requests (1,000 documents with their passage vectors) can take longer
# than a search's 10 s on a loaded machine; a timeout there would abandon the whole build.
REBUILD_REQUEST_TIMEOUT = 120
UNAVAILABLE_ERRORS = (TransportConnectionError, ConnectionTimeout)

_clients: dict[str, Elasticsearch] = {}
_clients_lock = threading.Lock()
_ready_aliases: set[tuple[str, str]] = set()
# Per (url, alias): the encoder name and vector dimensions of the live index's
# ``passages.vector`` (``None`` without one) and its mapping version, read once and kept
# until the alias moves or the mapping changes.
_vector_fields: dict[tuple[str, str], tuple[str | None, int | None, int | None]] = {}


def client_for(url: str) -> Elasticsearch:
    """One pooled client per URL (connection reuse matters for p95)."""
    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            client = Elasticsearch(url, request_timeout=10, max_retries=0, retry_on_timeout=False)
            _clients[url] = client
        return client


class ElasticsearchIndex:
    """One alias (``<prefix>-assets``) on one cluster, and the versioned indices behind it."""

    def __init__(self, *, url: str | None = None, prefix: str | None = None) -> None:
        self.url = url or settings.ELASTICSEARCH_URL
        if not self.url:
            raise SearchBackendUnavailable("ELASTICSEARCH_URL is not set")
        self.alias = f"{prefix or settings.ELASTICSEARCH_INDEX_PREFIX}-assets"
        self.client = client_for(self.url)

    @property
    def refresh(self) -> bool:
        # Tests ask for refresh=True so a write is searchable at once; production relies
        # on the 1 s refresh interval.
        return bool(getattr(settings, "ENABLEMENT_SEARCH_REFRESH", False))

    # -- cluster ---------------------------------------------------------------

    def _call(self, function: Callable, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except UNAVAILABLE_ERRORS as error:
            raise SearchBackendUnavailable(str(error)) from error
        except ApiError as error:
            if error.meta.status >= 500 or error.meta.status == 429:
                raise SearchBackendUnavailable(str(error)) from error
            raise

    def is_available(self) -> bool:
        try:
            self._call(self.client.cluster.health, timeout="2s")
        except SearchBackendUnavailable:
            return False
        return True

    def cluster_modules(self) -> list[str]:
        info = self._call(self.client.nodes.info, metric="plugins")
        names: set[str] = set()
        for node in info["nodes"].values():
            names.update(module["name"] for module in node.get("modules", []))
            names.update(plugin["name"] for plugin in node.get("plugins", []))
        return sorted(names)

    def detect_analysis_mode(self) -> str:
        """``full`` when the cluster has analysis-common (stemming, folding), else ``core``."""
        return "full" if "analysis-common" in self.cluster_modules() else "core"

    def server_version(self) -> str:
        info = self._call(self.client.nodes.info, filter_path="nodes.*.version")
        versions = sorted({node.get("version", "?") for node in info["nodes"].values()})
        return ", ".join(versions)

    # -- index lifecycle ---------------------------------------------------------

    def alias_targets(self) -> list[str]:
        try:
            response = self._call(self.client.indices.get_alias, name=self.alias)
        except NotFoundError:
            return []
        return sorted(response.keys())

    def create_versioned_index(self) -> str:
        from search.embeddings import get_encoder

        mode = self.detect_analysis_mode()
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        name = f"{self.alias}-{stamp}"
        encoder = get_encoder()
        self._call(
            self.client.indices.create,
            index=name,
            settings=index_settings(analysis_mode=mode),
            mappings=index_mappings(
                analysis_mode=mode,
                encoder=encoder.name if encoder else None,
                vector_dimensions=encoder.dimensions if encoder else None,
            ),
        )
        return name

    def _key(self) -> tuple[str, str]:
        return (self.url, self.alias)

    def index_meta(self) -> dict[str, Any]:
        """The live index's ``_meta`` (empty without an index)."""
        targets = self.alias_targets()
        if not targets:
            return {}
        mapping = self._call(self.client.indices.get_mapping, index=targets[0])
        return mapping[targets[0]]["mappings"].get("_meta", {}) or {}

    def _vector_facts(self) -> tuple[str | None, int | None, int | None]:
        """(encoder, dimensions, mapping version) of the live index, read once per
        process and alias (see ``_vector_fields``)."""
        key = self._key()
        if key not in _vector_fields:
            targets = self.alias_targets()
            found: tuple[str | None, int | None, int | None] = (None, None, None)
            if targets:
                mapping = self._call(self.client.indices.get_mapping, index=targets[0])
                mappings = mapping[targets[0]]["mappings"]
                meta = mappings.get("_meta") or {}
                version = int(meta.get("mapping_version") or 1)
                vector = (
                    mappings.get("properties", {})
                    .get("passages", {})
                    .get("properties", {})
                    .get("vector")
                )
                if vector:
                    found = (meta.get("encoder"), vector.get("dims"), version)
                else:
                    found = (None, None, version)
            _vector_fields[key] = found
        return _vector_fields[key]

    def vector_field(self) -> tuple[str | None, int | None]:
        """(encoder, dimensions) of the live index's passage vectors, ``(None, None)``
        when it has none (built without an encoder, or by code before passages)."""
        encoder, dimensions, _ = self._vector_facts()
        return encoder, dimensions

    def knn_ready(self) -> bool:
        """Whether kNN can run: the live index holds vectors of the current encoder, in
        the current mapping (an older mapping, e.g. HNSW vectors before version 3, is
        searched lexically until ``search_index rebuild``, which ``status`` asks for)."""
        from search.embeddings import get_encoder

        encoder = get_encoder()
        if encoder is None:
            return False
        return self._vector_facts() == (encoder.name, encoder.dimensions, MAPPING_VERSION)

    def ensure_vectors(self) -> bool:
        """Add ``passages.vector`` for the current encoder to a live index built without
        one (an index built before an encoder was configured); ``True`` when the index
        can take the current encoder's vectors."""
        from search.embeddings import get_encoder

        encoder = get_encoder()
        if encoder is None:
            return False
        _, dimensions = self.vector_field()
        if dimensions is None:
            meta = self.index_meta()
            # Only the vector: the other passage fields keep the options they were built
            # with (changing a field's index options is refused).
            vector = passages_mapping(vector_dimensions=encoder.dimensions)["properties"]["vector"]
            self._call(
                self.client.indices.put_mapping,
                index=self.alias,
                properties={"passages": {"type": "nested", "properties": {"vector": vector}}},
                meta={**meta, "encoder": encoder.name},
            )
            _vector_fields.pop(self._key(), None)
            return True
        return dimensions == encoder.dimensions

    def ensure_index(self) -> None:
        key = (self.url, self.alias)
        if key in _ready_aliases:
            return
        if not self.alias_targets():
            name = self.create_versioned_index()
            self.swap_alias(name)
        else:
            # An index built before the Polish lemma fields or the passages: add the missing
            # ones (the mapping is strict, so documents carrying them would be refused; a
            # field present keeps its options, which cannot change). ``search_index
            # status`` still reports the older mapping version.
            targets = self.alias_targets()
            live = self._call(self.client.indices.get_mapping, index=targets[0])[targets[0]]
            present = live["mappings"].get("properties", {})
            wanted = {
                **LEMMA_FIELDS,
                "translation_of": {"type": "integer"},
                "passages": passages_mapping(vector_dimensions=None),
            }
            missing = {name: field for name, field in wanted.items() if name not in present}
            if missing:
                self._call(self.client.indices.put_mapping, index=self.alias, properties=missing)
        _ready_aliases.add(key)

    def swap_alias(self, new_index: str) -> list[str]:
        """Point the alias at ``new_index`` atomically; delete and return the old ones."""
        old = [name for name in self.alias_targets() if name != new_index]
        actions: list[dict[str, Any]] = [{"add": {"index": new_index, "alias": self.alias}}]
        actions += [{"remove": {"index": name, "alias": self.alias}} for name in old]
        self._call(self.client.indices.update_aliases, actions=actions)
        for name in old:
            self._call(self.client.options(ignore_status=404).indices.delete, index=name)
        _vector_fields.pop(self._key(), None)
        return old

    def reset_index(self) -> None:
        name = self.create_versioned_index()
        self.swap_alias(name)
        _ready_aliases.add((self.url, self.alias))

    def drop(self) -> None:
        """Delete the alias and every index behind it (tests and teardown)."""
        for name in self.alias_targets():
            self._call(self.client.options(ignore_status=404).indices.delete, index=name)
        _ready_aliases.discard((self.url, self.alias))
        _vector_fields.pop(self._key(), None)

    # -- writes ------------------------------------------------------------------

    def _fit_vectors(self, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``documents`` as the live index can take them: passage vectors only when its
        ``passages.vector`` is the current encoder's (else the next rebuild adds them)."""
        if not any("vector" in p for doc in documents for p in doc.get("passages", ())):
            return documents
        if self.ensure_vectors():
            return documents
        logger.warning(
            "index %s holds vectors of another encoder: rebuild it (search_index rebuild)",
            self.alias,
        )
        for document in documents:
            for passage in document.get("passages", ()):
                passage.pop("vector", None)
        return documents

    def index_document(self, document: dict[str, Any]) -> None:
        self.ensure_index()
        document = self._fit_vectors([document])[0]
        self._call(
            self.client.index,
            index=self.alias,
            id=str(document["id"]),
            document=documents_json([document])[0],
            refresh=self.refresh,
        )

    def index(self, asset) -> None:
        self.index_document(asset_document(asset))

    def bulk_index(self, assets: Iterable) -> int:
        return self.bulk_index_documents(asset_documents(list(assets)))

    def bulk_index_documents(
        self, documents: Iterable[dict[str, Any]], *, index: str | None = None
    ) -> int:
        if index is None:
            self.ensure_index()
            documents = self._fit_vectors(list(documents))
        target = index or self.alias
        documents = list(documents)
        actions = (
            {"_index": target, "_id": str(doc["id"]), "_source": source}
            for doc, source in zip(documents, documents_json(documents), strict=True)
        )
        written, _ = self._call(
            helpers.bulk, self.client, actions, chunk_size=1000, refresh=self.refresh
        )
        return written

    def delete(self, asset_id: int) -> None:
        if not self.alias_targets():
            return
        self._call(
            self.client.options(ignore_status=404).delete,
            index=self.alias,
            id=str(asset_id),
            refresh=self.refresh,
        )

    def bulk_delete(self, asset_ids: Iterable[int]) -> None:
        if not self.alias_targets_cached():
            return
        actions = [
            {"_op_type": "delete", "_index": self.alias, "_id": str(asset_id)}
            for asset_id in asset_ids
        ]
        # A 404 (already gone) is fine: deletes are idempotent.
        self._call(
            helpers.bulk,
            self.client,
            actions,
            refresh=self.refresh,
            raise_on_error=False,
        )

    def rebuild(
        self,
        *,
        batches: Iterator[list[dict[str, Any]]],
        on_progress: Callable[[int], None] | None = None,
    ) -> tuple[str, int, list[str]]:
        """Fill a new versioned index from ``batches`` of documents, then swap the alias.

        Returns (new index, documents written, old indices removed).
        """
        name = self.create_versioned_index()
        replicas = self._call(self.client.indices.get_settings, index=name)[name]["settings"][
            "index"
        ].get("number_of_replicas", "0")
        # A build nobody searches yet: no refreshes, no replicas and no fsync per bulk
        # request until it is complete (a crash mid-build loses only this unused index).
        self._call(
            self.client.indices.put_settings,
            index=name,
            settings={
                "index": {
                    "refresh_interval": "-1",
                    "number_of_replicas": 0,
                    "translog.durability": "async",
                }
            },
        )

        def send() -> int:
            # Documents are built (database reads) in this thread while up to
            # BULK_THREADS earlier chunks are sent, so reading and indexing overlap. The
            # ORM stays on this thread (helpers.parallel_bulk would read the generator
            # from a pool thread, on another database connection).
            sent = 0
            client = self.client.options(request_timeout=REBUILD_REQUEST_TIMEOUT)
            pending: deque[Future] = deque()
            with ThreadPoolExecutor(max_workers=BULK_THREADS) as pool:
                for documents in batches:
                    # Serialised here, not in the pool: JSON is CPU work that would only
                    # contend for the GIL there, and the pool is left to wait on the server.
                    actions = [
                        {"_index": name, "_id": str(doc["id"]), "_source": source}
                        for doc, source in zip(documents, documents_json(documents), strict=True)
                    ]
                    for start in range(0, len(actions), BULK_CHUNK):
                        chunk = actions[start : start + BULK_CHUNK]
                        pending.append(pool.submit(helpers.bulk, client, chunk))
                        while len(pending) > BULK_THREADS:
                            sent += pending.popleft().result()[0]
                            if on_progress:
                                on_progress(sent)
                while pending:
                    sent += pending.popleft().result()[0]
                    if on_progress:
                        on_progress(sent)
            return sent

        try:
            written = self._call(send)
            self._call(
                self.client.indices.put_settings,
                index=name,
                settings={
                    "index": {
                        "refresh_interval": None,
                        "number_of_replicas": int(replicas),
                        "translog.durability": None,
                    }
                },
            )
            self._call(self.client.indices.refresh, index=name)
        except BaseException:
            self._call(self.client.options(ignore_status=404).indices.delete, index=name)
            raise
        old = self.swap_alias(name)
        _ready_aliases.add((self.url, self.alias))
        return name, written, old

    # -- reads -------------------------------------------------------------------

    def indexed_ids(self) -> set[int]:
        if not self.alias_targets():
            return set()
        return {
            int(hit["_id"])
            for hit in self._call(
                lambda: list(
                    helpers.scan(self.client, index=self.alias, query={"_source": False}, size=5000)
                )
            )
        }

    def document_count(self) -> int:
        if not self.alias_targets():
            return 0
        return self._call(self.client.count, index=self.alias)["count"]

    def index_analysis_mode(self) -> str | None:
        targets = self.alias_targets()
        if not targets:
            return None
        mapping = self._call(self.client.indices.get_mapping, index=targets[0])
        return mapping[targets[0]]["mappings"].get("_meta", {}).get("analysis_mode")

    def index_mapping_version(self) -> int | None:
        """``MAPPING_VERSION`` of the code that built the live index (1 before it was
        recorded; ``None`` without an index)."""
        if not self.alias_targets():
            return None
        return int(self.index_meta().get("mapping_version") or 1)

    def mapping_is_current(self) -> bool:
        return self.index_mapping_version() == MAPPING_VERSION

    def index_polish_analysis(self) -> str | None:
        """The Polish lemmatiser the live index was built with (``None``: no lemma fields)."""
        targets = self.alias_targets()
        if not targets:
            return None
        mapping = self._call(self.client.indices.get_mapping, index=targets[0])
        return mapping[targets[0]]["mappings"].get("_meta", {}).get("polish_analysis")

    def alias_targets_cached(self) -> bool:
        key = (self.url, self.alias)
        if key in _ready_aliases:
            return True
        if self.alias_targets():
            _ready_aliases.add(key)
            return True
        return False
