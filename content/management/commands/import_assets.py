"""Import assets from a JSON Lines file (DESIGN §7): ``import_assets FILE.jsonl``."""

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.importing import assets_import


class Command(BaseCommand):
    help = (
        "Import assets from a JSON Lines file, one asset per line, published live. "
        "Lines with an existing external_id update that asset in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="The .jsonl file; attachment paths are relative to it."
        )
        parser.add_argument(
            "--create-segments",
            action="store_true",
            help="Create segments that do not exist yet instead of failing their lines.",
        )

    def handle(self, *args, file: Path, create_segments: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")

        def progress(done: int, total: int, outcome: str, detail: str) -> None:
            line = f"[{done:>{len(str(total))}}/{total}] {outcome:<7} {detail}"
            if outcome == "failed":
                self.stdout.write(self.style.WARNING(line))
            else:
                self.stdout.write(line)

        # Wagtail logs every publish at INFO; keep the progress lines readable.
        quiet = options["verbosity"] < 2
        if quiet:
            logging.disable(logging.INFO)
        try:
            report = assets_import(path=file, create_segments=create_segments, progress=progress)
        finally:
            if quiet:
                logging.disable(logging.NOTSET)
        for failure in report.failures:
            self.stderr.write(str(failure))
        if report.failed:
            raise CommandError(
                f"{report.failed} of {report.total} lines failed ({report.summary()})."
            )
        self.stdout.write(self.style.SUCCESS(report.summary()))
