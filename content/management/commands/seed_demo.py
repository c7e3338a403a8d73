"""Seed the demo library, demo users and (via ENABLEMENT_DEMO_SEEDERS) usage history."""

import logging

from django.core.management.base import BaseCommand, CommandError

from content.demo.seeding import DemoSeedReport, demo_seed

ROLE_LABELS = {
    "Sales": "Sales rep (library)",
    "Marketing": "Marketing (CMS at /cms/)",
    "Managers": "Manager (insights)",
    "": "Administrator (superuser)",
}


class Command(BaseCommand):
    help = "Seed a realistic demo library with real PDF/PPTX files, demo users and history."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Leave content alone when the library already has assets (still prints logins).",
        )
        parser.add_argument(
            "--assets",
            type=int,
            default=None,
            metavar="N",
            help="Seed only the first N demo assets (quick runs; default all).",
        )
        parser.add_argument("--seed", type=int, default=42, help="Random seed (default 42).")

    def handle(self, *args, if_empty: bool, assets: int | None, seed: int, **options):
        if assets is not None and assets < 1:
            raise CommandError("--assets must be at least 1.")

        def progress(done: int, total: int, label: str, title: str) -> None:
            self.stdout.write(f"  [{done:>{len(str(total))}}/{total}] {label:<18} {title}")

        self.stdout.write("Seeding the demo library…")
        # Wagtail logs every publish at INFO; keep the progress lines readable.
        quiet = options["verbosity"] < 2
        if quiet:
            logging.disable(logging.INFO)
        try:
            report = demo_seed(
                seed=seed,
                asset_limit=assets,
                if_empty=if_empty,
                progress=progress,
                stdout=self.stdout,
            )
        finally:
            if quiet:
                logging.disable(logging.NOTSET)
        if report.skipped_content:
            self.stdout.write("The library already has assets: content left as it is (--if-empty).")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo library ready: {report.created} assets created, {report.updated} "
                    f"updated in {report.library_seconds:.1f} s "
                    f"(whole seed {report.seconds:.1f} s)."
                )
            )
        self._print_logins(report)

    def _print_logins(self, report: DemoSeedReport) -> None:
        rows = [("Username", "Password", "Role")]
        for demo, _created in report.users:
            rows.append((demo.username, demo.password, ROLE_LABELS[demo.group]))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        rule = "+".join("-" * (width + 2) for width in widths)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins: http://127.0.0.1:8000/login/"))
        self.stdout.write(f"+{rule}+")
        for index, row in enumerate(rows):
            cells = " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row))
            self.stdout.write(f"| {cells} |")
            if index == 0:
                self.stdout.write(f"+{rule}+")
        self.stdout.write(f"+{rule}+")
        if any(not created for _demo, created in report.users):
            self.stdout.write(
                "Passwords are set when a demo user is first created; existing users keep theirs."
            )
