"""Capture in the product: each action on an asset page records the right event."""

import pytest

from content.groups import MARKETING, SALES
from enablement.tracking.models import UsageEvent
from tests.factories import (
    CaseStudyPageFactory,
    ObjectionPageFactory,
    PresentationPageFactory,
    UserFactory,
)
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db


def kinds():
    return list(
        UsageEvent.objects.order_by("pk").values_list("kind", "user__username", "deal__name")
    )


def test_opening_an_asset_page_records_a_view(client, library, sales_user):
    asset = CaseStudyPageFactory()
    client.force_login(sales_user)
    response = client.get(asset.url)
    assert response.status_code == 200
    assert kinds() == [("view", "sally", None)]


def test_restricted_page_refused_records_nothing(client, library, sales_user):
    asset = CaseStudyPageFactory(groups=[MARKETING])
    client.force_login(sales_user)
    assert client.get(asset.url).status_code == 403
    assert kinds() == []


def test_action_bar_shows_the_actions_for_the_asset_type(client, library, sales_user):
    DealFactory(owner=sales_user, name="Initech expansion")
    objection = ObjectionPageFactory()
    deck = PresentationPageFactory()
    client.force_login(sales_user)
    html = client.get(objection.url).content.decode()
    assert "Copy answer" in html and "Initech expansion" in html and "Use in deal" in html
    assert "Present" not in html.split("asset-actions", 1)[1].split("</section>", 1)[0].replace(
        "Presentation", ""
    )
    deck_html = client.get(deck.url).content.decode()
    assert f"/library/assets/{deck.pk}/present/" in deck_html


def test_copy_use_in_deal_and_present_record_events(client, library, sales_user):
    deal = DealFactory(owner=sales_user, name="Initech expansion")
    objection = ObjectionPageFactory()
    deck = PresentationPageFactory()
    client.force_login(sales_user)
    json_accept = {"HTTP_ACCEPT": "application/json"}
    event_id = "6f1c3a55-8d5e-4c35-9a3c-6bb0b2d34a11"

    # a double click sends the same event id twice: one copy
    for _ in range(2):
        answer = client.post(
            f"/library/assets/{objection.pk}/events/",
            {"kind": "copy", "event_id": event_id},
            **json_accept,
        )
        assert answer.status_code == 200
    assert client.post(
        f"/library/assets/{objection.pk}/use-in-deal/", {"deal_id": deal.pk}, **json_accept
    ).json()["ok"]
    assert client.get(f"/library/assets/{deck.pk}/present/").status_code == 200

    assert kinds() == [
        ("copy", "sally", None),
        ("attach", "sally", "Initech expansion"),
        ("present", "sally", None),
    ]


def test_use_in_deal_refuses_a_deal_that_is_not_mine(client, library, sales_user):
    other = UserFactory(groups=[SALES])
    deal = DealFactory(owner=other)
    asset = CaseStudyPageFactory()
    client.force_login(sales_user)
    response = client.post(
        f"/library/assets/{asset.pk}/use-in-deal/",
        {"deal_id": deal.pk},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert kinds() == []


def test_unknown_kind_and_invisible_asset_are_refused(client, library, sales_user):
    asset = CaseStudyPageFactory()
    hidden = CaseStudyPageFactory(groups=[MARKETING])
    client.force_login(sales_user)
    assert client.post(f"/library/assets/{asset.pk}/events/", {"kind": "share"}).status_code == 302
    assert client.post(f"/library/assets/{hidden.pk}/events/", {"kind": "copy"}).status_code == 404
    assert client.get(f"/library/assets/{hidden.pk}/present/").status_code == 404
    assert kinds() == []


def test_tracked_download_serves_the_file_and_records_it(client, library, sales_user):
    from django.core.files.base import ContentFile

    from content.models import AssetDocument

    document = AssetDocument.objects.create(
        title="Deck", file=ContentFile(b"%PDF-1.4 test", name="deck.pdf")
    )
    asset = CaseStudyPageFactory(attachment=document)
    client.force_login(sales_user)
    response = client.get(f"/library/assets/{asset.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert kinds() == [("download", "sally", None)]
