"""Stats endpoints at scale (DESIGN §9: p95 <= 300 ms at 5,000,000 events).

    export DATABASE_URL=postgres://enablement:enablement@127.0.0.1:5432/enablement_stats_bench
    .venv/bin/python tests/bench/stats/bench_stats.py --events 5000000 [--rebuild-rollups]
        [--runs 30] [--repeat 3] [--intervals on|off|both] [--nightly] [--profile]

Generates (once; reused while the sizes match) assets, reps, deals and N usage events with
PostgreSQL's ``generate_series`` (popular assets are used more: a cubic skew), derives the
rollups (``AssetDailyUsage``, ``AssetUserDailyUsage``, ``AssetUserMonthlyUsage``,
``DealInfluence``) with set-based
SQL following tracking's definitions and the user bitmaps (``AssetUserBitmap``) with
tracking's own ``user_bitmaps_rebuild`` (timed: the backfill), then times
``GET /api/v1/stats/summary/`` and ``/api/v1/stats/assets/`` in-process (Django test
client, DRF and JSON included) for a 30-day and a 365-day period, beside the same
metrics computed by scanning raw events,
``--repeat`` consecutive times (p50/p95/p99 of each; a target is met only when every run
meets it). ``--nightly`` times the nightly rollup task's work (``usage_rollup_run`` from two
days back, as ``celery_schedule`` runs it); ``--profile`` prints each endpoint's queries
with their times and its top functions (cProfile) instead of timing it.
``--intervals off`` stubs out the confidence selectors (95 % intervals, stratified lifts) to
measure what they cost; ``--intervals both`` times each endpoint with them on and off in the
same run, alternating, and prints the ratio (the figure issue 16 asks for). Not part of the
unit suite (``tests/bench`` is excluded by pytest).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enablement.settings.test")
os.environ.setdefault("LOG_LEVEL", "WARNING")

TARGET_MS = 300
ASSETS = 1500
REPS = 300
DEALS = 60_000
ACCOUNTS = 15_000
SEGMENTS = ["Enterprise", "Mid-Market", "SMB", "Healthcare", "Financial Services", "Retail"]
BATCH = 500_000


def log(message: str) -> None:
    print(message, flush=True)


def setup_django() -> None:
    import django

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must point to a PostgreSQL database for this benchmark")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(*, events: int, rebuild_rollups: bool = False) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    from content.groups import MANAGERS, SALES
    from content.models import CaseStudyPage, SegmentTag, StageTag
    from content.services import library_root_get_or_create

    user_model = get_user_model()
    library = library_root_get_or_create()
    existing = CaseStudyPage.objects.count()
    if existing < ASSETS:
        log(f"creating {ASSETS - existing} live assets...")
        segments = [
            SegmentTag.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0]
            for name in SEGMENTS
        ]
        stages = list(StageTag.objects.all())
        for index in range(existing, ASSETS):
            page = CaseStudyPage(
                title=f"Bench case study {index}",
                slug=f"bench-{index}",
                summary="Benchmark asset.",
                customer=f"Customer {index}",
                live=True,
            )
            library.add_child(instance=page)
            page.segments.add(segments[index % len(segments)])
            page.stages.add(stages[index % len(stages)])
            if index % 100 == 0:
                log(f"  {index}/{ASSETS} assets")
    sales = Group.objects.get(name=SALES)
    if user_model.objects.filter(username__startswith="bench-rep").count() < REPS:
        log(f"creating {REPS} reps...")
        for index in range(REPS):
            user, _ = user_model.objects.get_or_create(username=f"bench-rep{index}")
            user.groups.add(sales)
    manager, _ = user_model.objects.get_or_create(username="bench-manager")
    manager.groups.add(Group.objects.get(name=MANAGERS))

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tracking_deal")
        if cursor.fetchone()[0] < DEALS:
            log(f"creating {DEALS:,} deals...")
            cursor.execute("DELETE FROM tracking_deal")
            cursor.execute(
                """
                INSERT INTO tracking_deal (external_id, name, account, segment_id, stage_id,
                    amount, currency, owner_id, created_at, closed_at, status, updated_at)
                SELECT 'bench-' || g, 'Deal ' || g, 'acct-' || (1 + floor(random() * %(accounts)s)),
                       s.ids[1 + floor(random() * s.n)::int], NULL,
                       round((1000 + random() * 199000)::numeric, 2), 'USD',
                       u.ids[1 + floor(random() * u.n)::int], c.created, c.closed,
                       c.status, now()
                FROM generate_series(1, %(deals)s) g
                CROSS JOIN (SELECT array_agg(id) ids, count(*) n FROM content_segmenttag) s
                CROSS JOIN (SELECT array_agg(id) ids, count(*) n FROM auth_user
                            WHERE username LIKE 'bench-rep%%') u
                CROSS JOIN LATERAL (
                    -- A deal whose close date would be in the future is still open.
                    SELECT x.created,
                           CASE WHEN x.r < 0.3 OR x.close_at > now() THEN NULL
                                ELSE x.close_at END AS closed,
                           CASE WHEN x.r < 0.3 OR x.close_at > now() THEN 'open'
                                WHEN x.r < 0.65 THEN 'won' ELSE 'lost' END AS status
                    FROM (SELECT y.created, y.r,
                                 y.created + (5 + random() * 115) * interval '1 day' AS close_at
                          FROM (SELECT now() - random() * interval '730 days' AS created,
                                       random() + g * 0 AS r) y) x
                ) c
                """,
                {"deals": DEALS, "accounts": ACCOUNTS},
            )
        cursor.execute("SELECT count(*) FROM tracking_usageevent")
        have = cursor.fetchone()[0]
        if have == events:
            log(f"{events:,} events already present: reusing them")
            # What autovacuum does after a migration rewrote rows (tracking 0007's copies):
            # the visibility map, so index-only scans skip the heap.
            cursor.execute("VACUUM ANALYZE tracking_dealinfluence")
            if rebuild_rollups:
                rollups_build(cursor)
            else:
                cursor.execute("SELECT EXISTS (SELECT 1 FROM tracking_assetuserbitmap)")
                if not cursor.fetchone()[0]:
                    bitmaps_build(cursor)
            return
        log(f"generating {events:,} events in batches of {BATCH:,} (had {have:,})...")
        cursor.execute(
            "TRUNCATE tracking_usageevent, tracking_assetdailyusage, "
            "tracking_assetuserdailyusage, tracking_assetusermonthlyusage, "
            "tracking_assetuserbitmap, tracking_dealinfluence"
        )
        started = time.perf_counter()
        done = 0
        # Past a few million rows, indexes and foreign keys cost more kept up to date row
        # by row than rebuilt once: drop them for the load (large runs only).
        restore = _event_constraints_drop(cursor) if events > 10_000_000 else []
        while done < events:
            size = min(BATCH, events - done)
            cursor.execute(
                """
                INSERT INTO tracking_usageevent (event_id, asset_id, user_id, kind,
                    occurred_at, deal_id, metadata, received_at, processed_at)
                SELECT gen_random_uuid(),
                       a.ids[1 + floor(power(random(), 3) * a.n)::int],
                       CASE WHEN random() < 0.05 THEN NULL
                            ELSE u.ids[1 + floor(random() * u.n)::int] END,
                       (ARRAY['view','view','view','download','share','present','copy',
                              'attach'])[1 + floor(random() * 8)::int],
                       now() - random() * interval '365 days' + g * interval '0 s',
                       CASE WHEN random() < 0.2 THEN d.ids[1 + floor(random() * d.n)::int] END,
                       '{}'::jsonb, now(), now()
                FROM generate_series(1, %(size)s) g
                CROSS JOIN (SELECT array_agg(page_ptr_id) ids, count(*) n
                            FROM content_assetpage) a
                CROSS JOIN (SELECT array_agg(id) ids, count(*) n FROM auth_user
                            WHERE username LIKE 'bench-rep%%') u
                CROSS JOIN (SELECT array_agg(id) ids, count(*) n FROM tracking_deal) d
                """,
                {"size": size},
            )
            done += size
            rate = done / (time.perf_counter() - started)
            log(f"  {done:,}/{events:,} events ({rate:,.0f}/s)")
        if restore:
            log(f"  restoring {len(restore)} indexes and constraints...")
            for statement in restore:
                cursor.execute(statement)
            log(f"  events loaded and indexed in {time.perf_counter() - started:.0f}s")
        rollups_build(cursor)


def _event_constraints_drop(cursor) -> list[str]:
    """Drop the event table's indexes and constraints but its primary key; returns the
    statements that recreate them."""
    table = "tracking_usageevent"
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype <> 'p'",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
        "AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)",
        [table],
    )
    indexes = cursor.fetchall()
    for name, _ in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for name, definition in constraints
    ]


def rollups_build(cursor) -> None:
    """Set-based equivalents of tracking's _daily_rebuild and _influence_rebuild."""
    cursor.execute(
        "TRUNCATE tracking_assetdailyusage, tracking_assetuserdailyusage, "
        "tracking_assetusermonthlyusage, tracking_assetuserbitmap, tracking_dealinfluence"
    )
    influencing = "(d.status = 'open' OR d.closed_at IS NULL OR e.occurred_at <= d.closed_at)"
    steps = [
        (
            "daily usage",
            f"""INSERT INTO tracking_assetdailyusage (asset_id, day, uses, users,
                    deals_influenced, by_kind)
                SELECT e.asset_id, (e.occurred_at AT TIME ZONE 'UTC')::date, count(*),
                       count(DISTINCT e.user_id),
                       count(DISTINCT e.deal_id) FILTER (WHERE {influencing}), '{{}}'::jsonb
                FROM tracking_usageevent e LEFT JOIN tracking_deal d ON d.id = e.deal_id
                GROUP BY 1, 2""",
        ),
        (
            "per-user daily usage",
            """INSERT INTO tracking_assetuserdailyusage (asset_id, user_id, day, uses)
               SELECT asset_id, user_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*)
               FROM tracking_usageevent WHERE user_id IS NOT NULL GROUP BY 1, 2, 3""",
        ),
        (
            "per-user monthly usage",
            """INSERT INTO tracking_assetusermonthlyusage (asset_id, user_id, month, uses)
               SELECT asset_id, user_id, date_trunc('month', day)::date, sum(uses)
               FROM tracking_assetuserdailyusage GROUP BY 1, 2, 3""",
        ),
        (
            "deal influence",
            f"""INSERT INTO tracking_dealinfluence (deal_id, asset_id, first_used_at,
                    last_used_at, uses)
                SELECT e.deal_id, e.asset_id, min(e.occurred_at), max(e.occurred_at), count(*)
                FROM tracking_usageevent e JOIN tracking_deal d ON d.id = e.deal_id
                WHERE {influencing} GROUP BY 1, 2""",
        ),
    ]
    for name, sql in steps:
        started = time.perf_counter()
        cursor.execute(sql)
        log(f"  rollup {name}: {cursor.rowcount:,} rows in {time.perf_counter() - started:.1f}s")
    influence_copies_build()
    bitmaps_build(cursor)
    # What autovacuum does after a bulk load: statistics and the visibility map (so
    # index-only scans skip the heap).
    for model in (
        "assetdailyusage",
        "assetuserdailyusage",
        "assetusermonthlyusage",
        "assetuserbitmap",
        "dealinfluence",
        "deal",
    ):
        cursor.execute(f"VACUUM ANALYZE tracking_{model}")


def influence_copies_build() -> None:
    """The deal copies on the influences, by tracking's own set-based refresh, timed."""
    from enablement.tracking.services import deal_influences_refresh

    started = time.perf_counter()
    written = deal_influences_refresh()
    log(f"  influence deal copies: {written:,} rows in {time.perf_counter() - started:.1f}s")


def bitmaps_build(cursor) -> None:
    """The per-asset user bitmaps, by tracking's own backfill (what ``usage_rollup
    --bitmaps`` runs), timed."""
    from enablement.tracking.services import user_bitmaps_rebuild

    started = time.perf_counter()
    written = user_bitmaps_rebuild()
    log(f"  user bitmaps (backfill): {written:,} rows in {time.perf_counter() - started:.1f}s")
    cursor.execute("VACUUM ANALYZE tracking_assetuserbitmap")


def nightly() -> float:
    """Seconds of the nightly rollup task's work: ``usage_rollup_run`` from two days back."""
    import datetime

    from django.utils import timezone

    from enablement.tracking.services import usage_rollup_run

    started = time.perf_counter()
    report = usage_rollup_run(since=timezone.localdate() - datetime.timedelta(days=2))
    seconds = time.perf_counter() - started
    log(
        f"nightly rollup (usage_rollup_run from 2 days back): {seconds:.1f}s, "
        f"{report.asset_days:,} asset-days, {report.influences:,} influences"
    )
    return seconds


def profile(call, name: str) -> None:
    """One call's queries (time each, slowest first) and its top functions (cProfile)."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        call()
        total = (time.perf_counter() - started) * 1000
    sql_ms = sum(float(query["time"]) for query in queries) * 1000
    log(
        f"--- {name}: {total:.0f} ms, {len(queries)} queries {sql_ms:.0f} ms, "
        f"rest {total - sql_ms:.0f} ms"
    )
    for query in sorted(queries, key=lambda q: -float(q["time"])):
        log(f"  {float(query['time']) * 1000:7.1f} ms  {' '.join(query['sql'].split())[:150]}")
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    log(out.getvalue())


def scan_summary(*, since, until) -> dict:
    """The summary's usage and deal figures straight from raw events (the baseline)."""
    from django.db.models import Count, F, Q

    from enablement.insights.selectors import period_bounds
    from enablement.tracking.models import Deal, UsageEvent

    start, end = period_bounds(since=since, until=until)
    events = UsageEvent.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    influencing = Q(deal__isnull=False) & (
        Q(deal__status="open") | Q(occurred_at__lte=F("deal__closed_at"))
    )
    usage = events.aggregate(
        uses=Count("pk"),
        users=Count("user_id", distinct=True),
        assets=Count("asset_id", distinct=True),
        deals=Count("deal_id", distinct=True, filter=influencing),
    )
    closed = Deal.objects.filter(
        status__in=["won", "lost"], closed_at__gte=start, closed_at__lt=end
    ).aggregate(
        with_content=Count(
            "pk",
            distinct=True,
            filter=Q(usage_events__occurred_at__lte=F("closed_at")),
        )
    )
    return {**usage, **closed}


def scan_assets(*, since, until) -> list:
    from django.db.models import Count, F, Q

    from enablement.insights.selectors import period_bounds
    from enablement.tracking.models import UsageEvent

    start, end = period_bounds(since=since, until=until)
    influencing = Q(deal__isnull=False) & (
        Q(deal__status="open") | Q(occurred_at__lte=F("deal__closed_at"))
    )
    return list(
        UsageEvent.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        .values("asset_id")
        .annotate(
            uses=Count("pk"),
            users=Count("user_id", distinct=True),
            deals=Count("deal_id", distinct=True, filter=influencing),
            won=Count("deal_id", distinct=True, filter=influencing & Q(deal__status="won")),
        )
        .order_by()
    )


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 (nearest rank)."""
    samples = sorted(samples)

    def rank(share: float) -> float:
        return samples[max(0, min(len(samples) - 1, round(share * len(samples)) - 1))]

    return statistics.median(samples), rank(0.95), rank(0.99)


def timed(function, *, runs: int, warmup: int = 2) -> tuple[float, float, float]:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


_REAL_SELECTORS: dict = {}


def intervals_set(on: bool) -> None:
    """Put the real confidence selectors the stats API calls back, or constant stubs."""
    import datetime

    from enablement.insights import selectors

    if not _REAL_SELECTORS:
        _REAL_SELECTORS.update(
            content_confidence=selectors.content_confidence,
            asset_confidence=selectors.asset_confidence,
            empty=selectors.content_confidence(
                since=datetime.date(1990, 1, 1), until=datetime.date(1990, 1, 1)
            ),
        )
    if on:
        selectors.content_confidence = _REAL_SELECTORS["content_confidence"]
        selectors.asset_confidence = _REAL_SELECTORS["asset_confidence"]
    else:
        selectors.content_confidence = lambda **kwargs: _REAL_SELECTORS["empty"]
        selectors.asset_confidence = lambda **kwargs: {}


def timed_both(call, *, runs: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """(p50, p95) with intervals on, then off: alternating blocks of five calls, so load
    changes on a shared machine fall on both sides alike."""
    samples = {True: [], False: []}
    for on in (True, False):
        intervals_set(on)
        call()
        call()
    for block in range(0, runs, 5):
        for on in (True, False):
            intervals_set(on)
            for _ in range(min(5, runs - block)):
                started = time.perf_counter()
                call()
                samples[on].append((time.perf_counter() - started) * 1000)
    intervals_set(True)

    def figures(values: list[float]) -> tuple[float, float]:
        values.sort()
        return statistics.median(values), values[
            min(len(values) - 1, round(0.95 * len(values)) - 1)
        ]

    return figures(samples[True]), figures(samples[False])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3, help="consecutive runs")
    parser.add_argument("--scan-runs", type=int, default=3)
    parser.add_argument(
        "--rebuild-rollups", action="store_true", help="recompute rollups of reused events"
    )
    parser.add_argument("--intervals", choices=["on", "off", "both"], default="on")
    parser.add_argument("--nightly", action="store_true", help="time the nightly rollup")
    parser.add_argument("--profile", action="store_true", help="queries and cProfile only")
    parser.add_argument("--no-scan", action="store_true", help="skip the raw-scan baseline")
    args = parser.parse_args()
    setup_django()
    generate(events=args.events, rebuild_rollups=args.rebuild_rollups)
    if args.nightly:
        nightly()
    if args.intervals == "off":
        intervals_set(False)
    log(f"intervals {args.intervals} · load average {os.getloadavg()[0]:.2f}")

    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="bench-manager"))
    until = timezone.localdate()
    endpoints = []
    for days in (30, 365):
        since = until - datetime.timedelta(days=days - 1)
        params = {"since": since.isoformat(), "until": until.isoformat()}
        for name, url, scan in (
            ("summary", "/api/v1/stats/summary/", scan_summary),
            ("assets", "/api/v1/stats/assets/", scan_assets),
        ):

            def call(url=url, params=params):
                response = client.get(url, params)
                assert response.status_code == 200, response.content[:300]

            def scan_call(scan=scan, since=since):
                return scan(since=since, until=until)

            endpoints.append((name, days, call, scan_call))

    if args.profile:
        for name, days, call, _ in endpoints:
            profile(call, f"{name} {days} d")
        return

    from enablement.tracking.models import AssetUserDailyUsage, DealInfluence, UsageEvent

    log(
        f"events {UsageEvent.objects.count():,} · assets {ASSETS:,} · reps {REPS} · "
        f"deals {DEALS:,} · per-user rollup rows {AssetUserDailyUsage.objects.count():,} · "
        f"influences {DealInfluence.objects.count():,}"
    )
    missed: set[tuple[str, int]] = set()
    for run in range(1, args.repeat + 1):
        rows = []
        both = []
        for name, days, call, scan_call in endpoints:
            load = os.getloadavg()[0]
            if args.intervals == "both":
                (p50, p95), (off_p50, off_p95) = timed_both(call, runs=args.runs)
                p99 = p95
                both.append((name, days, p50, p95, off_p50, off_p95))
            else:
                p50, p95, p99 = timed(call, runs=args.runs)
            scan = (
                (0.0, 0.0, 0.0) if args.no_scan else timed(scan_call, runs=args.scan_runs, warmup=1)
            )
            rows.append((name, days, p50, p95, p99, scan, load))
            if p95 > TARGET_MS:
                missed.add((name, days))
        log("")
        header = (
            f"run {run}: {'endpoint':<10}{'period':>8}{'p50':>7}{'p95':>7}{'p99':>7}"
            f"{'target':>8}{'scan p50':>10}{'scan p95':>10}{'scan/api p95':>14}{'load':>6}"
        )
        log(header)
        log("-" * len(header))
        for name, days, p50, p95, p99, scan, load in rows:
            ratio = f"{scan[1] / p95:>13.1f}x" if scan[1] else f"{'-':>14}"
            log(
                f"{'':7}{name:<10}{days:>6} d{p50:>7.0f}{p95:>7.0f}{p99:>7.0f}"
                f"{'ok' if p95 <= TARGET_MS else 'MISS':>8}{scan[0]:>10.0f}{scan[1]:>10.0f}"
                f"{ratio}{load:>6.2f}"
            )
        for name, days, _p50, p95, _off_p50, off_p95 in both:
            log(
                f"{'':7}{name:<10}{days:>6} d intervals on p95 {p95:.0f} · off {off_p95:.0f}"
                f" · on/off {p95 / off_p95:.2f}x"
            )
    log("")
    for name, days, *_ in endpoints:
        verdict = "not met" if (name, days) in missed else "met"
        log(f"{name} {days} d: p95 <= {TARGET_MS} ms in all {args.repeat} runs: {verdict}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
