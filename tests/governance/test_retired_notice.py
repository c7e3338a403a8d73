"""The retired notice discloses nothing it should not: no notice at all for pages that were
never published, and Marketing's internal reason only for those who govern content."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.groups import MANAGERS
from enablement.governance import services
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db

REASON = "Customer asked us to withdraw it after the lawsuit"


def notice_url(asset) -> str:
    return reverse("governance:retired", args=[asset.pk])


def test_a_never_published_page_has_no_notice(client, library, sales_user, marketing_user):
    draft = CaseStudyPageFactory(title="Secret acquisition story", live=False)
    for user in (sales_user, marketing_user):
        client.force_login(user)
        response = client.get(notice_url(draft))
        assert response.status_code == 404
        assert b"Secret acquisition story" not in response.content


def test_a_page_unpublished_without_retiring_has_no_notice(client, library, sales_user):
    asset = CaseStudyPageFactory(title="Back to draft story")
    asset.unpublish()
    client.force_login(sales_user)
    response = client.get(notice_url(asset))
    assert response.status_code == 404
    assert b"Back to draft story" not in response.content


@pytest.fixture
def retired(library, marketing_user):
    asset = CaseStudyPageFactory(title="Orion logistics story")
    old_url = asset.url
    services.asset_retire(asset=asset, user=marketing_user, reason=REASON)
    return asset, old_url


def test_sales_sees_a_neutral_line_not_the_internal_reason(client, retired, sales_user):
    asset, old_url = retired
    client.force_login(sales_user)
    for url in (old_url, notice_url(asset)):
        response = client.get(url, follow=True)
        assert response.status_code == 410
        html = response.content.decode()
        assert "Orion logistics story" in html and "retired" in html
        assert "It is no longer current." in html
        assert REASON not in html and "lawsuit" not in html


def test_managers_do_not_see_the_reason_either(client, retired, manager_user):
    asset, _ = retired
    client.force_login(manager_user)
    response = client.get(notice_url(asset))
    assert response.status_code == 410
    assert REASON not in response.content.decode()


def test_marketing_and_superusers_see_the_reason(client, retired, marketing_user, superuser):
    asset, _ = retired
    for user in (marketing_user, superuser):
        client.force_login(user)
        response = client.get(notice_url(asset))
        assert response.status_code == 410
        assert REASON in response.content.decode()


def test_the_replacement_is_where_the_old_url_leads(client, library, marketing_user, sales_user):
    old = CaseStudyPageFactory(title="Orion story 2024")
    new = CaseStudyPageFactory(title="Orion story 2026")
    services.asset_retire(asset=old, user=marketing_user, reason=REASON, replacement=new)
    client.force_login(sales_user)
    response = client.get(notice_url(old), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == new.url
    assert REASON not in response.content.decode()


def test_a_restricted_retired_asset_stays_anonymous_to_outsiders(
    client, library, marketing_user, sales_user
):
    asset = CaseStudyPageFactory(title="Managers-only pricing", groups=[MANAGERS])
    services.asset_retire(asset=asset, user=marketing_user, reason=REASON)
    client.force_login(sales_user)
    response = client.get(notice_url(asset))
    assert response.status_code == 410
    html = response.content.decode()
    assert "Managers-only pricing" not in html and REASON not in html
