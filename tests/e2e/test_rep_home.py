"""A rep stars an asset and finds it on their home, with the unread notification count in
the header, in real headless Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from enablement.notifications.services import notify
from tests.factories import CaseStudyPageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_rep_stars_an_asset_and_sees_it_on_the_home(page, live_server, login_as, sales_user):
    # given an asset and an unread notification
    story = CaseStudyPageFactory(title="Harborview cuts prior-auth time", segments=["Healthcare"])
    notify(
        recipient=sales_user,
        kind="link_opened",
        title="Globex opened your link to Harborview cuts prior-auth time",
        dedupe_key="e2e:1",
    )
    login_as(page, live_server, sales_user)

    # when the rep stars the asset on its page
    page.goto(f"{live_server.url}{story.url}")
    page.get_by_role("button", name="Star").click()
    expect(page.get_by_role("button", name="Starred")).to_have_attribute("aria-pressed", "true")

    # then the home on /library/ lists it among the favourites, and the header counts one
    page.goto(f"{live_server.url}/library/")
    favourites = page.get_by_role("region", name="Favourites")
    expect(favourites.get_by_role("link", name="Harborview cuts prior-auth time")).to_be_visible()
    badge = page.locator(".nav-notifications .badge")
    expect(badge).to_have_attribute("data-unread-count", "1")
    notifications = page.get_by_role("region", name="Notifications")
    expect(notifications).to_contain_text("Globex opened your link")

    # and reading every notification clears the count
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator(".nav-notifications .badge")).to_have_count(0)
