"""No English in the Polish interface: the main pages a rep, a marketer and a manager see,
rendered in Polish, show no visible text (nor accessible name, placeholder or title) that is
an English source string of the catalogue.

The English strings are the msgids of ``locale/pl/LC_MESSAGES/django.po`` whose Polish
differs from the English (so "Segment" or "CSV", the same in both, are not leaks). A text
node that *is* such a msgid, or that contains one of four words or more, is a leak: a string
someone forgot to mark, or a translation that went missing (the last test removes one and
sees this check catch it).
"""

from __future__ import annotations

import ast
import functools
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from wagtail.users.models import UserProfile

from content.groups import MARKETING
from enablement.notifications.models import Notification
from enablement.tracking.services import share_link_create
from tests.factories import (
    CaseStudyPageFactory,
    ObjectionPageFactory,
    PresentationPageFactory,
    UserFactory,
)
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db

PO = settings.BASE_DIR / "locale" / "pl" / "LC_MESSAGES" / "django.po"
ATTRIBUTES = ("aria-label", "placeholder", "title", "alt", "aria-roledescription")
# Words of the demo data and of people, not of the interface: names of segments and deal
# stages are the team's own vocabulary (DESIGN §3), shown as entered.
DATA = {"Healthcare", "Discovery", "Proposal", "Demo", "Prospecting", "Negotiation", "Closing"}
LONG_PHRASE_WORDS = 4


def _po_entries() -> list[dict[str, list[str]]]:
    """The .po's entries as {"msgid": [...], "msgid_plural": [...], "msgstr": [...]}: each
    keyword's strings (continuation lines joined), fuzzy and obsolete ones included."""
    entries: list[dict[str, list[str]]] = []
    entry: dict[str, list[str]] = {}
    key = ""
    for line in PO.read_text(encoding="utf-8").splitlines():
        keyword = re.match(r"^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line)
        if keyword:
            key = "msgstr" if keyword[1].startswith("msgstr") else keyword[1]
            if key == "msgid" and entry:
                entries.append(entry)
                entry = {}
            entry.setdefault(key, []).append(ast.literal_eval(keyword[2]))
        elif line.startswith('"') and key:
            entry[key][-1] += ast.literal_eval(line)
    if entry:
        entries.append(entry)
    return entries


@functools.cache
def _english_strings() -> tuple[frozenset[str], frozenset[str]]:
    """(every English msgid whose Polish differs, the long ones among them); strings that
    hold a placeholder never appear verbatim and are left out."""
    english = set()
    for entry in _po_entries():
        polish = set(entry.get("msgstr", []))
        for source in entry.get("msgid", []) + entry.get("msgid_plural", []):
            source = source.strip()
            if source and source not in polish and "%(" not in source and "{" not in source:
                english.add(source)
    english -= DATA
    long = {text for text in english if len(text.split()) >= LONG_PHRASE_WORDS}
    return frozenset(english), frozenset(long)


class _VisibleText(HTMLParser):
    """Text nodes a person sees (not script/style/template contents) and the attributes a
    screen reader reads. An element marked in another language (``lang="en"``: the header's
    switch names each language in itself) is not Polish text and is skipped whole."""

    SKIPPED = {"script", "style", "template", "svg", "code", "pre"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.foreign: list = []  # [tag, depth] of the element in another language we are in
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.foreign:
            self.foreign[1] += tag == self.foreign[0]
            return
        language = attributes.get("lang") or ""
        if language and not language.startswith("pl") and tag != "html" and tag not in self.VOID:
            self.foreign = [tag, 1]
            return
        if tag in self.SKIPPED:
            self.skipping += 1
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.texts.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if self.foreign:
            if tag == self.foreign[0]:
                self.foreign[1] -= 1
                if not self.foreign[1]:
                    self.foreign = []
            return
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and not self.foreign and data.strip():
            self.texts.append(" ".join(data.split()))


def english_leaks(html: str) -> list[str]:
    """The visible texts of ``html`` that are English interface strings."""
    plain, long = _english_strings()
    parser = _VisibleText()
    parser.feed(html)
    leaks = []
    for text in parser.texts:
        bare = text.strip(" :·.…→←")
        if text in plain or bare in plain or any(phrase in text for phrase in long):
            leaks.append(text)
    return leaks


def _polish(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "pl"
    profile.save()
    return user


@pytest.fixture
def world(library, sales_user, manager_user, django_capture_on_commit_callbacks):
    rep = _polish(sales_user)
    manager = _polish(manager_user)
    marketer = _polish(UserFactory(username="marketer", groups=[MARKETING]))
    story = CaseStudyPageFactory(
        title="Harborview skraca czas autoryzacji",
        customer="Harborview",
        segments=["Healthcare"],
        stages=["Discovery"],
        results=[("result", {"metric": "Czas obsługi", "value": "-61%"})],
    )
    objection = ObjectionPageFactory(title="Za drogo", segments=["Healthcare"])
    deck = PresentationPageFactory(title="Prezentacja cennika", stages=["Proposal"])
    deal = DealFactory(owner=rep, name="Odnowienie Globex", account="Globex")
    _link, token = share_link_create(asset=story, deal=deal, user=rep)
    # a prospect opens the link: the rep's notification, written in the rep's language
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().get(f"/share/{token}/").status_code == 200
    assert Notification.objects.filter(recipient=rep).count() == 1
    return {
        "rep": rep,
        "manager": manager,
        "marketer": marketer,
        "story": story,
        "objection": objection,
        "deck": deck,
    }


PAGES = [
    ("rep", "home (library without a query)", "/library/"),
    ("rep", "library search", "/library/?q=cennik"),
    ("rep", "case study", "story"),
    ("rep", "objection", "objection"),
    ("rep", "presentation", "deck"),
    ("rep", "share links", "/library/share-links/"),
    ("rep", "notifications", "/notifications/"),
    ("rep", "prep for a call", "/library/prep/"),
    ("marketer", "library", "/library/"),
    ("marketer", "case study", "story"),
    ("manager", "insights overview", "/insights/"),
    ("manager", "insights assets", "/insights/assets/"),
    ("manager", "insights asset detail", "insights-detail"),
]


def _url(world, where: str) -> str:
    if where == "insights-detail":
        return f"/insights/assets/{world['story'].pk}/"
    if where in world:
        return world[where].url
    return where


@pytest.mark.parametrize(("who", "name", "where"), PAGES, ids=[f"{w}: {n}" for w, n, _ in PAGES])
def test_the_polish_page_shows_no_english(client, world, who, name, where):
    client.force_login(world[who])

    response = client.get(_url(world, where))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pl">' in html
    assert english_leaks(html) == []


def test_the_check_catches_a_missing_translation(client, world):
    """Take one translation out of the loaded Polish catalogue: the page shows its English
    msgid, and the check names it."""
    from django.utils.translation import trans_real

    client.force_login(world["rep"])
    assert english_leaks(client.get(world["story"].url).content.decode()) == []
    catalogues = trans_real.translation("pl")._catalog._catalogs
    removed = [
        (catalogue, catalogue.pop("Share with prospect"))
        for catalogue in catalogues
        if "Share with prospect" in catalogue
    ]
    assert removed
    try:
        leaks = english_leaks(client.get(world["story"].url).content.decode())
    finally:
        for catalogue, polish in removed:
            catalogue["Share with prospect"] = polish

    assert leaks == ["Share with prospect"]


def test_the_english_page_would_fail_the_check(client, world):
    """The same pages in English are full of what the check looks for."""
    rep = world["rep"]
    UserProfile.objects.filter(user=rep).update(preferred_language="en")
    client.force_login(rep)

    leaks = english_leaks(client.get(world["story"].url).content.decode())
    home = english_leaks(client.get("/library/").content.decode())

    assert len(leaks) >= 15, leaks
    assert {"Share with prospect", "Sign out"} <= set(leaks)
    assert len(home) >= 10, home
