"""/cms/reports/ lists the reports the user may open; the Coverage heading reads cleanly."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _report_links(html: str) -> dict[str, str]:
    listing = html[html.index('class="listing reports-index"') :]
    listing = listing[: listing.index("</ul>")]
    return {
        re.sub(r"<[^>]+>", "", label).strip(): url
        for url, label in re.findall(r'<a href="([^"]+)">(.*?)</a>', listing, re.S)
    }


def test_marketer_sees_the_marketing_reports(client, marketing_user):
    client.force_login(marketing_user)
    response = client.get("/cms/reports/")
    assert response.status_code == 200
    links = _report_links(response.content.decode())
    assert links["Coverage"] == "/cms/governance/reports/coverage/"
    assert links["Needs review"] == "/cms/governance/reports/needs-review/"
    for url in links.values():
        assert client.get(url).status_code == 200, url


def test_superuser_also_sees_wagtails_own_reports(client, superuser):
    client.force_login(superuser)
    links = _report_links(client.get("/cms/reports/").content.decode())
    assert "Site history" in links and "Coverage" in links


def test_people_without_admin_access_do_not_get_in(client, sales_user):
    client.force_login(sales_user)
    response = client.get("/cms/reports/")
    assert response.status_code in (302, 403)
    client.logout()
    assert client.get("/cms/reports/").status_code == 302


def test_coverage_heading_has_no_stray_colon(client, marketing_user):
    from tests.factories import segment

    segment("Healthcare")
    client.force_login(marketing_user)
    html = client.get("/cms/governance/reports/coverage/").content.decode()
    assert "<title>Coverage - " in html
    assert "Coverage:" not in html
    assert '<span class="w-sr-only">: </span>' not in html
    assert "Live assets per segment (rows) and deal stage (columns)." in html
