"""A salesperson signs in and opens an asset page, in real headless Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import CaseStudyPageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_salesperson_logs_in_and_opens_an_asset_page(page, live_server, login_as, sales_user):
    # given
    story = CaseStudyPageFactory(
        title="Harborview cuts prior-auth time",
        summary="A hospital network automated prior authorizations.",
        segments=["Healthcare"],
        stages=["Discovery", "Proposal"],
        results=[("result", {"metric": "Turnaround", "value": "-61%"})],
    )
    # when: an anonymous visit is sent to sign in first, then lands on the asset
    page.goto(f"{live_server.url}{story.url}")
    expect(page).to_have_url(f"{live_server.url}/login/?next={story.url}")
    login_as(page, live_server, sales_user)
    page.goto(f"{live_server.url}{story.url}")
    # then
    expect(page.get_by_role("heading", level=1)).to_have_text("Harborview cuts prior-auth time")
    expect(page.get_by_role("list", name="Asset type and access")).to_contain_text("Case study")
    expect(page.get_by_role("list", name="Segments")).to_contain_text("Healthcare")
    stages = page.get_by_role("list", name="Deal stages")
    expect(stages).to_contain_text("Discovery")
    expect(stages).to_contain_text("Proposal")
    expect(page.get_by_text("-61%")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
