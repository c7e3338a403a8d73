"""The scripts' translations: Django's JavaScript catalogue at /i18n/js/, scoped to our apps,
cacheable, linked before the scripts that use it, and a complete Polish ``djangojs`` catalogue.

The browser side (a script's string shown in Polish) is tests/e2e/test_scripts_in_polish_browser.py.
"""

from __future__ import annotations

import gettext
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.http import http_date

from content.groups import SALES
from tests.factories import UserFactory
from tests.i18n.gettext_tools import makemessages_in_copy, po_statistics, require_gettext

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "pl" / "LC_MESSAGES"
URL = "/i18n/js/"


def _catalog(response) -> dict:
    """The ``newcatalog`` object Django's catalogue script defines (none when empty)."""
    match = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    return json.loads(match.group(1)) if match else {}


def _po_msgids(po: Path) -> set[str]:
    with open(po.with_suffix(".mo"), "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    return {key[0] if isinstance(key, tuple) else key for key in catalogue if key}


def test_the_url_is_the_scoped_catalogue():
    assert reverse("javascript-catalog") == URL


def test_polish_catalogue_has_our_strings_and_polish_plurals(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"

    response = client.get(URL, {"language": "pl"})

    assert response.status_code == 200
    assert response["Content-Type"].replace('"', "") == "text/javascript; charset=utf-8"
    catalog = _catalog(response)
    assert catalog["Case study"] == "Studium przypadku"
    assert catalog["Share link created. It works until %(date)s."] == (
        "Utworzono link do udostępnienia. Działa do %(date)s."
    )
    assert catalog["%(count)s suggestion"] == [
        "%(count)s podpowiedź",
        "%(count)s podpowiedzi",
        "%(count)s podpowiedzi",
    ]
    # Polish plural rule: 1 → 0, 2-4 (not 12-14) → 1, else 2
    body = response.content.decode().replace(" ", "")
    assert "n%10>=2&&n%10<=4&&(n%100<12||n%100>14)?1:2" in body


def test_only_our_apps_strings_are_served(client):
    """Django's and Wagtail's own djangojs catalogues stay out: the catalogue is exactly
    the project's djangojs.po."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"

    catalog = _catalog(client.get(URL, {"language": "pl"}))

    assert set(catalog) == _po_msgids(CATALOGUE / "djangojs.po")


def test_english_catalogue_is_empty_so_scripts_keep_their_source_strings(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(URL, {"language": "en"})

    assert response.status_code == 200
    assert "Studium przypadku" not in response.content.decode()
    assert "newcatalog" not in response.content.decode()


def test_a_signed_in_users_saved_language_wins(client):
    from wagtail.users.models import UserProfile

    rep = UserFactory(username="ania", groups=[SALES])
    profile = UserProfile.get_for_user(rep)
    profile.preferred_language = "pl"
    profile.save()
    client.force_login(rep)

    assert _catalog(client.get(URL, {"language": "pl"}))["Link copied."] == "Skopiowano link."


def test_the_catalogue_is_cacheable_and_revalidates(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"

    response = client.get(URL, {"language": "pl"})

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=86400"} <= cache_control
    assert response.has_header("Last-Modified")
    again = client.get(
        URL, {"language": "pl"}, headers={"if-modified-since": response["Last-Modified"]}
    )
    assert again.status_code == 304
    stale = client.get(URL, {"language": "pl"}, headers={"if-modified-since": http_date(0)})
    assert stale.status_code == 200


@pytest.mark.parametrize("language", ["pl", "en"])
def test_pages_link_the_catalogue_of_their_language_before_the_scripts(client, library, language):
    rep = UserFactory(username="rep", groups=[SALES])
    client.force_login(rep)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get("/library/").content.decode()

    catalogue = page.index(f'<script src="{URL}?language={language}"></script>')
    assert catalogue < page.index("search/library.js")
    assert catalogue < page.index("search/disclosures.js")


# -- the Polish djangojs catalogue is complete and compiled ---------------------------------


def test_every_script_string_has_a_polish_translation(tmp_path):
    """``makemessages -d djangojs`` over a copy of the scripts finds nothing new, and every
    string is translated (none empty, none fuzzy)."""
    require_gettext()
    fresh = po_statistics(makemessages_in_copy(ROOT, tmp_path / "src", domain="djangojs"))

    assert fresh["translated"] >= 10
    assert fresh["untranslated"] == 0
    assert fresh["fuzzy"] == 0
    assert po_statistics(CATALOGUE / "djangojs.po") == fresh


def test_the_compiled_script_catalogue_matches_the_po(tmp_path):
    require_gettext()
    compiled = tmp_path / "djangojs.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(CATALOGUE / "djangojs.po")], check=True
    )
    with open(compiled, "rb") as fresh, open(CATALOGUE / "djangojs.mo", "rb") as committed:
        assert (
            gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog
        )
