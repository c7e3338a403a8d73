"""GNU gettext for the catalogue tests: required in CI, and msgfmt's own statistics."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_server


def require_gettext() -> None:
    missing = [tool for tool in ("xgettext", "msgfmt", "msgmerge") if not shutil.which(tool)]
    require_server("GNU gettext", not missing, f"{', '.join(missing)} not on PATH")


def po_statistics(po: Path) -> dict[str, int]:
    """msgfmt's own count of translated, fuzzy and untranslated messages."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts
