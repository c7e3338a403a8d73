"""The Polish catalogue is complete and compiled: every string the code and templates mark
for translation has a Polish translation (none empty, none fuzzy), and the committed
``django.mo`` is the compiled ``django.po``.

``makemessages`` runs on a copy of the sources (the worktree's catalogue is left alone);
it needs GNU gettext (``xgettext``, ``msgfmt``; ``.ci/services.sh`` installs it).
"""

from __future__ import annotations

import gettext
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.gettext_tools import makemessages_in_copy, po_statistics, require_gettext

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "pl" / "LC_MESSAGES"


def _untranslated(po: Path) -> list[str]:
    """The msgids with an empty msgstr (for the failure message)."""
    result = subprocess.run(
        ["msgattrib", "--untranslated", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    return re.findall(r'^msgid "(.+)"$', result.stdout, flags=re.M)


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory) -> Path:
    """``makemessages -l pl`` over a copy of the sources, merged into the committed .po."""
    require_gettext()
    return makemessages_in_copy(ROOT, tmp_path_factory.mktemp("i18n"), domain="django")


def test_every_marked_string_has_a_polish_translation(fresh_catalogue):
    counts = po_statistics(fresh_catalogue)
    assert counts["translated"] > 600  # the whole interface, not a handful
    assert counts["untranslated"] == 0, _untranslated(fresh_catalogue)[:20]
    assert counts["fuzzy"] == 0


def test_the_committed_catalogue_is_the_current_one(fresh_catalogue):
    """Running makemessages finds nothing new: the committed .po has every string."""
    committed = po_statistics(CATALOGUE / "django.po")
    assert committed == po_statistics(fresh_catalogue)


def test_the_compiled_catalogue_matches_the_po(tmp_path):
    require_gettext()
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(CATALOGUE / "django.po")], check=True
    )
    with open(compiled, "rb") as fresh, open(CATALOGUE / "django.mo", "rb") as committed:
        fresh_catalog = gettext.GNUTranslations(fresh)._catalog
        committed_catalog = gettext.GNUTranslations(committed)._catalog
    assert committed_catalog == fresh_catalog


def test_polish_plural_forms_are_the_three_polish_ones():
    with open(CATALOGUE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    forms = {
        n: catalogue.ngettext("%(count)s won deal", "%(count)s won deals", n)
        for n in (1, 2, 5, 22, 25, 112)
    }
    assert forms[1] == "%(count)s wygrana transakcja"
    assert forms[2] == forms[22] == "%(count)s wygrane transakcje"
    assert forms[5] == forms[25] == forms[112] == "%(count)s wygranych transakcji"
