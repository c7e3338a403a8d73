"""Retire's replacement is picked with Wagtail's searchable page chooser, limited to asset
pages; only a live asset other than the retired one is accepted (issue 17, item 6)."""

from __future__ import annotations

import pytest

from content.models import AssetPage
from enablement.governance.models import AssetRetirement
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assets(library):
    return {
        "old": CaseStudyPageFactory(title="Zephyr story 2023"),
        "new": CaseStudyPageFactory(title="Zephyr story 2025"),
        "draft": CaseStudyPageFactory(title="Zephyr draft", live=False),
    }


def _url(asset) -> str:
    return f"/cms/governance/retire/{asset.pk}/"


def test_the_replacement_is_a_searchable_page_chooser(client, marketing_user, assets):
    client.force_login(marketing_user)

    response = client.get(_url(assets["old"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a page" in html
    assert "content.assetpage" in html  # the chooser is limited to asset pages
    assert "page-chooser" in html  # its script is on the page
    # no longer a <select> listing every asset
    assert "<option" not in html.split('name="replacement"')[0][-500:]
    assert "Zephyr story 2025" not in html


def test_a_chosen_replacement_is_saved(client, marketing_user, assets):
    client.force_login(marketing_user)

    response = client.post(
        _url(assets["old"]), {"reason": "Newer figures", "replacement": assets["new"].pk}
    )

    assert response.status_code == 302
    assert AssetRetirement.objects.get(asset=assets["old"]).replacement_id == assets["new"].pk


@pytest.mark.parametrize(
    "replacement", ["self", "draft", "root", "999999", "9" * 30, "abc", "1'--", "\x00"]
)
def test_anything_but_another_live_asset_is_refused_by_name(
    client, marketing_user, assets, replacement
):
    client.force_login(marketing_user)
    choices = {
        "self": assets["old"].pk,
        "draft": assets["draft"].pk,
        "root": AssetPage.objects.first().get_parent().get_parent().pk,
    }

    response = client.post(
        _url(assets["old"]),
        {"reason": "Newer figures", "replacement": choices.get(replacement, replacement)},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a live asset other than this one." in html or (
        replacement == "\x00" and "Null characters are not allowed." in html
    )
    assert AssetPage.objects.get(pk=assets["old"].pk).live
