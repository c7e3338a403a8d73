"""Search benchmark (DESIGN §9, issue 12): p50/p95/p99 of GET /api/v1/search/ over a mixed
query set, beside Wagtail's own ``search()`` on the same data and server, in the same run.

Not part of the unit suite (``tests/bench`` is not collected by default). Run:

    # both phases (database at 10,000, then Elasticsearch at 100,000): PostgreSQL + ES
    DATABASE_URL=postgres://… ELASTICSEARCH_URL=http://… \
        .venv/bin/pytest tests/bench/search/test_benchmark.py -s -p no:logging
    # the database phase alone on PostgreSQL
    SEARCH_BENCH_PHASES=db DATABASE_URL=postgres://… .venv/bin/pytest <this file> -s -p no:logging
    # the database phase on the embedded default (SQLite: no DATABASE_URL)
    SEARCH_BENCH_PHASES=db .venv/bin/pytest <this file> -s -p no:logging
    # the Elasticsearch phase alone (PostgreSQL only)
    SEARCH_BENCH_PHASES=es DATABASE_URL=postgres://… ELASTICSEARCH_URL=http://… \
        .venv/bin/pytest <this file> -s -p no:logging

Knobs: ``SEARCH_BENCH_PHASES`` (``db,es``), ``SEARCH_BENCH_DB_ASSETS`` (10,000),
``SEARCH_BENCH_ES_ASSETS`` (100,000), ``SEARCH_BENCH_ES_PREFIX`` (``search-bench``: the
index prefix of the Elasticsearch phase, one per run sharing a server),
``SEARCH_BENCH_RUNS`` (3 consecutive runs after one warm-up pass),
``SEARCH_BENCH_ROUNDS`` (5 rounds of the query set per run),
``SEARCH_BENCH_KEEP=1`` (the Elasticsearch phase leaves both indices on the server),
``SEARCH_BENCH_PROFILE=1`` (a cProfile of one more round of each phase),
``SEARCH_BENCH_EXPLAIN=1`` (the plans of two requests' queries, PostgreSQL),
``SEARCH_BENCH_BASELINE=0`` (no Wagtail baseline: on SQLite at 10,000 assets Wagtail's own
query scores each match with a correlated subquery and takes minutes per pass). Each run
prints the API's p50/p95/p99 beside Wagtail's ``search()`` from the same run, the ratio of
their p95s and the load average; a target is "met" only when all runs meet it.

Data: real Wagtail pages, generated in bulk. Creating 100,000 pages through
``add_child()`` + revisions would take hours, so rows are written directly with the
tree kept valid: materialised paths under the library page are computed (treebeard's
base-36 steps), ``numchild``/``url_path`` set, and each multi-table-inheritance level
(``wagtailcore_page`` → ``content_assetpage`` → the type table) inserted with its local
columns (values prepared by the model fields themselves); ids come from PostgreSQL's
sequence, or after the largest id on SQLite. Tags and popularity rows use
``bulk_create``. Then: the database phase refreshes Wagtail's database index (PostgreSQL
full text or SQLite FTS5) and measures the database backend against
``Page.objects.search()`` on the same database; the Elasticsearch phase grows the library
to 100,000, rebuilds our index (timed: the reindex rate), indexes the same pages with
Wagtail's own Elasticsearch backend (modelsearch ``elasticsearch9``) on the same server,
force-merges both and measures both.

Wagtail's Elasticsearch index settings use ``edge_ngram``/``ngram``/``asciifolding``,
which the core-only CI server lacks; the baseline swaps those analyzers for
standard+lowercase (its autocomplete is not used by ``search()``).
"""

from __future__ import annotations

import os
import random
import statistics
import time
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from content.models import (
    AssetPage,
    CaseStudyPage,
    ObjectionPage,
    PresentationPage,
    SegmentTag,
    StageTag,
    TaggedSegment,
    TaggedStage,
)
from tests.conftest import require_server

DB_ASSETS = int(os.environ.get("SEARCH_BENCH_DB_ASSETS", "10000"))
ES_ASSETS = int(os.environ.get("SEARCH_BENCH_ES_ASSETS", "100000"))
ROUNDS = int(os.environ.get("SEARCH_BENCH_ROUNDS", "5"))
RUNS = int(os.environ.get("SEARCH_BENCH_RUNS", "3"))
# 0 skips the baseline (Wagtail's own SQLite query is quadratic: minutes at 10,000 assets).
BASELINE = os.environ.get("SEARCH_BENCH_BASELINE", "1") != "0"
PHASES = [p.strip() for p in os.environ.get("SEARCH_BENCH_PHASES", "db,es").split(",") if p.strip()]
# The Elasticsearch phase's index prefix (ours; Wagtail's baseline adds ``-wagtail-``): one
# per concurrent run sharing a server.
ES_PREFIX = os.environ.get("SEARCH_BENCH_ES_PREFIX", "search-bench")

INDUSTRIES = [
    "healthcare",
    "banking",
    "retail",
    "manufacturing",
    "logistics",
    "insurance",
    "government",
    "education",
    "energy",
    "telecom",
    "pharma",
    "hospitality",
]
TOPICS = [
    "pricing",
    "onboarding",
    "security",
    "integration",
    "compliance",
    "analytics",
    "migration",
    "automation",
    "renewal",
    "procurement",
    "roi",
    "implementation",
    "workflow",
    "reporting",
    "support",
    "scalability",
    "privacy",
    "training",
]
WORDS = [
    "customer",
    "team",
    "platform",
    "results",
    "faster",
    "cost",
    "savings",
    "deployment",
    "process",
    "rollout",
    "dashboard",
    "approval",
    "audit",
    "contract",
    "budget",
    "pilot",
    "quarter",
    "revenue",
    "churn",
    "forecast",
    "inventory",
    "claims",
    "patients",
    "invoices",
    "tickets",
    "payroll",
    "warehouse",
    "scheduling",
]
SEGMENTS = [
    "Enterprise",
    "Mid-Market",
    "SMB",
    "Healthcare",
    "Financial Services",
    "Manufacturing",
    "Retail",
    "Public Sector",
]
QUERIES = [
    ({"q": "pricing"}, "pricing"),
    ({"q": "healthcare onboarding"}, "healthcare onboarding"),
    ({"q": "security compliance audit"}, "security compliance audit"),
    ({"q": "roi", "segment": "Enterprise"}, "roi"),
    ({"q": "integration", "stage": "Demo", "type": "presentation"}, "integration"),
    ({"q": "migraton"}, "migraton"),  # typo
    ({"q": "renewal playbook banking"}, "renewal playbook banking"),
    ({"q": "analytics dashboard"}, "analytics dashboard"),
    ({"q": "procurement contract", "segment": "Public Sector"}, "procurement contract"),
    ({"q": "warehouse"}, "warehouse"),
    ({"segment": "Retail"}, None),  # browse
    ({"q": "privacy", "type": "objection", "stage": "Negotiation"}, "privacy"),
]


def _insert_rows(model, instances) -> None:
    fields = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
        for obj in instances
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def generate_assets(*, library, count: int, start: int, rng: random.Random) -> None:
    """Append ``count`` live assets under ``library`` (paths after its existing children)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from content.services import library_root_get_or_create  # noqa: F401

    library.refresh_from_db()
    locale = Locale.get_default()
    types = [CaseStudyPage, PresentationPage, ObjectionPage]
    content_types = {m: ContentType.objects.get_for_model(m) for m in types}
    segments = {tag.name: tag for tag in SegmentTag.objects.filter(name__in=SEGMENTS)}
    stages = list(StageTag.objects.all())
    steplen = Page.steplen
    now = timezone.now()
    ids = next_page_ids(count)
    by_model: dict[type, list] = {m: [] for m in types}
    tagged_segments, tagged_stages = [], []
    popularity = []
    from enablement.tracking.models import AssetPopularity

    for offset, page_id in enumerate(ids):
        number = start + offset + 1
        child_number = library.numchild + offset + 1
        model = types[number % 3]
        industry, topic = rng.choice(INDUSTRIES), rng.choice(TOPICS)
        title = f"{topic.title()} {rng.choice(WORDS)} for {industry} #{number}"
        slug = f"bench-{number}"
        words = " ".join(rng.choice(WORDS + TOPICS + INDUSTRIES) for _ in range(60))
        fields = {
            "id": page_id,
            "title": title,
            "draft_title": title,
            "slug": slug,
            "path": library.path + Page._int2str(child_number).rjust(steplen, "0"),
            "depth": library.depth + 1,
            "numchild": 0,
            "url_path": f"{library.url_path}{slug}/",
            "content_type_id": content_types[model].pk,
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": now,
            "last_published_at": now,
            "latest_revision_created_at": now,
            "translation_key": uuid.uuid4(),
            "locale_id": locale.pk,
            "summary": f"How a {industry} team improved {topic}: {words[:160]}",
            "body": f"<p>{words}</p>",
            "language": "en",
            "visibility": "sales",
        }
        if model is CaseStudyPage:
            fields.update(customer=f"{industry.title()} Co {number}", industry=industry)
        elif model is ObjectionPage:
            fields.update(objection=f"Your {topic} is a concern", short_answer=words[:120])
        instance = model(**fields)
        by_model[model].append(instance)
        for name in rng.sample(SEGMENTS, 2):
            tagged_segments.append(TaggedSegment(tag=segments[name], content_object_id=page_id))
        tagged_stages.append(TaggedStage(tag=rng.choice(stages), content_object_id=page_id))
        won = int(rng.paretovariate(1.5)) - 1
        popularity.append(
            AssetPopularity(
                asset_id=page_id,
                deals_won=won,
                deals_influenced=won * 2,
                win_rate=rng.random() if won > 2 else None,
                uses_30d=rng.randint(0, 30),
            )
        )
    for model, instances in by_model.items():
        for level in (Page, AssetPage, model):
            for instance in instances:
                if level is not Page:
                    setattr(instance, level._meta.pk.attname, instance.id)
            _insert_rows(level, instances)
    TaggedSegment.objects.bulk_create(tagged_segments, batch_size=5000)
    TaggedStage.objects.bulk_create(tagged_stages, batch_size=5000)
    AssetPopularity.objects.bulk_create(popularity, batch_size=5000)
    Page.objects.filter(pk=library.pk).update(numchild=library.numchild + count)


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 (nearest rank) of ``samples`` in ms."""
    ordered = sorted(samples)

    def rank(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return statistics.median(ordered), rank(0.95), rank(0.99)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def api_samples(client, rounds: int) -> tuple[list[float], str]:
    samples, backend = [], ""
    for _ in range(rounds):
        for params, _text in QUERIES:
            started = time.perf_counter()
            response = client.get("/api/v1/search/", params)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content
            backend = response.json()["backend"]
    return samples, backend


def wagtail_samples(search, rounds: int) -> list[float]:
    texts = [text for _, text in QUERIES if text]
    samples = []
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            list(search(text)[:20])
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(label: str, *, client, search, size: int, target: float, backend: str) -> list[str]:
    """One warm-up pass, then ``RUNS`` consecutive runs of ``ROUNDS`` rounds each: the API
    and Wagtail's ``search()`` in the same run. The target is met only when every run's
    API p95 is at most ``target``."""
    for params, text in QUERIES:  # warm-up: caches, prepared plans, the encoder
        client.get("/api/v1/search/", params)
        if text and BASELINE:
            list(search(text)[:20])
    lines = [
        f"\n{label}, {size:,} assets, {RUNS} runs x {ROUNDS} rounds x {len(QUERIES)} queries",
        f"{'run':>3} {'what':34} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'API/Wagtail p95':>16}"
        f" {'load avg':>16}",
    ]
    met = True
    for run in range(1, RUNS + 1):
        samples, answered = api_samples(client, ROUNDS)
        assert answered == backend
        api = percentiles(samples)
        met = met and api[1] <= target
        load = load_average()
        if not BASELINE:
            lines.append(
                f"{run:>3} {'API /api/v1/search/':34} {api[0]:>8.1f} {api[1]:>8.1f}"
                f" {api[2]:>8.1f} {'(no baseline)':>16} {load:>16}"
            )
            continue
        wagtail = percentiles(wagtail_samples(search, ROUNDS))
        lines.append(
            f"{run:>3} {'API /api/v1/search/':34} {api[0]:>8.1f} {api[1]:>8.1f} {api[2]:>8.1f}"
            f" {api[1] / wagtail[1]:>16.1f} {load:>16}"
        )
        lines.append(
            f"{run:>3} {'Wagtail search() (baseline)':34} {wagtail[0]:>8.1f} {wagtail[1]:>8.1f}"
            f" {wagtail[2]:>8.1f} {'':>16} {load:>16}"
        )
    verdict = "met" if met else "NOT met"
    lines.append(f"target: API p95 ≤ {target:g} ms in all {RUNS} runs: {verdict}")
    for line in lines:
        print(line)
    return lines


def profile_api(client, rounds: int) -> None:
    """cProfile of ``rounds`` rounds of the API (``SEARCH_BENCH_PROFILE=1``): the top of
    the cumulative profile, per request."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    api_samples(client, rounds)
    profiler.disable()
    requests = rounds * len(QUERIES)
    print(f"\ncProfile over {requests} requests (cumulative ms are totals; divide by {requests})")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


def explain_api(client, params: dict) -> None:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of every SELECT (or WITH) one API request runs
    (``SEARCH_BENCH_EXPLAIN=1``, PostgreSQL), slowest first."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/search/", params)
    timed = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
    print(f"\nEXPLAIN of {params}: {len(timed)} queries")
    for captured in timed:
        if not captured["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + captured["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"\n-- {float(captured['time']) * 1000:.1f} ms: {captured['sql'][:300]}\n{plan}")


def next_page_ids(count: int) -> list[int]:
    """``count`` fresh ``wagtailcore_page`` ids: from the sequence on PostgreSQL, after the
    largest id on SQLite (nothing else writes pages meanwhile)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('wagtailcore_page', 'id')) "
                "FROM generate_series(1, %s)",
                [count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM wagtailcore_page")
        largest = cursor.fetchone()[0]
    return list(range(largest + 1, largest + count + 1))


# Committed (transaction=True) so VACUUM can run; the tables are flushed at the end.
@pytest.mark.django_db(transaction=True)
def test_search_benchmark(settings, sales_user, library):
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend as wagtail_backend

    from search.backends.database import DatabaseBackend
    from search.documents import indexable_asset_batches

    unknown = set(PHASES) - {"db", "es"}
    assert not unknown, f"SEARCH_BENCH_PHASES: unknown phase(s) {sorted(unknown)}"
    Group.objects.get_or_create(name="Sales")
    rng = random.Random(7)
    for name in SEGMENTS:
        SegmentTag.objects.get_or_create(
            name=name, defaults={"slug": name.lower().replace(" ", "-")}
        )
    client = APIClient()
    client.force_authenticate(sales_user)
    print(f"\n{connection.vendor}, phases {','.join(PHASES)}, load average {load_average()}")
    generated = 0

    # -- database phase -------------------------------------------------------------
    if "db" in PHASES:
        started = time.perf_counter()
        generate_assets(library=library, count=DB_ASSETS, start=0, rng=rng)
        generated = DB_ASSETS
        print(f"generated {DB_ASSETS} pages in {time.perf_counter() - started:.1f}s")
        started = time.perf_counter()
        database = DatabaseBackend()
        for batch in indexable_asset_batches(batch_size=1000):
            database.bulk_index(batch)
        print(f"Wagtail database index for {DB_ASSETS} in {time.perf_counter() - started:.1f}s")
        with connection.cursor() as cursor:
            # As autovacuum leaves a production database: committed rows, dead versions
            # gone. Wagtail rewrites every index entry whose title norm is exactly 1.0 on
            # each add_items() call (the generated titles' lengths are alike), so left
            # uncommitted the full-text table held ~8 versions per entry (33,654 for
            # 4,320 matches) and overflowed shared_buffers, for both sides of the bench.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        settings.ENABLEMENT_SEARCH_BACKEND = "search.backends.database.DatabaseBackend"
        db_search = wagtail_backend("default")
        if os.environ.get("SEARCH_BENCH_EXPLAIN") and connection.vendor == "postgresql":
            for params in ({"q": "analytics dashboard"}, {"segment": "Retail"}):
                explain_api(client, params)
        measure(
            f"Database backend ({connection.vendor})",
            client=client,
            search=lambda q: db_search.search(q, Page.objects.live()),
            size=DB_ASSETS,
            target=150,
            backend="database",
        )
        if os.environ.get("SEARCH_BENCH_PROFILE"):
            profile_api(client, 1)

    if "es" in PHASES:
        elasticsearch_phase(settings, client=client, library=library, rng=rng, start=generated)


def elasticsearch_phase(settings, *, client, library, rng, start: int) -> None:
    """Grow the library to ``ES_ASSETS``, rebuild our index (timed: the reindex rate), index
    the same pages with Wagtail's own Elasticsearch backend, force-merge both, measure."""
    from wagtail.models import Page

    from search.backends.elasticsearch import ElasticsearchBackend
    from search.documents import asset_documents, indexable_asset_batches

    assert connection.vendor == "postgresql", "the Elasticsearch phase runs on PostgreSQL"
    es_url = os.environ.get("ELASTICSEARCH_URL", "")
    require_server("Elasticsearch", bool(es_url), "ELASTICSEARCH_URL is not set")
    settings.ELASTICSEARCH_URL = es_url
    settings.ELASTICSEARCH_INDEX_PREFIX = ES_PREFIX
    started = time.perf_counter()
    generate_assets(library=library, count=ES_ASSETS - start, start=start, rng=rng)
    print(f"generated {ES_ASSETS - start} more pages in {time.perf_counter() - started:.1f}s")
    settings.ENABLEMENT_SEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"
    ours = ElasticsearchBackend()
    started = time.perf_counter()
    _, written, _ = ours.rebuild(
        batches=(asset_documents(b) for b in indexable_asset_batches(batch_size=1000))
    )
    rebuild_seconds = time.perf_counter() - started
    print(
        f"our index: {written} docs in {rebuild_seconds:.1f}s ({written / rebuild_seconds:,.0f}/s)"
    )

    wagtail_es = wagtail_es_backend(es_url)
    started = time.perf_counter()
    index = wagtail_es.get_index_for_model(Page)
    index.reset()
    for model in (CaseStudyPage, PresentationPage, ObjectionPage):
        queryset = model.objects.live().order_by("pk")
        last = 0
        while True:
            chunk = list(queryset.filter(pk__gt=last)[:2000])
            if not chunk:
                break
            index.add_items(model, chunk)
            last = chunk[-1].pk
    index.refresh()
    print(f"Wagtail's Elasticsearch index in {time.perf_counter() - started:.1f}s")
    # A fresh bulk load leaves many small segments that background merges keep rewriting
    # while we time; merging both indices to one segment first is what steadies p95/p99
    # between runs (and treats both sides alike).
    started = time.perf_counter()
    for client_, name in ((ours.client, ours.alias), (index.es, index.name)):
        client_.options(request_timeout=600).indices.forcemerge(index=name, max_num_segments=1)
        client_.indices.refresh(index=name)
    print(f"force-merged both indices in {time.perf_counter() - started:.1f}s")
    measure(
        "Elasticsearch backend",
        client=client,
        search=lambda q: wagtail_es.search(q, Page.objects.live()),
        size=written,
        target=25,
        backend="elasticsearch",
    )
    print(f"full reindex: {written / rebuild_seconds:,.0f} assets/s (target ≥ 2,000)")
    if os.environ.get("SEARCH_BENCH_PROFILE"):
        profile_api(client, 1)
    if os.environ.get("SEARCH_BENCH_KEEP"):  # both indices stay, e.g. to profile queries
        return
    ours.drop()
    index.delete()


def wagtail_es_backend(url: str):
    from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend

    backend = Elasticsearch9SearchBackend(
        {"URLS": [url], "INDEX_PREFIX": f"{ES_PREFIX}-wagtail-", "TIMEOUT": 30}
    )
    plain = {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}
    backend.settings = {
        "settings": {
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "analysis": {"analyzer": {"ngram_analyzer": plain, "edgengram_analyzer": plain}},
        }
    }
    return backend
