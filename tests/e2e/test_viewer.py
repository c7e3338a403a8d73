"""A rep opens a deck's asset page and pages through the viewer, in real headless Chromium."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from content.models import RenderStatus
from content.previews import document_render_pages
from content.services import document_create
from demo.documents import deck_pdf
from demo.presentations import Slide
from tests.factories import PresentationPageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLIDES = [
    Slide("Why teams switch", ("Approvals in hours, not weeks",)),
    Slide("Pricing", ("Per workflow, not per seat",)),
]


def _visible_image(page):
    return page.locator("[data-viewer-page]:not([hidden]) img")


def _loaded(locator) -> bool:
    return locator.evaluate("image => image.complete && image.naturalWidth > 0")


def test_a_rep_pages_through_the_deck_with_the_keyboard_and_zooms(
    page, live_server, login_as, sales_user
):
    # given: a rendered three-page deck
    data = deck_pdf(title="Approvals platform overview", slides=SLIDES)
    document = document_create(stream=io.BytesIO(data), filename="deck.pdf", title="Deck")
    document = document_render_pages(document_id=document.pk, force=True)
    assert document.render_status == RenderStatus.DONE
    deck = PresentationPageFactory(title="Approvals platform overview", attachment=document)
    login_as(page, live_server, sales_user)
    errors = []

    def console(message):
        if message.type == "error":
            errors.append(message.text)

    page.on("console", console)
    # when: the rep opens the asset page
    page.goto(f"{live_server.url}{deck.url}")
    viewer = page.locator("[data-viewer]")
    expect(viewer.get_by_role("heading", name="Preview · 3 pages")).to_be_visible()
    first = _visible_image(page)
    expect(first).to_have_attribute("alt", "Page 1 of 3")
    expect(first).to_have_attribute("src", f"/library/assets/{deck.pk}/pages/1/page/")
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-viewer-page]:not([hidden]) img');"
        " return i && i.complete && i.naturalWidth === 1400; }"
    )
    # then: the right arrow turns the page, and the new image is loaded and shown
    page.keyboard.press("ArrowRight")
    second = _visible_image(page)
    expect(second).to_have_attribute("alt", "Page 2 of 3")
    expect(viewer.locator("[data-viewer-number]")).to_have_text("2")
    expect(page.locator("[data-viewer-page]:not([hidden])")).to_have_count(1)
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-viewer-page]:not([hidden]) img');"
        " return i && i.alt === 'Page 2 of 3' && i.complete && i.naturalWidth > 0; }"
    )
    assert _loaded(second)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # past the end stays on the last page
    expect(_visible_image(page)).to_have_attribute("alt", "Page 3 of 3")
    expect(viewer.get_by_role("button", name="Next page")).to_be_disabled()
    page.keyboard.press("ArrowLeft")
    expect(_visible_image(page)).to_have_attribute("alt", "Page 2 of 3")
    # the buttons and the thumbnail strip do the same
    viewer.get_by_role("button", name="Previous page").click()
    expect(_visible_image(page)).to_have_attribute("alt", "Page 1 of 3")
    viewer.get_by_role("button", name="Go to page 3").click()
    expect(_visible_image(page)).to_have_attribute("alt", "Page 3 of 3")
    # zoom makes the page wider than the stage (scrollable), and back
    width = _visible_image(page).evaluate("image => image.getBoundingClientRect().width")
    viewer.get_by_role("button", name="Zoom in").click()
    expect(viewer.locator("[data-viewer-zoom-level]")).to_have_text("150%")
    zoomed = _visible_image(page).evaluate("image => image.getBoundingClientRect().width")
    assert zoomed == pytest.approx(width * 1.5, rel=0.02)
    viewer.get_by_role("button", name="Zoom out").click()
    expect(viewer.locator("[data-viewer-zoom-level]")).to_have_text("100%")
    assert not [error for error in errors if "Content Security Policy" in error], errors


def test_the_viewer_opens_on_the_page_in_the_link(page, live_server, login_as, sales_user):
    data = deck_pdf(title="Approvals platform overview", slides=SLIDES)
    document = document_create(stream=io.BytesIO(data), filename="deck.pdf", title="Deck")
    document_render_pages(document_id=document.pk, force=True)
    deck = PresentationPageFactory(title="Approvals platform overview", attachment=document)
    login_as(page, live_server, sales_user)
    page.goto(f"{live_server.url}{deck.url}#page=2")
    expect(_visible_image(page)).to_have_attribute("alt", "Page 2 of 3")
