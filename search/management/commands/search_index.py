"""``python manage.py search_index rebuild|status``."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search.backends.base import SearchBackendUnavailable, get_search_backend
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.elasticsearch.mapping import MAPPING_VERSION
from search.documents import asset_documents, indexable_asset_batches, indexable_assets
from search.embeddings import get_encoder
from search.passages import (
    PassageReport,
    embedding_status,
    embeddings_progress,
    passages_sync,
)
from search.selectors import dirty_asset_count


class Command(BaseCommand):
    help = (
        "rebuild: fill a new index and swap it in with zero downtime (progress shown). "
        "status: document counts, drift between database and index, analysis mode, alias."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status"])
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, action: str, batch_size: int, **options):
        backend = get_search_backend()
        try:
            if action == "rebuild":
                self.rebuild(backend, batch_size=batch_size)
            else:
                self.status(backend)
        except SearchBackendUnavailable as error:
            raise CommandError(f"search backend unavailable: {error}".splitlines()[0]) from error

    # -- rebuild --------------------------------------------------------------------

    def rebuild(self, backend, *, batch_size: int) -> None:
        total = indexable_assets().count()
        started = time.perf_counter()
        if not isinstance(backend, ElasticsearchBackend):
            self.stdout.write(f"Database backend: refreshing Wagtail's index for {total} assets")
            done = 0
            for batch in indexable_asset_batches(batch_size=batch_size):
                done += backend.bulk_index(batch)
                passages_sync(assets=batch, embed=False)
                self._progress(done, total, started)
            self._finish(done, started)
            self._embed()
            return

        encoder = get_encoder()
        self.stdout.write(
            f"Rebuilding {backend.alias} ({backend.detect_analysis_mode()} analysis, "
            f"mapping version {MAPPING_VERSION}, "
            f"{'passage vectors of ' + encoder.name if encoder else 'no passage vectors'}): "
            f"{total} live assets"
        )
        embedding = PassageReport()

        def batches():
            for batch in indexable_asset_batches(batch_size=batch_size):
                # Passages and their embeddings first: the documents carry both (kNN).
                report = passages_sync(assets=batch)
                embedding.embedded += report.embedded
                embedding.seconds_embedding += report.seconds_embedding
                yield asset_documents(batch)

        name, written, old = backend.rebuild(
            batches=batches(), on_progress=lambda done: self._progress(done, total, started)
        )
        self._finish(written, started)
        self.stdout.write(
            f"Alias {backend.alias} → {name}" + (f" (removed {', '.join(old)})" if old else "")
        )
        status = embedding_status()
        if status.model is None:
            self._embed()  # says why there are no vectors
            return
        seconds = embedding.seconds_embedding
        self.stdout.write(
            self.style.SUCCESS(
                f"Embedded {embedding.embedded} passages in {seconds:.1f}s "
                f"({embedding.embedded / max(seconds, 1e-6):,.0f} passages/s) while indexing; "
                f"{status.passages - embedding.embedded} were cached"
            )
        )

    def _embed(self) -> None:
        """Embed every passage not cached for the current encoder, with progress."""
        status = embedding_status()
        if status.model is None:
            self.stdout.write(
                self.style.WARNING(
                    "No encoder: passages stored, not embedded (search stays lexical-only)"
                    + (f": {status.failure}" if status.failure else "")
                )
            )
            return
        self.stdout.write(f"Embedding {status.stale} passages with {status.model}")
        started = time.perf_counter()
        done = 0
        for done in embeddings_progress():
            self._progress(done, status.stale, started)
        elapsed = time.perf_counter() - started
        if sys.stdout.isatty():
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Embedded {done} passages in {elapsed:.1f}s "
                f"({done / max(elapsed, 1e-6):,.0f} passages/s); "
                f"{status.passages - status.stale} were cached"
            )
        )

    def _progress(self, done: int, total: int, started: float) -> None:
        width = 30
        share = done / total if total else 1.0
        bar = "█" * int(share * width) + "·" * (width - int(share * width))
        rate = done / max(time.perf_counter() - started, 1e-6)
        stream = self.stdout
        if sys.stdout.isatty():
            stream.write(f"\r{bar} {done}/{total} ({rate:,.0f}/s)", ending="")
        else:
            stream.write(f"{bar} {done}/{total} ({rate:,.0f}/s)")
        stream.flush()

    def _finish(self, done: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        if sys.stdout.isatty():
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {done} assets in {elapsed:.1f}s ({done / max(elapsed, 1e-6):,.0f}/s)"
            )
        )

    # -- status ---------------------------------------------------------------------

    def status(self, backend) -> None:
        database_ids = set(indexable_assets().values_list("pk", flat=True))
        self.stdout.write(f"Backend:          {backend.name}")
        self.stdout.write(f"Live assets (db): {len(database_ids)}")
        self.stdout.write(f"Dirty (queued):   {dirty_asset_count()}")
        embeddings = embedding_status()
        self.stdout.write(
            f"Encoder:          {embeddings.model or 'none (lexical-only search)'}"
            + (f" — failed to load: {embeddings.failure}" if embeddings.failure else "")
        )
        line = (
            f"Passages:         {embeddings.passages}, {embeddings.embedded} embedded, "
            f"{embeddings.stale} stale"
        )
        self.stdout.write(self.style.WARNING(line) if embeddings.stale else line)
        self.stdout.write(f"Polish analysis:  {_polish_line(backend)}")
        if not isinstance(backend, ElasticsearchBackend):
            self.stdout.write("Index:            Wagtail database search (updated on save)")
            return
        targets = backend.alias_targets()
        indexed = backend.indexed_ids()
        missing = database_ids - indexed
        extra = indexed - database_ids
        self.stdout.write(f"Server:           Elasticsearch {backend.server_version()}")
        self.stdout.write(f"Alias:            {backend.alias} → {', '.join(targets) or '(none)'}")
        self.stdout.write(f"Documents:        {backend.document_count()}")
        self.stdout.write(
            f"Analysis mode:    index {backend.index_analysis_mode() or '-'}, "
            f"cluster supports {backend.detect_analysis_mode()}"
        )
        self._mapping_status(backend, current_encoder=embeddings.model)
        drift = len(missing) + len(extra)
        line = f"Drift:            {len(missing)} missing from index, {len(extra)} not live"
        self.stdout.write(self.style.SUCCESS(line) if not drift else self.style.WARNING(line))
        if missing:
            self.stdout.write(f"  missing ids: {sorted(missing)[:20]}")
        if extra:
            self.stdout.write(f"  stale ids:   {sorted(extra)[:20]}")

    def _mapping_status(self, backend, *, current_encoder: str | None) -> None:
        """The live index's mapping version and passage vectors against this code's:
        stale (an older mapping, vectors of another encoder or none) says to rebuild."""
        version = backend.index_mapping_version()
        if version is None:
            return
        line = f"Mapping:          version {version}, current {MAPPING_VERSION}"
        if version != MAPPING_VERSION:
            self.stdout.write(self.style.WARNING(f"{line}: stale, run `search_index rebuild`"))
        else:
            self.stdout.write(self.style.SUCCESS(line))
        built_with, dimensions = backend.vector_field()
        vectors = f"{built_with} ({dimensions} dims, kNN)" if dimensions else "none"
        line = f"Passage vectors:  {vectors}"
        if current_encoder and built_with != current_encoder:
            self.stdout.write(
                self.style.WARNING(
                    f"{line}; encoder is {current_encoder}: stale, run `search_index rebuild` "
                    "(search stays lexical-only on Elasticsearch until then)"
                )
            )
        else:
            self.stdout.write(line)


def _polish_line(backend) -> str:
    """Which Polish lemmatiser search uses now and (Elasticsearch) built the live index."""
    from search.polish import polish_analysis

    current = polish_analysis() or "off (words as written)"
    line = f"{current} lemmas computed in Python, at index and query time"
    if isinstance(backend, ElasticsearchBackend):
        built = backend.index_polish_analysis()
        line += f"; live index built with {built or 'none (rebuild to add Polish lemmas)'}"
    return line
