"""The one-way architecture (DESIGN §2, docs/architecture.md) stays true.

The import contracts live in pyproject.toml (``[tool.importlinter]``): apps are layered
api > insights > governance > search > tracking > content, content and the demo text import
nothing above content, tracking never imports search. import-linter reads every import
statement, lazy ones inside functions included, so a ``try: import`` guard cannot hide an
arrow pointing the wrong way.
"""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
APPS = ("content", "demo", "search", "enablement")
MAX_MODULE_LINES = 500
# Long by nature: generated migrations and the demo library's prose.
LONG_BY_NATURE = ("migrations", "demo/case_studies.py", "demo/presentations.py")


def test_import_contracts_are_kept():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_no_module_is_past_the_size_one_person_holds_in_their_head():
    too_long = {
        str(path.relative_to(ROOT)): count
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if not any(part in str(path.relative_to(ROOT)) for part in LONG_BY_NATURE)
        and (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}
