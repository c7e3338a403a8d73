"""Event ingestion benchmark (DESIGN §9): ``python -m tests.bench.events.run``.

Against PostgreSQL (DATABASE_URL's server, a fresh ``<name>_bench`` database) and the
Redis broker (CELERY_BROKER_URL) with a real Celery worker:

1. batched: N POSTs of 1,000 events to /api/v1/events/ served by gunicorn (2 sync
   workers by default) on 127.0.0.1; API throughput, p50/p95 latency per POST, and
   end-to-end throughput until the worker has processed everything (attribution +
   rollups);
2. baseline, in the same run: one Celery task per event (store + process);
3. chaos: the worker is SIGKILLed mid-run and restarted, half the batches are posted
   twice; then every event must be stored once and counted once in the rollups.

Prints a markdown table and writes var/bench-events.json.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = "tests.bench.events.settings"


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        sys.exit("DATABASE_URL must point at PostgreSQL for this benchmark")
    parsed = urlparse(base)
    return parsed._replace(path=f"{parsed.path}_bench").geturl()


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


def recreate_database(database_url: str) -> None:
    import psycopg

    parsed = urlparse(database_url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare_data(*, assets: int, deals: int):
    from django.core.management import call_command
    from wagtail.models import APIToken

    from content.groups import SALES
    from tests.factories import CaseStudyPageFactory, UserFactory
    from tests.tracking.factories import DealFactory

    call_command("migrate", verbosity=0)
    user = UserFactory(username="bench-rep", groups=[SALES])
    asset_ids = [CaseStudyPageFactory().pk for _ in range(assets)]
    deal_rows = [DealFactory(owner=user) for _ in range(deals)]
    token = APIToken.create_token(user=user, name="tests")[1]
    return user, asset_ids, [(d.external_id, d.pk) for d in deal_rows], token


def make_events(rng, n, asset_ids, deals):
    now = datetime.datetime.now(datetime.UTC)
    kinds = ["view", "download", "present", "copy", "share", "attach"]
    items = []
    for _ in range(n):
        item = {
            "event_id": str(uuid.uuid4()),
            "asset_id": rng.choice(asset_ids),
            "kind": rng.choice(kinds),
            "occurred_at": (
                now - datetime.timedelta(minutes=rng.uniform(1, 60 * 24 * 7))
            ).isoformat(),
        }
        if rng.random() < 0.5:
            external_id, pk = rng.choice(deals)
            item["deal_id"] = external_id
            item["deal_pk"] = pk
        items.append(item)
    return items


class Process:
    def __init__(self, name, args, env):
        self.name = name
        self.log = ROOT / "var" / f"bench-events-{name}.log"
        self.log.parent.mkdir(exist_ok=True)
        self.popen = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, sig=signal.SIGKILL):
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()


def start_worker(env, concurrency):
    return Process(
        "worker",
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "enablement",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--include",
            "tests.bench.events.baseline_tasks",
        ],
        env,
    )


def start_server(env, port, *, workers, worker_class, threads):
    """gunicorn on loopback, as in production (not Django's single-process runserver)."""
    server = Process(
        "server",
        [
            sys.executable,
            "-m",
            "gunicorn",
            "enablement.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--threads",
            str(threads),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz/")
            return server
        except OSError:
            time.sleep(0.2)
    sys.exit("the server did not start")


def post_batch(port, token, items):
    body = json.dumps(
        {"events": [{k: v for k, v in item.items() if k != "deal_pk"} for item in items]}
    )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request(
        "POST",
        "/api/v1/events/",
        body=body,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    response = conn.getresponse()
    payload = json.loads(response.read())
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"POST answered {response.status}: {payload}")
    return elapsed, payload


def wait_processed(expected_total, timeout=900):
    from django.db import connection

    from enablement.tracking.models import UsageEvent

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stored = UsageEvent.objects.count()
        pending = UsageEvent.objects.filter(processed_at__isnull=True).count()
        if stored >= expected_total and pending == 0:
            return
        connection.close()
        time.sleep(0.1)
    raise RuntimeError(f"not processed within {timeout}s ({pending} pending)")


def reset_events():
    from enablement.tracking.models import (
        AssetDailyUsage,
        AssetPopularity,
        AssetUserDailyUsage,
        DealInfluence,
        UsageEvent,
    )

    for model in (UsageEvent, AssetDailyUsage, AssetUserDailyUsage, DealInfluence, AssetPopularity):
        model.objects.all().delete()


def purge_broker(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def check_counts():
    """0 lost, 0 double counted: rollups equal a count over the stored events."""
    from django.db.models import Count, F, Q, Sum

    from enablement.tracking.models import AssetDailyUsage, DealInfluence, UsageEvent

    events = UsageEvent.objects.count()
    rolled = AssetDailyUsage.objects.aggregate(total=Sum("uses"))["total"] or 0
    influencing = UsageEvent.objects.filter(
        Q(deal__isnull=False) & (Q(deal__status="open") | Q(occurred_at__lte=F("deal__closed_at")))
    ).count()
    influence_uses = DealInfluence.objects.aggregate(total=Sum("uses"))["total"] or 0
    duplicates = (
        UsageEvent.objects.values("event_id").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    return events, rolled, influencing, influence_uses, duplicates


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=40, help="POSTs of 1,000 events")
    parser.add_argument("--baseline-events", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--server-workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--server-worker-class", choices=["sync", "gthread"], default="sync", help="gunicorn"
    )
    parser.add_argument("--server-threads", type=int, default=1, help="gthread threads")
    args = parser.parse_args()

    database_url = bench_database_url()
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis"):
        sys.exit("CELERY_BROKER_URL must point at Redis")
    log(f"database {urlparse(database_url).path.lstrip('/')}, broker {broker}")
    recreate_database(database_url)
    setup_django(database_url)
    rng = random.Random(11)
    user, asset_ids, deals, token = prepare_data(assets=60, deals=120)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": database_url}
    purge_broker(broker)
    worker = start_worker(env, args.concurrency)
    server = start_server(
        env,
        args.port,
        workers=args.server_workers,
        worker_class=args.server_worker_class,
        threads=args.server_threads,
    )
    results = {
        "batches": args.batches,
        "server": (
            f"gunicorn {args.server_workers} {args.server_worker_class} workers"
            + (f" x {args.server_threads} threads" if args.server_worker_class == "gthread" else "")
        ),
        "worker_concurrency": args.concurrency,
        "cpus": os.cpu_count(),
    }
    try:
        # warm up (connections, caches) outside the measurement
        post_batch(args.port, token, make_events(rng, 200, asset_ids, deals))
        wait_processed(200)
        reset_events()

        # 1. batched ingestion through the API
        batches = [make_events(rng, 1000, asset_ids, deals) for _ in range(args.batches)]
        latencies = []
        started = time.perf_counter()
        for items in batches:
            elapsed, payload = post_batch(args.port, token, items)
            assert payload["accepted"] == 1000, payload
            latencies.append(elapsed)
        api_seconds = time.perf_counter() - started
        wait_processed(args.batches * 1000)
        end_to_end = time.perf_counter() - started
        total = args.batches * 1000
        latencies.sort()
        results["batched"] = {
            "events": total,
            "api_events_per_s": round(total / api_seconds),
            "end_to_end_events_per_s": round(total / end_to_end),
            "post_p50_ms": round(statistics.median(latencies) * 1000, 1),
            "post_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
        }
        log(f"batched: {results['batched']}")
        counts = check_counts()
        assert counts[0] == counts[1] and counts[2] == counts[3] and counts[4] == 0, counts
        reset_events()

        # 2. baseline: one Celery task per event
        from tests.bench.events.baseline_tasks import record_one_event

        items = make_events(rng, args.baseline_events, asset_ids, deals)
        started = time.perf_counter()
        for item in items:
            record_one_event.delay(item, user.pk)
        enqueue_seconds = time.perf_counter() - started
        wait_processed(len(items))
        end_to_end = time.perf_counter() - started
        results["baseline_task_per_event"] = {
            "events": len(items),
            "enqueue_events_per_s": round(len(items) / enqueue_seconds),
            "end_to_end_events_per_s": round(len(items) / end_to_end),
        }
        log(f"baseline: {results['baseline_task_per_event']}")
        reset_events()

        # 3. chaos: SIGKILL the worker mid-run, restart it, re-post half the batches
        chaos = [make_events(rng, 1000, asset_ids, deals) for _ in range(10)]
        for index, items in enumerate(chaos):
            post_batch(args.port, token, items)
            if index == 4:
                from enablement.tracking.models import UsageEvent

                while not UsageEvent.objects.filter(processed_at__isnull=False).exists():
                    time.sleep(0.01)
                worker.kill()
                log("worker SIGKILLed mid-run")
        duplicates_sent = 0
        for items in chaos[::2]:
            _, payload = post_batch(args.port, token, items)
            duplicates_sent += payload["duplicates"]
        worker = start_worker(env, args.concurrency)
        log("worker restarted")
        wait_processed(10_000)
        events, rolled, influencing, influence_uses, duplicate_rows = check_counts()
        results["chaos"] = {
            "events_sent_unique": 10_000,
            "reposted_duplicates": duplicates_sent,
            "stored": events,
            "lost": 10_000 - events,
            "rolled_up_uses": rolled,
            "double_counted": rolled - events + duplicate_rows,
            "influence_uses_match": influencing == influence_uses,
        }
        log(f"chaos: {results['chaos']}")
    finally:
        server.kill(signal.SIGTERM)
        worker.kill(signal.SIGTERM)

    batched, baseline = results["batched"], results["baseline_task_per_event"]
    results["ratio_api_vs_baseline_enqueue"] = round(
        batched["api_events_per_s"] / baseline["enqueue_events_per_s"], 2
    )
    results["ratio_end_to_end_vs_baseline"] = round(
        batched["end_to_end_events_per_s"] / baseline["end_to_end_events_per_s"], 1
    )
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-events.json").write_text(json.dumps(results, indent=2))
    print()
    print(f"server: {results['server']}, Celery worker concurrency {args.concurrency}")
    print("| measure | batched API (1,000/POST) | baseline: 1 task per event | ratio |")
    print("|---|---|---|---|")
    print(
        f"| accepted events/s | {batched['api_events_per_s']:,} | "
        f"{baseline['enqueue_events_per_s']:,} (enqueue) | "
        f"{results['ratio_api_vs_baseline_enqueue']}x |"
    )
    print(
        f"| processed events/s (stored + attributed + rolled up) | "
        f"{batched['end_to_end_events_per_s']:,} | {baseline['end_to_end_events_per_s']:,} | "
        f"{results['ratio_end_to_end_vs_baseline']}x |"
    )
    print(f"| POST p50 / p95 | {batched['post_p50_ms']} / {batched['post_p95_ms']} ms | | |")
    chaos = results["chaos"]
    print(
        f"| worker SIGKILLed mid-run + {chaos['reposted_duplicates']:,} re-posted | "
        f"lost {chaos['lost']}, double counted {chaos['double_counted']} | | |"
    )


if __name__ == "__main__":
    main()
