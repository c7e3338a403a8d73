"""Marketers see their own assets' numbers in the Wagtail admin: a report and an edit tab."""

from __future__ import annotations

import pytest

from content.models import AssetPage
from tests.insights_world import MARCH_1, MARCH_31

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world, marketing_user):
    marketing_user.is_staff = True
    marketing_user.save()
    AssetPage.objects.filter(pk__in=[world.assets["A"].pk, world.assets["C"].pk]).update(
        owner_user=marketing_user
    )
    return marketing_user


def test_report_lists_only_own_assets_with_figures(client, owner):
    client.force_login(owner)

    page = client.get(
        "/cms/insights/my-assets/", {"since": MARCH_1.isoformat(), "until": MARCH_31.isoformat()}
    ).content.decode()
    csv_rows = client.get(
        "/cms/insights/my-assets/",
        {"since": MARCH_1.isoformat(), "until": MARCH_31.isoformat(), "export": "assets"},
    ).content.decode()

    assert "Alpha case" in page and "Gamma objection" in page
    assert "Beta deck" not in page
    assert "3,833.33" in page  # attributed revenue, as managers see it
    assert "Alpha case,yes,5,2,6,3,2,0.6000,5," in csv_rows


def test_report_is_for_marketing(client, world, sales_user):
    sales_user.is_staff = True
    sales_user.save()
    client.force_login(sales_user)

    assert client.get("/cms/insights/my-assets/").status_code in (302, 403)


def test_edit_page_has_usage_tab(client, owner, world):
    client.force_login(owner)

    page = client.get(f"/cms/pages/{world.assets['A'].pk}/edit/").content.decode()

    assert "Usage" in page
    assert "All my assets&#x27; performance" in page or "All my assets' performance" in page
    assert "Median account LTV" in page


def test_reports_menu_shows_the_report_to_marketing(client, owner):
    client.force_login(owner)

    assert "My content performance" in client.get("/cms/").content.decode()
