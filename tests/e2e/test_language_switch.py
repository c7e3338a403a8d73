"""In real headless Chromium: a manager switches the interface to Polish in the header and
sees the library, an asset page and the insights overview in Polish; the choice is saved
in their profile (Wagtail's, so the admin follows) and switching back restores English."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from tests.factories import CaseStudyPageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_switching_to_polish_translates_the_library_an_asset_and_insights(
    page, live_server, login_as, manager_user
):
    story = CaseStudyPageFactory(
        title="Harborview cuts prior-auth time",
        summary="A hospital network automated prior authorizations.",
        segments=["Healthcare"],
        stages=["Discovery"],
        results=[("result", {"metric": "Turnaround", "value": "-61%"})],
    )
    login_as(page, live_server, manager_user)
    page.goto(f"{live_server.url}/library/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Library")

    # when: the header's switch
    page.get_by_role("button", name="Polski").click()
    page.wait_for_load_state("domcontentloaded")

    # then: the same page, in Polish
    expect(page).to_have_url(f"{live_server.url}/library/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Biblioteka")
    expect(page.get_by_role("button", name="Wyloguj się")).to_be_visible()
    expect(page.get_by_role("navigation", name="Główne")).to_contain_text(
        "Przygotowanie do rozmowy"
    )
    expect(page.get_by_role("button", name="Szukaj")).to_be_visible()
    assert UserProfile.get_for_user(manager_user).preferred_language == "pl"

    page.goto(f"{live_server.url}{story.url}")
    expect(page.get_by_role("heading", name="O tym materiale")).to_be_visible()
    _screenshot(page, "screenshot-asset-pl.png")
    expect(page.get_by_role("list", name="Segmenty")).to_contain_text("Healthcare")
    expect(page.get_by_role("heading", name="Wyniki")).to_be_visible()

    page.goto(f"{live_server.url}/insights/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Analiza treści")
    expect(page.get_by_role("navigation", name="Gotowe okresy")).to_contain_text("Ostatnie 30 dni")
    cards = page.get_by_role("list", name="Najważniejsze liczby")
    expect(cards).to_contain_text("Użycia")
    expect(cards).to_contain_text("Skuteczność z materiałami")
    expect(page.get_by_role("link", name="Pobierz CSV").first).to_be_visible()
    _screenshot(page, "screenshot-insights-pl.png")

    # and back: English again, saved too
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Content insights")
    assert UserProfile.get_for_user(manager_user).preferred_language == "en"


def _screenshot(page, name: str) -> None:
    """``SCREENSHOT_DIR=docs`` refreshes the README's Polish screenshots."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=Path(folder) / name)
