"""The API tokens page in real headless Chromium: make a token, see it once, call the API
with it, revoke it, and the API refuses it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CaseStudyPageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_user_makes_uses_and_revokes_a_token(
    browser, page, live_server, login_as, sales_user, library
):
    story = CaseStudyPageFactory(title="Harborview story")
    asset_url = f"{live_server.url}/api/v1/assets/{story.pk}/"
    # a client with no session at all: only the token can authenticate it
    outside = browser.new_context()
    login_as(page, live_server, sales_user)

    # given the page, reached from the footer
    page.goto(f"{live_server.url}/library/")
    page.get_by_role("navigation", name="Developers").get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")

    # when a named token is made
    page.get_by_label("Token name").fill("Laptop script")
    page.get_by_role("button", name="Make token").click()

    # then its key is shown, once
    expect(page.get_by_role("heading", name="Your new token “Laptop script”")).to_be_visible()
    key = page.get_by_label("Token", exact=True).input_value()
    assert len(key) > 30
    answer = outside.request.get(asset_url, headers={"Authorization": f"Token {key}"})
    assert answer.status == 200
    assert answer.json()["title"] == "Harborview story"
    page.goto(f"{live_server.url}/api/tokens/")
    expect(page.get_by_role("cell", name="Laptop script", exact=True)).to_be_visible()
    assert key not in page.content()

    # when it is revoked
    page.get_by_role("button", name="Revoke the token Laptop script").click()

    # then the page says so and the API refuses the key
    expect(page.get_by_role("status")).to_contain_text("“Laptop script” was revoked")
    expect(page.get_by_role("cell", name=re.compile(r"^Revoked"))).to_be_visible()
    refused = outside.request.get(asset_url, headers={"Authorization": f"Token {key}"})
    assert refused.status == 401
    outside.close()
