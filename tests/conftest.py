"""Shared fixtures. Servers are real: see .ci/run for PostgreSQL, Redis, Elasticsearch."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

import pytest

from content.groups import MANAGERS, MARKETING, SALES
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_server(name: str, available: bool, reason: str) -> None:
    """Skip outside CI when a server is missing; in CI a missing server is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{name} is required in CI but unavailable: {reason}", pytrace=False)
    pytest.skip(f"{name} unavailable: {reason}")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """``postgres``-marked tests need PostgreSQL (see the marker's reason in
    pyproject.toml): elsewhere they skip, or fail with CI=true (as any missing server)."""
    marker = item.get_closest_marker("postgres")
    if marker is None:
        return
    from django.db import connection

    reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
    require_server(
        "PostgreSQL", connection.vendor == "postgresql", f"{connection.vendor}: {reason}"
    )


# -- the search backend (one fixture for every suite) ---------------------------------

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")
# A unique index prefix per test session, so parallel runs never share an index.
SESSION_PREFIX = (
    f"{os.environ.get('ELASTICSEARCH_INDEX_PREFIX', 'enablement')}-test-{uuid.uuid4().hex[:8]}"
)
DATABASE_BACKEND = "search.backends.database.DatabaseBackend"
ELASTICSEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"


def elasticsearch_available(url: str) -> tuple[bool, str]:
    if not url:
        return False, "ELASTICSEARCH_URL is not set"
    from search.backends.elasticsearch import ElasticsearchBackend

    try:
        available = ElasticsearchBackend(url=url, prefix=SESSION_PREFIX).is_available()
    except Exception as error:  # pragma: no cover - reported as the reason
        return False, str(error)
    return available, f"no cluster health from {url}"


def require_elasticsearch() -> None:
    available, reason = elasticsearch_available(ES_URL)
    require_server("Elasticsearch", available, reason)


@pytest.fixture(params=["database", "elasticsearch"])
def search_backend(request, settings, db):
    """The search backend under test, chosen by settings as in production, with an empty
    index; writes are refreshed at once so tests need no sleeps. Parametrized over the
    database and a real Elasticsearch (marked ``elasticsearch`` at collection, see
    ``pytest_collection_modifyitems``); a suite for one backend only parametrizes it
    indirectly: ``pytest.mark.parametrize("search_backend", ["elasticsearch"],
    indirect=True)``."""
    from search.backends.base import get_search_backend

    settings.ENABLEMENT_SEARCH_REFRESH = True
    settings.ELASTICSEARCH_INDEX_PREFIX = SESSION_PREFIX
    if request.param == "elasticsearch":
        require_elasticsearch()
        settings.ELASTICSEARCH_URL = ES_URL
        settings.ENABLEMENT_SEARCH_BACKEND = ELASTICSEARCH_BACKEND
    else:
        settings.ENABLEMENT_SEARCH_BACKEND = DATABASE_BACKEND
    chosen = get_search_backend()
    chosen.reset_index()
    return chosen


@pytest.fixture
def backend(search_backend):
    """``search_backend`` by its short name (the search contract suites use it)."""
    return search_backend


@pytest.fixture(scope="session", autouse=True)
def _drop_test_indices():
    yield
    if not ES_URL:
        return
    from search.backends.elasticsearch import client_for

    with contextlib.suppress(Exception):
        client = client_for(ES_URL)
        # the server refuses wildcard deletes (destructive_requires_name): list, then delete
        names = list(client.indices.get(index=f"{SESSION_PREFIX}-*"))
        if names:
            client.options(ignore_status=404).indices.delete(index=",".join(names))


# -- people and the library ------------------------------------------------------------


@pytest.fixture
def library(db):
    from content.services import library_root_get_or_create

    return library_root_get_or_create()


@pytest.fixture
def sales_user(db):
    return UserFactory(username="sally", groups=[SALES])


def api_client_for(user):
    """A DRF test client that authenticates as ``user`` with a real API token (hashed, as
    the tokens page makes them), through the same authentication class production uses."""
    from rest_framework.test import APIClient
    from wagtail.models import APIToken

    client = APIClient()
    _, key = APIToken.create_token(user=user, name="tests")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api(sales_user):
    """The API as a sales rep, with a token."""
    return api_client_for(sales_user)


@pytest.fixture
def marketing_user(db):
    return UserFactory(username="mark", groups=[MARKETING])


@pytest.fixture
def manager_user(db):
    return UserFactory(username="mona", groups=[MANAGERS])


@pytest.fixture
def outsider_user(db):
    """Authenticated, but in none of the library's groups."""
    return UserFactory(username="otto")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's default language: a request by a Polish user activates
    Polish for the thread (the middleware never deactivates), which would otherwise reach
    the next test's direct calls of translated code."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: every test's database starts from the same
    migrated state (the same deal-data generation, tracking 0008), so figures cached
    under it by one test must not reach the next."""
    from django.core.cache import cache

    cache.clear()


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test (live server, real worker) restores the migrated data.

    A transactional test ends by flushing the database, which also removes what data
    migrations created (groups, stages, Wagtail's root page, site and locale). Serialized
    rollback reloads it for the next test. It must be on for all of them or none: a flush
    without it re-creates content types that the next reload then duplicates.
    """
    for item in items:
        # Marked at collection, so `-m "not elasticsearch"` deselects them (the embedded
        # run of .ci/run does; a missing server is a failure with CI=true).
        params = getattr(getattr(item, "callspec", None), "params", {})
        on_elasticsearch = any(
            "backend" in name and value == "elasticsearch" for name, value in params.items()
        )
        if on_elasticsearch:
            item.add_marker(pytest.mark.elasticsearch)
        if _is_transactional(item):
            # `-m transactional` / `-m "not transactional"`: .ci/test-runs.sh runs these
            # apart from the rest (see the marker in pyproject.toml).
            item.add_marker(pytest.mark.transactional)
            if "django_db_serialized_rollback" not in item.fixturenames:
                item.fixturenames.append("django_db_serialized_rollback")


# -- real headless Chromium ------------------------------------------------------------

E2E_PASSWORD = "e2e-pass-word-123"


# Function scope, started after the database fixtures: starting Playwright's sync API
# switches the greenlet (and so the contextvars) Django's connections live in, and a
# browser started before pytest-django's per-test setup would hide the test database's
# serialized contents from it (the rollback of migrated data then breaks).
@pytest.fixture
def browser(transactional_db, monkeypatch):
    require_server("chromium", Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse
    # to run next to it ("async unsafe") although every call here is synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
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
