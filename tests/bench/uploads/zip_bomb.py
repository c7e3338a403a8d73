"""How fast and how cheaply a zip bomb is refused (issue 9, item 9).

    .venv/bin/python tests/bench/uploads/zip_bomb.py [--runs 20] [--inflated-mb 400]

Builds a PPTX-looking zip (about 400 KB) whose one member inflates to 400 MB, then times
``validate_attachment`` (what the admin form and ``import_assets`` call) and
``extract_text`` (what the Celery extraction task calls) refusing it, with the peak of
Python allocations measured by ``tracemalloc``. Target: well under a second and under
100 MB. Not part of the unit suite (``tests/bench`` is excluded by pytest); the refusal
itself is asserted in tests/content/test_upload_limits.py.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enablement.settings.test")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def _measure(function, runs: int) -> tuple[list[float], int, str]:
    timings, peak = [], 0
    for _ in range(runs):
        tracemalloc.start()
        started = time.perf_counter()
        try:
            function()
        except Exception as error:  # the refusal is the expected outcome
            refusal = str(error)
        else:
            raise SystemExit("the zip bomb was NOT refused")
        timings.append(time.perf_counter() - started)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return timings, peak, refusal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--inflated-mb", type=int, default=400)
    args = parser.parse_args()

    import django

    django.setup()
    from content.files import PPTX, extract_text, validate_attachment
    from tests.content.test_upload_limits import zip_bomb

    started = time.perf_counter()
    bomb = zip_bomb(args.inflated_mb * 1024 * 1024)
    print(
        f"zip bomb: {len(bomb) / 1024:.0f} KB on disk, inflates to {args.inflated_mb} MB "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    cases = {
        "validate_attachment (upload, import)": lambda: validate_attachment(
            io.BytesIO(bomb), size=len(bomb)
        ),
        "extract_text (Celery extraction)": lambda: extract_text(io.BytesIO(bomb), kind=PPTX),
    }
    for name, function in cases.items():
        timings, peak, refusal = _measure(function, args.runs)
        print(
            f"{name}: refused in median {statistics.median(timings) * 1000:.2f} ms, "
            f"max {max(timings) * 1000:.2f} ms over {args.runs} runs; "
            f"peak Python memory {peak / 1024 / 1024:.2f} MB\n    reason: {refusal}"
        )


if __name__ == "__main__":
    main()
