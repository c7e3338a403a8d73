"""``import_deals FILE.csv [--stage-map FILE.json]``: upsert deals from a CRM export."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from enablement.tracking.crm import DEFAULT_STAGE_MAP, deals_import_csv


class Command(BaseCommand):
    help = (
        "Import a Salesforce-style opportunity export (Id, Name, Account, StageName, Amount, "
        "CurrencyIsoCode, CreatedDate, CloseDate, IsClosed, IsWon, OwnerEmail). Re-importing "
        "updates deals in place. Bad rows are reported by line; the rest import."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file (UTF-8, header row).")
        parser.add_argument(
            "--stage-map",
            help='JSON object of CRM stage name -> our stage, e.g. {"Qualification": "Discovery"}; '
            "merged over the default Salesforce mapping.",
        )

    def handle(self, *args, file, stage_map=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {file}")
        mapping = dict(DEFAULT_STAGE_MAP)
        if stage_map:
            try:
                extra = json.loads(Path(stage_map).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"cannot read stage map {stage_map}: {error}") from error
            if not isinstance(extra, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in extra.items()
            ):
                raise CommandError("the stage map must be a JSON object of strings")
            mapping.update(extra)

        def progress(line: int) -> None:
            self.stdout.write(f"  ... {line} lines read")

        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                report = deals_import_csv(stream=stream, stage_map=mapping, progress=progress)
        except (UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        for line, reason in report.failures:
            self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {len(report.failures)} failed."
        )
        if report.failures:
            raise CommandError(f"{len(report.failures)} rows failed (see above)")
