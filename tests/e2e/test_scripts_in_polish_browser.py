"""In real headless Chromium, a rep who chose Polish sees the strings the scripts write in
Polish (from the JavaScript catalogue at /i18n/js/): the library's suggestions (their types
and how many there are) and the action bar's message after sharing an asset. An English rep
sees the same strings in English. Runs on the configured backend: the database, or
Elasticsearch when ELASTICSEARCH_URL is set (as in CI)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from content.models import AssetPage
from tests.browser import e2e_search_backend  # noqa: F401 (the search_backend fixture)
from tests.factories import CaseStudyPageFactory, PresentationPageFactory
from tests.tracking.factories import DealFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def assets(search_backend):
    from search.services import assets_sync

    story = CaseStudyPageFactory(
        title="Pricing win at Harborview Health",
        summary="A hospital network justified the price in one quarter.",
        segments=["Healthcare"],
        stages=["Proposal"],
    )
    deck = PresentationPageFactory(
        title="Pricing calculator deck",
        summary="Walk a retail buyer through the numbers.",
        segments=["Retail"],
        stages=["Proposal"],
    )
    assets_sync(asset_ids=AssetPage.objects.values_list("pk", flat=True))
    return story, deck


def _speaks(user, language: str) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def test_a_polish_rep_sees_the_scripts_strings_in_polish(
    page, live_server, login_as, sales_user, assets
):
    story, _deck = assets
    DealFactory(owner=sales_user, account="Kowalski S.A.", name="Wdrożenie")
    _speaks(sales_user, "pl")
    login_as(page, live_server, sales_user)

    # the library's suggestions: type labels and their count, written by library.js
    with page.expect_response(re.compile(r"/i18n/js/\?language=pl$")) as catalogue:
        page.goto(f"{live_server.url}/library/")
    assert catalogue.value.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    box = page.get_by_role("combobox", name="Przeszukaj bibliotekę")
    box.press_sequentially("prici", delay=20)
    suggestions = page.get_by_role("listbox", name="Podpowiedzi")
    expect(suggestions.get_by_role("option")).to_have_count(2)
    types = suggestions.locator(".suggestion-type")
    expect(types.filter(has_text="Studium przypadku")).to_have_count(1)
    expect(types.filter(has_text="Prezentacja")).to_have_count(1)
    expect(suggestions).not_to_contain_text("Case study")
    expect(page.locator("[data-suggestion-count]")).to_have_text("2 podpowiedzi")

    # the action bar's message after sharing, written by actions.js
    page.goto(f"{live_server.url}{story.url}")
    page.get_by_text("Udostępnij klientowi").click()
    page.get_by_role("button", name="Utwórz link").click()
    status = page.locator("[data-asset-actions] [data-status]")
    expect(status).to_have_text(
        re.compile(r"^Utworzono link do udostępnienia\. Działa do \d{1,2}\.\d{1,2}\.\d{4}\.$")
    )


def test_an_english_rep_sees_the_same_strings_in_english(
    page, live_server, login_as, sales_user, assets
):
    _speaks(sales_user, "en")
    login_as(page, live_server, sales_user)

    page.goto(f"{live_server.url}/library/")
    page.get_by_role("combobox", name="Search the library").press_sequentially("prici", delay=20)

    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions.get_by_role("option")).to_have_count(2)
    expect(suggestions.locator(".suggestion-type").filter(has_text="Case study")).to_have_count(1)
    expect(page.locator("[data-suggestion-count]")).to_have_text("2 suggestions")
