"""A salesperson searches the library in real headless Chromium: suggestions as they
type (chosen with the keyboard), results narrowed by a facet, and Prep for a call. A
restricted asset whose title matches is never shown. Runs on the configured backend: the
database, or Elasticsearch when ELASTICSEARCH_URL is set (as in CI)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from content.groups import MANAGERS
from content.models import AssetPage
from tests.browser import e2e_search_backend  # noqa: F401 (the search_backend fixture)
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory, PresentationPageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RESTRICTED = "Pricing playbook for the board"


@pytest.fixture
def library_assets(search_backend):
    from search.services import assets_sync

    assets = {
        "story": CaseStudyPageFactory(
            title="Pricing win at Harborview Health",
            summary="A hospital network justified the price in one quarter.",
            segments=["Healthcare"],
            stages=["Proposal"],
        ),
        "objection": ObjectionPageFactory(
            title="Pricing objection: too expensive",
            segments=["Healthcare"],
            stages=["Negotiation"],
        ),
        "deck": PresentationPageFactory(
            title="Pricing calculator deck",
            summary="Walk a retail buyer through the numbers.",
            segments=["Retail"],
            stages=["Proposal"],
        ),
        "restricted": CaseStudyPageFactory(
            title=RESTRICTED,
            summary="Pricing for the healthcare board only.",
            segments=["Healthcare"],
            stages=["Proposal"],
            groups=[MANAGERS],
        ),
    }
    assets_sync(asset_ids=AssetPage.objects.values_list("pk", flat=True))
    return assets


def test_salesperson_searches_narrows_and_preps_for_a_call(
    page, live_server, login_as, sales_user, library_assets
):
    login_as(page, live_server, sales_user)

    # suggestions as they type, chosen with the keyboard
    page.goto(f"{live_server.url}/library/")
    box = page.get_by_role("combobox", name="Search the library")
    box.press_sequentially("prici", delay=20)
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions.get_by_role("option")).to_have_count(3)
    expect(suggestions).not_to_contain_text(RESTRICTED)
    box.press("ArrowDown")
    first = suggestions.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    chosen = first.locator("span").first.inner_text()
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(chosen)

    # results, then narrowed by a facet
    page.goto(f"{live_server.url}/library/")
    box = page.get_by_role("combobox", name="Search the library")
    box.fill("pricing")
    page.get_by_role("button", name="Search", exact=True).click()
    count = page.locator("#results-heading")
    expect(count).to_have_text(re.compile(r"3 assets for .pricing."))
    expect(page.locator(".cards")).not_to_contain_text(RESTRICTED)
    healthcare = page.get_by_role("checkbox", name=re.compile("Healthcare"))
    expect(healthcare).to_contain_text("2")  # the restricted one is not counted
    healthcare.click()
    expect(page).to_have_url(re.compile(r"segment=Healthcare"))
    expect(count).to_have_text(re.compile(r"2 assets for .pricing."))
    cards = page.locator(".cards .card-title")
    expect(cards).to_have_count(2)
    expect(page.locator(".cards")).not_to_contain_text(RESTRICTED)
    expect(page.locator(".cards")).not_to_contain_text("Pricing calculator deck")

    # Prep for a call: a segment and stage
    page.goto(f"{live_server.url}/library/prep/")
    pair = page.get_by_role("form", name="Or a segment and stage")
    pair.get_by_label("Segment", exact=True).select_option("Healthcare")
    pair.get_by_label("Deal stage").select_option("Proposal")
    pair.get_by_role("button", name="Prepare").click()
    prep = page.locator(".prep-results")
    expect(prep.get_by_role("heading", level=2)).to_contain_text("Healthcare · Proposal")
    expect(prep).to_contain_text("Pricing win at Harborview Health")
    expect(prep).not_to_contain_text(RESTRICTED)
