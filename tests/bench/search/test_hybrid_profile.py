"""Where one hybrid search / answers request spends its time (issue 11, perfq).

Run (not part of the unit suite; PostgreSQL + Elasticsearch):
    .venv/bin/pytest tests/bench/search/test_hybrid_profile.py -s -p no:logging
Size: HYBRID_PROFILE_ASSETS (default 3,000). Seeds like the semantic benchmark (a real
encoder sample, copies of those vectors for the rest), then times the search API with
hybrid off and on and the answers API in the same run and prints a cProfile breakdown
(cumulative time per function) of the hybrid requests.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import random
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from content.models import SegmentTag
from tests.bench.search.test_benchmark import QUERIES, SEGMENTS, generate_assets, percentiles
from tests.bench.search.test_semantic_benchmark import QUESTIONS
from tests.conftest import require_server

ASSETS = int(os.environ.get("HYBRID_PROFILE_ASSETS", "3000"))
ROUNDS = int(os.environ.get("SEARCH_BENCH_ROUNDS", "5"))


def _timed(client, path, params_list, rounds):
    samples = []
    for params in params_list:
        client.get(path, params)
    for _ in range(rounds):
        for params in params_list:
            started = time.perf_counter()
            response = client.get(path, params)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:300]
    return percentiles(samples)[:2]


# Phases of one request: (label, file suffix, function name(s)) read from the profile.
PHASES = [
    ("whole request", "django/test/client.py", "request"),
    ("form parse", "search/forms.py", "search_query"),
    ("visibility (user's groups)", "search/backends/base.py", "resolved_audience"),
    ("query understanding", "search/understanding.py", "query_understand"),
    ("query encoder", "search/embeddings.py", "encode_query"),
    ("request to JSON (DSL)", "elasticsearch/dsl/search_base.py", "to_dict"),
    (
        "request bodies",
        "",
        (
            "search_body",
            "counts_body",
            "visible_word_check_body",
            "passage_knn_body",
            "decorations_body",
        ),
    ),
    ("msearch round trip", "elasticsearch/_sync/client/__init__.py", "msearch"),
    ("search round trip", "elasticsearch/_sync/client/__init__.py", "search"),
    ("lexical search: all", "elasticsearch/backend.py", "search"),
    ("response objects", "elasticsearch/dsl/_sync/search.py", "execute"),
    ("hybrid: all", "elasticsearch/hybrid.py", "hybrid_search"),
    ("page hits from inner hits", "elasticsearch/passages.py", "pages_of"),
    ("page files (DB)", "search/pages.py", "hits_page_matches"),
    ("answers: all", "search/answers.py", "library_answers"),
    ("search log write", "search/services.py", "search_log_record"),
    ("JSON rendering", "rest_framework/renderers.py", "render"),
]


def _phases(stats, requests: int) -> list[tuple[str, float]]:
    rows = []
    for label, suffix, names in PHASES:
        names = (names,) if isinstance(names, str) else names
        total = sum(
            values[3]
            for (filename, _, function), values in stats.stats.items()
            if filename.endswith(suffix) and function in names
        )
        if total:
            rows.append((label, total * 1000 / requests))
    return rows


def _profile(client, path, params_list, rounds, label):
    took: list[int] = []
    from elasticsearch import Elasticsearch

    original = Elasticsearch.msearch
    original_search = Elasticsearch.search
    single: list[int] = []  # took of single searches (the hybrid page's decorations)

    def recorded_search(self, *args, **kwargs):
        response = original_search(self, *args, **kwargs)
        single.append(response.get("took", 0))
        return response

    dump = os.environ.get("HYBRID_PROFILE_DUMP")  # a file for the msearch bodies

    def recorded(self, *args, **kwargs):
        if dump:
            with open(dump, "a") as handle:
                handle.write(json.dumps(kwargs.get("searches") or kwargs.get("body")) + "\n")
        response = original(self, *args, **kwargs)
        tooks = [item.get("took", 0) for item in response["responses"]]
        # One request alone is a page's decorations or the answers' kNN, not a search.
        (single.extend if len(tooks) == 1 else took.append)(tooks)
        return response

    Elasticsearch.msearch = recorded
    Elasticsearch.search = recorded_search
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        for params in params_list:
            client.get(path, params)
    profiler.disable()
    Elasticsearch.msearch = original
    Elasticsearch.search = original_search
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    requests = rounds * len(params_list)
    print(f"\n{label}: ms per request under cProfile ({requests} requests)")
    for phase, ms in _phases(stats, requests):
        print(f"  {phase:28} {ms:7.1f}")
    if took:
        total = sum(map(sum, took)) + sum(single)
        print(f"  {'Elasticsearch took (sum)':28} {total / requests:7.1f}")
        for position, name in enumerate(["hits", "counts", "kNN / word checks"]):
            values = [row[position] for row in took if len(row) > position]
            if values:
                print(f"    took {name:22} {sum(values) / len(values):7.1f}")
        if single:
            print(f"    took {'single searches':22} {sum(single) / requests:7.1f} per request")
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(30)
    os.makedirs("/tmp/perfq", exist_ok=True)
    with open(f"/tmp/perfq/profile-{label}.txt", "w") as handle:
        handle.write(out.getvalue())
    stats.dump_stats(f"/tmp/perfq/profile-{label}.pstats")


@pytest.mark.django_db
def test_hybrid_profile(settings, sales_user, library):
    from search.backends.elasticsearch import ElasticsearchBackend
    from search.documents import indexable_asset_batches
    from search.embeddings import DEFAULT_ENCODER, get_encoder
    from search.models import Passage, PassageEmbedding
    from search.passages import embeddings_fill, passages_sync

    assert connection.vendor == "postgresql"
    es_url = os.environ.get("ELASTICSEARCH_URL", "")
    require_server("Elasticsearch", bool(es_url), "ELASTICSEARCH_URL is not set")
    settings.ELASTICSEARCH_URL = es_url
    settings.ELASTICSEARCH_INDEX_PREFIX = (
        os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "bench") + "-hybrid-profile"
    )
    settings.ENABLEMENT_SEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"
    settings.ENABLEMENT_ENCODER = DEFAULT_ENCODER
    Group.objects.get_or_create(name="Sales")
    for name in SEGMENTS:
        SegmentTag.objects.get_or_create(
            name=name, defaults={"slug": name.lower().replace(" ", "-")}
        )
    rng = random.Random(11)
    generate_assets(library=library, count=ASSETS, start=0, rng=rng)
    encoder = get_encoder()
    for batch in indexable_asset_batches(batch_size=1000):
        passages_sync(assets=batch, embed=False)
    sample = list(
        Passage.objects.order_by("asset_id").values_list("asset_id", flat=True).distinct()
    )[:60]
    embeddings_fill(asset_ids=sample)
    vectors = [bytes(v) for v in PassageEmbedding.objects.values_list("vector", flat=True)]
    have = set(PassageEmbedding.objects.values_list("text_hash", flat=True))
    PassageEmbedding.objects.bulk_create(
        [
            PassageEmbedding(text_hash=digest, model=encoder.name, vector=rng.choice(vectors))
            for digest in set(Passage.objects.values_list("text_hash", flat=True)) - have
        ],
        batch_size=5000,
    )
    ElasticsearchBackend().reset_index()
    call_command("search_index", "rebuild", "--batch-size", "1000", stdout=io.StringIO())

    client = APIClient()
    client.force_authenticate(sales_user)
    search_params = [params for params, _ in QUERIES]
    answer_params = [{"q": q} for q in QUESTIONS]
    rows = []
    settings.ENABLEMENT_ENCODER = ""
    rows.append(("search hybrid off", *_timed(client, "/api/v1/search/", search_params, ROUNDS)))
    settings.ENABLEMENT_ENCODER = DEFAULT_ENCODER
    rows.append(("search hybrid on", *_timed(client, "/api/v1/search/", search_params, ROUNDS)))
    rows.append(("answers", *_timed(client, "/api/v1/answers/", answer_params, ROUNDS)))
    # Every text new to the process: the query vector is encoded again each time.
    from search import embeddings

    forget = getattr(embeddings, "_query_vectors", {}).clear
    samples = []
    for _ in range(ROUNDS):
        for params in search_params:
            forget()
            started = time.perf_counter()
            client.get("/api/v1/search/", params)
            samples.append((time.perf_counter() - started) * 1000)
    rows.append(("search on, new text", *percentiles(samples)[:2]))
    settings.ENABLEMENT_ENCODER = ""
    _profile(client, "/api/v1/search/", search_params, ROUNDS, "search-lexical")
    settings.ENABLEMENT_ENCODER = DEFAULT_ENCODER
    _profile(client, "/api/v1/search/", search_params, ROUNDS, "search")
    _profile(client, "/api/v1/answers/", answer_params, ROUNDS, "answers")
    print(f"\nHybrid profile at {ASSETS:,} assets, {Passage.objects.count():,} passages")
    for label, p50, p95 in rows:
        print(f"{label:20} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
    if not os.environ.get("HYBRID_PROFILE_KEEP"):
        ElasticsearchBackend().drop()
