"""The library and an asset page on a phone (390 px) in real headless Chromium: results
come first, the facets sit behind a "Filters" button, nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from content.models import AssetPage
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory, PresentationPageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
SEGMENTS = ["Healthcare", "Retail", "Manufacturing", "Financial Services", "Public Sector", "SMB"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def many_facets(settings):
    """Enough assets, segments and stages for about twenty facet rows."""
    from search.backends.base import get_search_backend
    from search.services import assets_sync

    settings.ENABLEMENT_SEARCH_REFRESH = True
    settings.ENABLEMENT_SEARCH_BACKEND = "search.backends.database.DatabaseBackend"
    get_search_backend().reset_index()
    stages = ["Prospecting", "Discovery", "Demo", "Proposal", "Negotiation", "Closing"]
    for number, segment in enumerate(SEGMENTS):
        CaseStudyPageFactory(
            title=f"{segment} story", segments=[segment], stages=stages[number : number + 2]
        )
    ObjectionPageFactory(title="Too expensive", segments=["SMB"], stages=["Negotiation"])
    deck = PresentationPageFactory(title="Platform overview deck", segments=["Retail"])
    assets_sync(asset_ids=AssetPage.objects.values_list("pk", flat=True))
    return deck


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide at {PHONE['width']}px"


def test_results_come_first_and_filters_open_on_demand(
    phone, live_server, login_as, sales_user, many_facets
):
    login_as(phone, live_server, sales_user)
    # a search (with no query /library/ opens on the rep's home, which comes first there)
    phone.goto(f"{live_server.url}/library/?q=story")
    # then: the first result is on screen without scrolling past the facets
    first_result = phone.locator(".cards .card").first
    expect(first_result).to_be_visible()
    box = first_result.bounding_box()
    assert box is not None and box["y"] + 40 <= PHONE["height"], box
    assert phone.evaluate("window.scrollY") == 0
    facet = phone.get_by_role("checkbox", name="Healthcare")
    expect(facet).to_be_hidden()
    _no_sideways_scroll(phone)
    # the header is compact: well under a fifth of the screen
    header = phone.locator("header.topbar").bounding_box()
    assert header is not None and header["height"] <= PHONE["height"] / 8, header

    # when the rep taps "Filters", the facets open and narrow the results
    phone.locator("summary", has_text="Filters").click()
    expect(facet).to_be_visible()
    facet.click()
    phone.wait_for_url("**segment=Healthcare**")
    expect(phone.locator(".filters-toggle")).to_contain_text("(1 on)")
    expect(phone.locator(".cards .card")).to_have_count(1)
    expect(phone.locator(".cards .card").first).to_contain_text("Healthcare story")
    assert "q=story" in phone.url  # the filter kept the query
    _no_sideways_scroll(phone)


def test_asset_page_is_usable_one_handed(phone, live_server, login_as, sales_user, many_facets):
    from tests.tracking.factories import DealFactory

    DealFactory(owner=sales_user, name="Initech expansion")
    login_as(phone, live_server, sales_user)
    phone.goto(f"{live_server.url}{many_facets.url}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Platform overview deck")
    _no_sideways_scroll(phone)
    # the menu keeps "Prep for a call" on the asset page, in one compact row
    expect(
        phone.get_by_role("navigation", name="Main").get_by_role("link", name="Prep for a call")
    ).to_be_attached()
    # every action is a thumb-sized target
    share = phone.get_by_text("Share with prospect")
    share.click()
    for control in (
        phone.get_by_role("link", name="Present"),
        share,
        phone.get_by_role("button", name="Create link"),
        phone.get_by_label("Link works for"),
    ):
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box is not None and box["height"] >= 44, box
    _no_sideways_scroll(phone)


def test_facets_stay_open_on_a_laptop(page, live_server, login_as, sales_user, many_facets):
    login_as(page, live_server, sales_user)
    page.goto(f"{live_server.url}/library/")
    expect(page.get_by_role("checkbox", name="Healthcare")).to_be_visible()
    expect(page.locator(".filters-toggle")).to_be_hidden()
    expect(
        page.get_by_role("searchbox", name="What did the customer say or ask? (English or Polish)")
    ).to_be_visible()
