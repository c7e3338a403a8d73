"""GNU gettext for the catalogue tests: required in CI, and msgfmt's own statistics."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
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


SOURCES = ("content", "enablement", "search", "templates", "locale")


def makemessages_in_copy(root: Path, copy: Path, *, domain: str) -> Path:
    """``makemessages -d domain -l pl`` over a copy of the sources under ``copy`` (the
    worktree's catalogue is left alone); the fresh Polish .po it leaves. Scripts live in
    ``static``, so the ``djangojs`` domain keeps it and ``django`` skips it."""
    skip = ["__pycache__", "*.pyc", "migrations"] + (["static"] if domain == "django" else [])
    for name in SOURCES:
        shutil.copytree(root / name, copy / name, ignore=shutil.ignore_patterns(*skip))
    shutil.copy2(root / "manage.py", copy / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-d", domain, "-l", "pl", "--no-obsolete"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(copy),
            "DJANGO_SETTINGS_MODULE": "enablement.settings.test",
            "ENABLEMENT_VAR_DIR": str(copy / "var"),
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return copy / "locale" / "pl" / "LC_MESSAGES" / f"{domain}.po"
