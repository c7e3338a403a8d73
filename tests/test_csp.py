"""Content-Security-Policy on the library, asset, share and insights pages (issue 9, item 2)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from enablement.tracking.services import share_link_create
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class _ScriptScan(HTMLParser):
    """Inline scripts (no ``src``) and inline event-handler attributes in a page."""

    def __init__(self):
        super().__init__()
        self.inline_scripts: list[int] = []
        self.handlers: list[str] = []
        self.style_attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # JSON data blocks are not executed; any other inline script would be.
        if (
            tag == "script"
            and not attributes.get("src")
            and attributes.get("type") != "application/json"
        ):
            self.inline_scripts.append(self.getpos()[0])
        self.handlers.extend(f"<{tag} {name}>" for name in attributes if name.startswith("on"))
        if "style" in attributes:
            self.style_attributes.append(tag)


def _scan(response) -> _ScriptScan:
    scan = _ScriptScan()
    scan.feed(response.content.decode())
    return scan


@pytest.fixture
def pages(library, sales_user, manager_user):
    case_study = CaseStudyPageFactory(title="Acme story", customer="Acme")
    objection = ObjectionPageFactory(title="Too expensive")
    deal = DealFactory(owner=sales_user, name="Globex renewal")
    _, token = share_link_create(asset=case_study, deal=deal, user=sales_user)
    return {
        "library": ("/library/?q=acme", sales_user),
        "case study": (case_study.url, sales_user),
        "objection": (objection.url, sales_user),
        "share": (f"/share/{token}/", None),
        "insights overview": ("/insights/", manager_user),
        "insights assets": ("/insights/assets/", manager_user),
        "insights asset detail": (f"/insights/assets/{case_study.pk}/", manager_user),
        "insights adoption": ("/insights/adoption/", manager_user),
        "insights heatmap": ("/insights/heatmap/", manager_user),
    }


PAGE_NAMES = [
    "library",
    "case study",
    "objection",
    "share",
    "insights overview",
    "insights assets",
    "insights asset detail",
    "insights adoption",
    "insights heatmap",
]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_sends_a_strict_policy(client, pages, name):
    url, user = pages[name]
    if user is not None:
        client.force_login(user)

    response = client.get(url)

    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_inline_script(client, pages, name):
    url, user = pages[name]
    if user is not None:
        client.force_login(user)

    scan = _scan(client.get(url))

    assert scan.inline_scripts == [], f"inline <script> at lines {scan.inline_scripts}"
    assert scan.handlers == []


@pytest.mark.parametrize("name", ["library", "case study", "objection", "share"])
def test_pages_outside_insights_need_no_inline_style_either(client, pages, name):
    url, user = pages[name]
    if user is not None:
        client.force_login(user)

    response = client.get(url)

    assert "'unsafe-inline'" not in _policy(response)["style-src"]
    assert _scan(response).style_attributes == []


def test_wagtail_admin_gets_only_the_relaxations_it_needs(client, superuser):
    client.force_login(superuser)

    response = client.get("/cms/")

    assert response.status_code == 200
    policy = _policy(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


def test_wagtail_admin_sends_no_email_hash_to_gravatar(client, superuser):
    superuser.email = "admin@example.com"
    superuser.save(update_fields=["email"])
    client.force_login(superuser)

    response = client.get("/cms/")

    assert response.status_code == 200
    assert "gravatar" not in response.content.decode()
