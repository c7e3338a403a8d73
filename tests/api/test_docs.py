"""The human-readable API docs page at /api/docs/ (issue 17, item 5)."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/api/docs/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/api/docs/"


def test_anonymous_visitors_get_neither_the_start_script_nor_the_schema(client):
    assert client.get("/api/docs/?script=").status_code == 302
    assert client.get("/api/v1/schema/").status_code in {401, 403}


def test_a_signed_in_user_gets_swagger_ui_from_our_own_static_files(client, sales_user):
    client.force_login(sales_user)

    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div id="swagger-ui"></div>' in html
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in sources
    # every script and stylesheet is ours: no CDN, no other host
    assert all(source.startswith("/") and not source.startswith("//") for source in sources)
    # and they exist in the installed package, so collectstatic ships them
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    # no inline script: Swagger UI's start script is loaded from this view
    assert re.search(r"<script>(?!</script>)", html) is None
    assert '<script src="/api/docs/?script="></script>' in html


def test_the_start_script_points_swagger_ui_at_our_schema(client, sales_user):
    client.force_login(sales_user)

    response = client.get("/api/docs/", {"script": ""})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert '"/api/v1/schema/"' in response.content.decode()


def test_the_schema_it_reads_is_served_to_signed_in_users(client, sales_user):
    client.force_login(sales_user)

    response = client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    assert "/api/v1/search/" in response.json()["paths"]


def test_the_page_keeps_a_strict_policy_relaxed_only_for_data_icons(client, sales_user):
    client.force_login(sales_user)

    policy = _policy(client.get("/api/docs/"))

    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_the_relaxation_stays_on_the_docs_page(client, sales_user):
    client.force_login(sales_user)

    policy = _policy(client.get("/library/"))

    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'"]


def test_the_footer_links_signed_in_users_to_the_docs(client, sales_user, library):
    assert 'href="/api/docs/"' not in client.get("/login/").content.decode()

    client.force_login(sales_user)
    html = client.get("/library/").content.decode()

    footer = re.search(r"<footer.*?</footer>", html, re.S)
    assert footer is not None
    assert 'href="/api/docs/"' in footer.group(0)
