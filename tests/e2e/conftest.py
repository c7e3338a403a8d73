"""Browser fixtures: real headless Chromium (Debian's) driven by Playwright's sync API.

Other suites use them as::

    @pytest.mark.e2e
    def test_something(page, live_server, login_as, sales_user):
        login_as(page, live_server, sales_user)
        page.goto(f"{live_server.url}/library/")
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import require_server

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse
# to run next to it ("async unsafe") although every call is synchronous here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_PASSWORD = "e2e-pass-word-123"


# Function scope, started after the database fixtures: starting Playwright's sync API
# switches the greenlet (and so the contextvars) Django's connections live in, and a
# browser started before pytest-django's per-test setup would hide the test database's
# serialized contents from it (the rollback of migrated data then breaks).
@pytest.fixture
def browser(transactional_db):
    require_server("chromium", Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    yield browser_page
    context.close()


@pytest.fixture
def login_as():
    """``login_as(page, live_server, user)``: sign in through the real login form."""

    def _login(page, live_server, user, *, password: str = E2E_PASSWORD):
        user.set_password(password)
        user.save(update_fields=["password"])
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("domcontentloaded")
        return page

    return _login
