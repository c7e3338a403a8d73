"""Every CSV export neutralises cells a spreadsheet would run (issue 9, item 3; OWASP).

An asset titled ``=HYPERLINK("http://x","y")`` (and a deal, account and search typed the
same way) must reach the file as text: a leading single quote, the cell still quoted.
Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from content.models import AssetPage
from content.spreadsheets import spreadsheet_cell
from enablement.tracking.models import Deal
from enablement.tracking.services import usage_event_record, usage_rollup_run
from search.models import SearchLog
from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://x","y")'
NEUTRALISED = "'" + HOSTILE
WRITTEN = '"\'=HYPERLINK(""http://x"",""y"")"'  # prefixed, quoted, inner quotes doubled


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HOSTILE, NEUTRALISED),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("Plain title", "Plain title"),
        ("", ""),
    ],
)
def test_text_that_starts_a_formula_gets_a_quote(value, expected):
    assert spreadsheet_cell(value) == expected


@pytest.mark.parametrize(
    "value", [-12.5, 0, 42, Decimal("-3.20"), "-12.5", "-3.0%", "-1,234.00", "-", None]
)
def test_numbers_are_unchanged(value):
    assert spreadsheet_cell(value) == value


@pytest.fixture
def hostile(library, sales_user, marketing_user):
    """One asset, deal and zero-result search whose text is a formula, used today."""
    asset = CaseStudyPageFactory(
        title=HOSTILE,
        customer="Acme",
        owner_user=marketing_user,
        review_by=timezone.localdate() - datetime.timedelta(days=3),
    )
    deal = DealFactory(
        owner=sales_user,
        name="@SUM(1+1)*cmd|' /C calc'!A0",
        account="+Globex",
        status=Deal.Status.WON,
        amount=Decimal("12500.50"),
        closed_at=timezone.now(),
    )
    for hours in (30, 29, 28):
        usage_event_record(
            event_id=uuid.uuid4(),
            asset=asset,
            user=sales_user,
            kind="download",
            occurred_at=timezone.now() - datetime.timedelta(hours=hours),
            deal=deal,
        )
    usage_rollup_run()
    SearchLog.objects.create(query=HOSTILE, raw_query=HOSTILE, result_count=0, backend="db")
    return asset


def _rows(response) -> tuple[str, list[list[str]]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    return text, list(csv.reader(io.StringIO(text)))


def _assert_neutralised(text: str, rows: list[list[str]]) -> None:
    cells = [cell for row in rows for cell in row]
    assert NEUTRALISED in cells
    assert HOSTILE not in cells
    assert WRITTEN in text
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]


def test_insights_assets_export(client, hostile, manager_user):
    client.force_login(manager_user)

    text, rows = _rows(client.get("/insights/assets/", {"export": "assets"}))

    _assert_neutralised(text, rows)
    header, *data = rows
    row = dict(zip(header, next(r for r in data if r[0] == NEUTRALISED), strict=True))
    assert row["Uses"] == "3"  # numbers untouched
    assert row["Influenced revenue (USD)"] == "12500.50"


def test_insights_asset_deals_export(client, hostile, manager_user):
    client.force_login(manager_user)

    _, rows = _rows(client.get(f"/insights/assets/{hostile.pk}/", {"export": "deals"}))

    cells = [cell for row in rows for cell in row]
    assert "'@SUM(1+1)*cmd|' /C calc'!A0 (" in " ".join(cells)
    assert "'+Globex" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    assert "12500.50" in cells


def test_insights_overview_content_gaps_export(client, hostile, manager_user):
    client.force_login(manager_user)

    text, rows = _rows(client.get("/insights/", {"export": "content_gaps"}))

    _assert_neutralised(text, rows)


def test_marketers_my_assets_export(client, hostile, marketing_user):
    client.force_login(marketing_user)

    text, rows = _rows(client.get("/cms/insights/my-assets/", {"export": "assets"}))

    _assert_neutralised(text, rows)


def test_governance_needs_review_export(client, hostile, marketing_user):
    client.force_login(marketing_user)

    text, rows = _rows(client.get("/cms/governance/reports/needs-review/", {"export": "csv"}))

    _assert_neutralised(text, rows)


def test_governance_unused_content_export(client, library, marketing_user):
    asset = CaseStudyPageFactory(title=HOSTILE, owner_user=marketing_user)
    AssetPage.objects.filter(pk=asset.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=400)
    )
    client.force_login(marketing_user)

    text, rows = _rows(client.get("/cms/governance/reports/unused/", {"export": "csv"}))

    _assert_neutralised(text, rows)


def test_governance_content_gaps_export(client, hostile, marketing_user):
    client.force_login(marketing_user)

    text, rows = _rows(client.get("/cms/governance/reports/content-gaps/", {"export": "csv"}))

    _assert_neutralised(text, rows)
    assert rows[1][1] == "1"  # the search count stays a number


def test_wagtails_own_admin_reports_export(client, hostile, superuser):
    client.force_login(superuser)

    text, rows = _rows(client.get("/cms/reports/aging-pages/", {"export": "csv"}))

    _assert_neutralised(text, rows)
