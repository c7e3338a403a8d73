"""Rich text is reduced to the editor's allow-list on every way in (issue 9, item 2)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from content.models import AssetPage, CaseStudyPage
from content.sanitize import rich_text_sanitize
from enablement.tracking.services import share_link_create
from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('script')</script>",
    '<img src="x" onerror="alert(\'img\')">',
    "<a href=\"javascript:alert('link')\">Click me</a>",
    '<a href="JaVaScRiPt:alert(1)">Mixed case</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Data URL</a>',
    '<svg onload="alert(\'svg\')"><circle r="1"/></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<p onclick="alert(\'p\')" style="background:url(javascript:alert(1))">Styled</p>',
    "<style>body{display:none}</style>",
    '<object data="evil.swf"></object>',
    "<math><mtext><table><mglyph><style><img src=x onerror=\"alert('mxss')\">",
]
# The last payload leaves a <style> open, which (as in a browser) swallows what follows it.
HOSTILE_BODY = (
    "<p>Safe opening line.</p>"
    + "".join(PAYLOADS[:-1])
    + "<p>Safe closing line.</p>"
    + PAYLOADS[-1]
)


class _Scan(HTMLParser):
    """Every tag and attribute in a document, as the browser's tokenizer sees them."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


def _assert_nothing_runs(html: str) -> None:
    scan = _Scan()
    scan.feed(html)
    assert not {"iframe", "object", "svg", "math", "img", "style"} & set(scan.tags)
    handlers = [name for name, _ in scan.attributes if name.startswith("on")]
    assert handlers == []
    urls = [value.strip().lower() for name, value in scan.attributes if name in {"href", "src"}]
    assert not [url for url in urls if url.startswith(("javascript:", "data:", "vbscript:"))]
    assert "alert(" not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitiser_removes_every_payload(payload):
    cleaned = rich_text_sanitize(f"<p>Keep me</p>{payload}")

    _assert_nothing_runs(cleaned)
    assert cleaned.startswith("<p>Keep me</p>")


def test_sanitiser_keeps_what_the_editor_writes():
    html = (
        "<h2>Heading</h2><h3>Sub</h3><h4>Minor</h4><p><b>bold</b> <i>italic</i> "
        "<strong>strong</strong> <em>em</em><br/>next</p><ul><li>one</li></ul><ol><li>two</li>"
        '</ol><hr/><p><a href="https://example.com/x?y=1">external</a> '
        '<a href="/library/">relative</a> <a href="mailto:a@example.com">mail</a> '
        '<a linktype="page" id="3">page</a> <a linktype="document" id="5">doc</a></p>'
        '<embed alt="Chart" embedtype="image" format="left" id="7"/>'
    )

    cleaned = rich_text_sanitize(html)

    for kept in (
        "<h2>Heading</h2>",
        "<b>bold</b>",
        "<strong>strong</strong>",
        "<li>one</li>",
        "<hr>",
        '<a href="https://example.com/x?y=1">',
        '<a href="/library/">',
        '<a href="mailto:a@example.com">',
        '<a linktype="page" id="3">',
        '<a linktype="document" id="5">',
        # Wagtail's rewriter only expands the self-closing form of an image embed.
        '<embed alt="Chart" embedtype="image" format="left" id="7"/>',
    ):
        assert kept in cleaned
    assert rich_text_sanitize(cleaned) == cleaned


def test_saving_a_page_sanitises_every_rich_text_field(library):
    page = CaseStudyPageFactory(
        body=HOSTILE_BODY, challenge=HOSTILE_BODY, solution=HOSTILE_BODY, customer="Acme"
    )

    stored = CaseStudyPage.objects.get(pk=page.pk)
    for value in (stored.body, stored.challenge, stored.solution):
        _assert_nothing_runs(value)
        assert "Safe opening line." in value and "Safe closing line." in value
    revision = stored.latest_revision.content
    for name in ("body", "challenge", "solution"):
        _assert_nothing_runs(revision[name])


@pytest.fixture
def imported_hostile_asset(tmp_path, sales_user):
    from content.importing import assets_import

    line = {
        "external_id": "crm-xss",
        "type": "case_study",
        "title": "Hostile story",
        "summary": "Imported from a CRM export someone tampered with.",
        "customer": "Initech",
        "body": HOSTILE_BODY,
        "challenge": HOSTILE_BODY,
        "solution": HOSTILE_BODY,
    }
    path = tmp_path / "assets.jsonl"
    path.write_text(json.dumps(line) + "\n")

    report = assets_import(path=path)

    assert report.failures == []
    return AssetPage.objects.get(external_id="crm-xss").specific


def test_imported_body_renders_without_script_on_the_asset_page(
    client, library, sales_user, imported_hostile_asset
):
    client.force_login(sales_user)

    response = client.get(imported_hostile_asset.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Safe opening line." in html and "Safe closing line." in html
    _assert_nothing_runs(html)
    assert not _inline_scripts(html)


def test_imported_body_renders_without_script_on_the_public_share_page(
    client, library, sales_user, imported_hostile_asset
):
    deal = DealFactory(owner=sales_user, name="Initech expansion")
    _, token = share_link_create(asset=imported_hostile_asset, deal=deal, user=sales_user)

    response = client.get(f"/share/{token}/")

    assert response.status_code == 200
    html = response.content.decode()
    _assert_nothing_runs(html)
    assert not _inline_scripts(html)


def _inline_scripts(html: str) -> list[str]:
    class Scripts(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "script" and not dict(attrs).get("src"):
                self.found.append(str(attrs))

    parser = Scripts()
    parser.found = []
    parser.feed(html)
    return parser.found
