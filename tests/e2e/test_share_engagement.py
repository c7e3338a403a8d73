"""In real headless Chromium: a rep pages through a deck in the viewer and shares it; a
prospect opens the link, reads pages, and the rep's share-links page shows that visit
with the time spent on each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from enablement.tracking.models import ShareLinkVisit
from tests.tracking.share_world import shared_deck

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _read(page, seconds: float) -> None:
    """Stay on the page as an active reader (input now and then) for ``seconds``."""
    steps = int(seconds / 0.5)
    for step in range(steps):
        page.mouse.move(200 + step, 300 + step)
        page.wait_for_timeout(500)


def test_a_prospect_visit_shows_on_the_reps_share_links_page_with_time_per_page(
    browser, page, live_server, login_as, library, sales_user
):
    deck, _link, token = shared_deck(sales_user)
    rep = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    rep.set_default_timeout(10_000)
    login_as(rep, live_server, sales_user)
    # the rep opens the viewer and pages through the deck
    rep.goto(f"{live_server.url}{deck.url}")
    viewer = rep.locator("[data-viewer]")
    expect(viewer.locator("[data-viewer-number]")).to_have_text("1")
    viewer.get_by_role("button", name="Next page").click()
    expect(viewer.locator("[data-viewer-number]")).to_have_text("2")
    viewer.get_by_role("button", name="Next page").click()
    expect(viewer.locator("[data-viewer-number]")).to_have_text("3")

    # the prospect (no login) opens the link and reads pages 1 and 2
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{live_server.url}/share/{token}/")
    image = page.locator("[data-viewer-page]:not([hidden]) img")
    expect(image).to_have_attribute("src", f"/share/{token}/pages/1/page/")
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-viewer-page]:not([hidden]) img');"
        " return i && i.complete && i.naturalWidth === 1400; }"
    )
    _read(page, 3)
    page.keyboard.press("ArrowRight")
    expect(page.locator("[data-viewer-number]")).to_have_text("2")
    _read(page, 2)
    with page.expect_response(lambda r: r.url.endswith(f"/share/{token}/engagement/")) as answer:
        page.evaluate("window.enablementEngagementFlush()")
    assert answer.value.status == 200
    # (not answer.value.json(): Playwright never delivers the body of a keepalive fetch)
    assert set(ShareLinkVisit.objects.get().pages) == {"1", "2"}
    assert errors == []

    # the rep sees the visit, with time on page 1 and page 2
    rep.goto(f"{live_server.url}/library/share-links/")
    # the first open told the rep (the header's unread count)
    expect(rep.locator(".nav-notifications .badge")).to_have_attribute("data-unread-count", "1")
    rep.get_by_text("1 visit").click()
    visit = rep.locator("[data-visit]")
    expect(visit).to_have_count(1)
    expect(visit).to_contain_text("reading")
    page_one = visit.locator('[data-page="1"]')
    page_two = visit.locator('[data-page="2"]')
    expect(page_one).to_be_visible()
    expect(page_two).to_be_visible()
    seconds_one = int(page_one.inner_text().split(":")[1].strip().split(" ")[0])
    seconds_two = int(page_two.inner_text().split(":")[1].strip().split(" ")[0])
    assert 2 <= seconds_one <= 8 and 1 <= seconds_two <= 6, (seconds_one, seconds_two)
    assert visit.locator('[data-page="3"]').count() == 0
    on_links_page = (page_one.inner_text(), page_two.inner_text())

    # and the same visit on the deal's page, reached from the rep's home
    rep.goto(f"{live_server.url}/library/")
    rep.locator("[data-rep-home]").get_by_role("link", name="Globex renewal").click()
    expect(rep.get_by_role("heading", level=1)).to_have_text("Globex renewal")
    on_deal = rep.locator("[data-visit]")
    expect(on_deal).to_have_count(1)
    expect(on_deal.locator('[data-page="1"]')).to_have_text(on_links_page[0])
    expect(on_deal.locator('[data-page="2"]')).to_have_text(on_links_page[1])
