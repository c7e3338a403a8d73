"""A deal room in real headless Chromium: a rep builds a room for their deal, a logged-out
prospect opens its link (through the email gate) and views an item, and the rep then sees
the visit on the room's page, with the time the prospect spent on each page."""

from __future__ import annotations

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from content.previews import document_render_pages
from content.services import document_create
from demo.documents import deck_pdf
from demo.presentations import Slide
from enablement.rooms.models import Room, RoomItemVisit
from enablement.tracking.models import UsageEvent
from tests.factories import CaseStudyPageFactory, PresentationPageFactory
from tests.tracking.factories import DealFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Axe()


def serious_violations(page, label: str) -> list[str]:
    """axe-core (shipped in the package, nothing fetched): serious or critical violations."""
    violations = AXE.run(page).response["violations"]
    return [
        f"{label}: {v['impact']} {v['id']} ({v['help']})"
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]


def test_a_rep_builds_a_room_and_sees_the_prospects_visit(
    browser, page, live_server, login_as, sales_user, library
):
    # given a rep with an open deal and two live assets, one a rendered deck
    DealFactory(owner=sales_user, name="Globex renewal", account="Globex")
    document = document_create(
        stream=io.BytesIO(deck_pdf(title="Deck", slides=(Slide("Why us", ("Fast",)),))),
        filename="overview.pdf",
        title="Overview",
    )
    document_render_pages(document_id=document.pk)
    PresentationPageFactory(title="Platform overview deck", attachment=document)
    CaseStudyPageFactory(title="Harborview onboarding story", customer="Harborview")
    login_as(page, live_server, sales_user)
    failures: list[str] = []

    # the rep stars the deck first (issue 14: star, room, prospect visit, notification)
    page.goto(f"{live_server.url}/library/")
    page.get_by_role("link", name="Platform overview deck").first.click()
    page.get_by_role("button", name="Star").click()
    expect(page.get_by_role("button", name="Starred")).to_have_attribute("aria-pressed", "true")

    # when the rep builds a room with an email gate
    page.goto(f"{live_server.url}/library/")
    page.get_by_role("link", name="Deal rooms").first.click()
    page.get_by_role("link", name="New room").click()
    failures += serious_violations(page, "room form")
    page.get_by_label("Deal").select_option(label="Globex · Globex renewal")
    page.get_by_label("Title").fill("Globex: what we discussed")
    page.get_by_label("Personal note").fill("Hi Ann,\nas promised <b>today</b>.")
    page.get_by_label("Platform overview deck").check()
    page.get_by_label("Harborview onboarding story").check()
    page.get_by_label("Ask the prospect for their email address first").check()
    page.get_by_role("button", name="Create the room").click()
    link = page.get_by_label("Room link").input_value()
    assert "/room/" in link

    # and a logged-out prospect opens the link
    prospect = browser.new_context()
    visitor = prospect.new_page()
    visitor.goto(link)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Globex: what we discussed")
    expect(visitor.get_by_text("Platform overview deck")).to_have_count(0)
    failures += serious_violations(visitor, "email gate")
    visitor.get_by_label("Your email address").fill("ann@globex.example")
    visitor.get_by_role("button", name="Open the room").click()
    expect(visitor.get_by_text("as promised <b>today</b>.")).to_be_visible()
    thumbnail = visitor.locator(".room-item img").first
    expect(thumbnail).to_be_visible()
    # lazy and fetched after the page: wait for it to load (reading at once raced it)
    visitor.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    failures += serious_violations(visitor, "prospect room")
    visitor.get_by_role("link", name="Platform overview deck").click()
    expect(visitor.get_by_role("img", name="Page 1")).to_be_visible()
    failures += serious_violations(visitor, "prospect item")
    # the prospect reads page 1 for a few seconds; the viewer posts the page timing
    visitor.wait_for_function(
        "() => { const i = document.querySelector('[data-viewer-page]:not([hidden]) img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    for step in range(6):
        visitor.mouse.move(200 + step, 300 + step)
        visitor.wait_for_timeout(500)
    with visitor.expect_response(lambda r: r.url.endswith("/engagement/")) as answer:
        visitor.evaluate("window.enablementEngagementFlush()")
    assert answer.value.status == 200
    assert RoomItemVisit.objects.get().pages.keys() == {"1"}
    prospect.close()

    # then the rep sees the visit on the room's page
    room = Room.objects.get()
    page.goto(f"{live_server.url}/library/rooms/{room.pk}/")
    activity = page.get_by_role("region", name="Who opened what")
    expect(activity).to_contain_text("ann@globex.example")
    expect(activity).to_contain_text("viewed Platform overview deck")
    expect(activity.locator('[data-visit] [data-page="1"]')).to_be_visible()
    failures += serious_violations(page, "room detail")
    assert not failures, "\n".join(failures)
    # and the notification that the prospect opened the room, with the unread count
    expect(page.locator(".nav-notifications .badge")).to_have_attribute("data-unread-count", "1")
    page.goto(f"{live_server.url}/notifications/")
    notice = page.get_by_text("Globex opened your deal room Globex: what we discussed")
    expect(notice).to_be_visible()
    # and the visit is on the deal, once
    assert (
        UsageEvent.objects.filter(user=None, deal=room.deal, metadata__room_event="item").count()
        == 1
    )
