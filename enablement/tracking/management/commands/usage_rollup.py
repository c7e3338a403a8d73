"""``usage_rollup [--since YYYY-MM-DD] [--bitmaps]``: bring attribution and rollups up to
date now; ``--bitmaps`` only rebuilds the per-asset user bitmaps from the per-user rows."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from enablement.tracking.services import usage_rollup_run, user_bitmaps_rebuild


class Command(BaseCommand):
    help = (
        "Recompute deal attribution, daily usage rollups and asset popularity from stored "
        "events (all days, or from --since). Idempotent: the periodic task does the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="First day to recompute (YYYY-MM-DD).")
        parser.add_argument(
            "--bitmaps",
            action="store_true",
            help="Only rebuild the user bitmaps (distinct users) from the per-user rows.",
        )

    def handle(self, *args, since=None, bitmaps=False, **options):
        if bitmaps:
            started = time.monotonic()
            written = user_bitmaps_rebuild()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Done in {time.monotonic() - started:.1f}s: {written} user bitmaps."
                )
            )
            return
        since_date = None
        if since:
            try:
                since_date = datetime.date.fromisoformat(since)
            except ValueError as error:
                raise CommandError(f"--since must be YYYY-MM-DD, got {since!r}") from error
        scope = f"days from {since_date}" if since_date else "all days"
        self.stdout.write(f"Recomputing attribution and rollups for {scope}...")
        started = time.monotonic()
        report = usage_rollup_run(since=since_date)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.1f}s: {report.asset_days} asset-days, "
                f"{report.influences} deal influences, {report.events_processed} pending events "
                f"processed, {len(report.popularity_changed)} assets' popularity changed."
            )
        )
