"""The API docs page in real headless Chromium: Swagger UI lists our endpoints."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_signed_in_user_opens_the_api_docs_from_the_footer(
    page, live_server, login_as, sales_user, library
):
    refused = []
    page.on("console", lambda message: message.type == "error" and refused.append(message.text))
    outside = []
    page.on(
        "request",
        lambda request: not request.url.startswith(live_server.url) and outside.append(request.url),
    )
    # given: anonymous visitors are sent to sign in first
    page.goto(f"{live_server.url}/api/docs/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/api/docs/")
    login_as(page, live_server, sales_user)

    # when: the footer link is followed
    page.goto(f"{live_server.url}/library/")
    page.get_by_role("navigation", name="Developers").get_by_role("link", name="API docs").click()

    # then: Swagger UI has read the schema and lists the endpoints
    expect(page).to_have_url(f"{live_server.url}/api/docs/")
    expect(page.get_by_role("heading", name="Enablement API")).to_be_visible()
    for path in ("/api/v1/search/", "/api/v1/events/", "/api/v1/deals/{external_id}/"):
        expect(page.locator(".opblock-summary-path", has_text=path).first).to_be_visible()
    # an operation opens with its parameters (rendering more of Swagger UI under the CSP)
    page.locator(".opblock-summary-path", has_text="/api/v1/search/").first.click()
    expect(page.get_by_role("heading", name="Parameters").first).to_be_visible()
    # nothing came from another host, and the policy refused nothing the page needs
    assert outside == []
    assert [text for text in refused if "Content Security Policy" in text] == []
