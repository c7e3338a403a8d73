"""The same top navigation for a role on every page (library, asset, prep, insights...)."""

from __future__ import annotations

import re

import pytest

from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db

REP = ["Library", "Prep for a call", "Requests", "Share links", "Deal rooms"]
MARKETER = [*REP, "Reports", "CMS"]
MANAGER = [*REP, "Insights"]
EVERYTHING = [*REP, "Insights", "Reports", "CMS"]


def _nav(html: str) -> tuple[list[str], list[str]]:
    """The main navigation's labels and the label marked as the current page."""
    match = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', html, re.S)
    assert match, "no main navigation"
    links = re.findall(r"<a href=\"[^\"]+\"( aria-current=\"page\")?>([^<]+)</a>", match[1])
    return [label for _, label in links], [label for current, label in links if current]


@pytest.fixture
def asset(library):
    return CaseStudyPageFactory(title="Navigation story", segments=["Healthcare"])


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("sales_user", REP),
        ("marketing_user", MARKETER),
        ("manager_user", MANAGER),
        ("superuser", EVERYTHING),
    ],
)
def test_each_role_sees_the_same_entries_on_every_page(
    request, client, asset, user_fixture, expected
):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    pages = {
        "/library/": "Library",
        "/library/prep/": "Prep for a call",
        "/library/requests/": "Requests",
        asset.url: None,
    }
    if "Insights" in expected:
        pages["/insights/"] = "Insights"
    for url, current in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        labels, marked = _nav(response.content.decode())
        assert labels == expected, url
        assert marked == ([current] if current else []), url


def test_prep_for_a_call_stays_on_asset_pages(client, sales_user, asset):
    client.force_login(sales_user)
    html = client.get(asset.url).content.decode()
    assert '<a href="/library/prep/">Prep for a call</a>' in html


def test_people_outside_the_library_groups_get_no_menu(client, outsider_user):
    client.force_login(outsider_user)
    html = client.get("/login/").content.decode()
    assert 'class="site-nav"' not in html


def test_signed_out_pages_show_no_menu(client):
    html = client.get("/login/").content.decode()
    assert 'class="site-nav"' not in html
    assert "Sign out" not in html
