"""Share links last 1 to 90 days, as the README says; the dialog offers 7 to 90."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from enablement.tracking.models import ShareLink
from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def setup(client, library, sales_user):
    asset = CaseStudyPageFactory(title="Lifetimes story")
    deal = DealFactory(owner=sales_user, name="Initech expansion")
    client.force_login(sales_user)
    return asset, deal


def _share(client, asset, deal, days):
    data = {"deal_id": deal.pk}
    if days is not None:
        data["expires_in_days"] = days
    return client.post(f"/library/assets/{asset.pk}/share/", data, **JSON)


def test_dialog_offers_seven_to_ninety_days(client, setup):
    asset, _ = setup
    html = client.get(asset.url).content.decode()
    picker = r'<select id="share-expiry-\d+" name="expires_in_days">(.*?)</select>'
    select = re.search(picker, html, re.S)
    assert select, "no lifetime picker"
    options = re.findall(r'<option value="(\d+)"( selected)?>(\d+) days</option>', select[1])
    assert [int(value) for value, _, _ in options] == [7, 14, 30, 60, 90]
    assert [value for value, selected, _ in options if selected] == ["14"]


@pytest.mark.parametrize("days", [1, 60, 90, "90", " 30 "])
def test_any_lifetime_from_one_to_ninety_days_is_accepted(client, setup, days):
    asset, deal = setup
    before = timezone.now()
    response = _share(client, asset, deal, days)
    assert response.status_code == 200, response.json()
    link = ShareLink.objects.get()
    expected = datetime.timedelta(days=int(str(days).strip()))
    assert before + expected <= link.expires_at <= timezone.now() + expected


def test_no_lifetime_means_fourteen_days(client, setup):
    asset, deal = setup
    assert _share(client, asset, deal, None).status_code == 200
    lifetime = ShareLink.objects.get().expires_at - timezone.now()
    assert datetime.timedelta(days=13, hours=23) < lifetime <= datetime.timedelta(days=14)


@pytest.mark.parametrize(
    "days",
    [
        0,
        -1,
        91,
        365,
        10**30,
        "1e9",
        "7.5",
        "seven",
        "7\x00",
        "'; DROP TABLE tracking_sharelink; --",
        '"14"',
        "[14]",
    ],
)
def test_hostile_lifetimes_are_a_400_naming_the_field(client, setup, days):
    asset, deal = setup
    response = _share(client, asset, deal, days)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert list(body["errors"]) == ["expires_in_days"]
    assert "90" in body["errors"]["expires_in_days"][0] or "number" in body["message"]
    assert not ShareLink.objects.exists()


def test_without_script_a_bad_lifetime_returns_to_the_page_with_a_message(client, setup):
    asset, deal = setup
    response = client.post(
        f"/library/assets/{asset.pk}/share/",
        {"deal_id": deal.pk, "expires_in_days": 120},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == asset.url
    assert "Links last from 1 to 90 days." in response.content.decode()
    assert not ShareLink.objects.exists()
