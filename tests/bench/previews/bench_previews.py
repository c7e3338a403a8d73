"""Page preview rendering throughput and time to first thumbnail (DESIGN §9).

    PYTHONPATH=. .venv/bin/python tests/bench/previews/bench_previews.py [--slides 30] [--runs 3]

Builds a demo-style deck of N slides (title slide included) as PDF (reportlab) and PPTX
(python-pptx), renders each with ``content.rendering.pages_render`` as the Celery task does
(PPTX through LibreOffice headless) with the production limits and image sizes, and writes
every WebP to a temporary folder as storage would. Prints pages/s per format, the time to
the first page drawn, and the whole render: the task commits a deck's pages together, so
the latter is when the first thumbnail appears on the site after an upload.
Not part of the unit suite (``tests/bench`` is excluded by pytest).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from content.rendering import PDF, PPTX, RenderLimits, pages_render, soffice_path  # noqa: E402
from demo.documents import deck_pdf, deck_pptx  # noqa: E402
from demo.presentations import Slide  # noqa: E402


def _slides(count: int) -> list[Slide]:
    return [
        Slide(
            f"Slide {number}: why operations teams switch",
            (
                "Approvals in hours, not weeks",
                "Every decision recorded in a zebra-striped audit trail",
                f"Customer proof point number {number}",
            ),
            "Speaker notes for the rep.",
        )
        for number in range(1, count)
    ]


def _render(data: bytes, kind: str, soffice: str | None, folder: Path) -> tuple[int, float, float]:
    started = time.perf_counter()
    first = None
    pages = 0
    for page in pages_render(data, kind=kind, limits=RenderLimits(), soffice=soffice):
        (folder / f"{kind}-{page.number:04d}-thumb.webp").write_bytes(page.thumbnail.data)
        (folder / f"{kind}-{page.number:04d}-page.webp").write_bytes(page.image.data)
        if first is None:
            first = time.perf_counter() - started
        pages += 1
    return pages, first or 0.0, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    slides = _slides(args.slides)
    soffice = soffice_path()
    decks = {PDF: deck_pdf(title="Benchmark deck", slides=slides)}
    if soffice:
        decks[PPTX] = deck_pptx(title="Benchmark deck", slides=slides)
    else:
        print("LibreOffice not found: PPTX skipped")
    print(f"{args.slides}-slide deck, {args.runs} runs, widths 320 / 1400 px WebP")
    print(f"{'format':<6} {'pages':>5} {'pages/s':>8} {'first page s':>13} {'whole deck s':>13}")
    with tempfile.TemporaryDirectory() as work:
        for kind, data in decks.items():
            results = [_render(data, kind, soffice, Path(work)) for _ in range(args.runs)]
            pages = results[0][0]
            total = statistics.median(result[2] for result in results)
            first = statistics.median(result[1] for result in results)
            print(f"{kind:<6} {pages:>5} {pages / total:>8.1f} {first:>13.2f} {total:>13.2f}")


if __name__ == "__main__":
    main()
