"""Assemble a deck: pages from several visible decks, in the rep's order, as one PDF that
counts as a use of each source deck; decks the rep may not use never contribute."""

from __future__ import annotations

import datetime

import pypdfium2 as pdfium
import pytest
from django.utils import timezone

from content.groups import MANAGERS
from content.models import AssetPage
from enablement.tracking.models import UsageEvent
from tests.tracking.share_world import rendered_deck

pytestmark = pytest.mark.django_db


def _texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf))]
    finally:
        pdf.close()


@pytest.fixture
def decks(library):
    return rendered_deck("Alpha deck"), rendered_deck("Beta deck")


def test_pages_from_two_decks_in_the_chosen_order_make_one_pdf(client, sales_user, decks):
    alpha, beta = decks
    client.force_login(sales_user)
    page = client.get(f"/library/assemble/?deck={alpha.pk}&deck={beta.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{alpha.pk}:3"' in html and f'value="{beta.pk}:1"' in html
    response = client.post(
        "/library/assemble/",
        {
            "pages": [f"{alpha.pk}:1", f"{beta.pk}:3", f"{alpha.pk}:2"],
            f"pos-{beta.pk}-3": "1",  # numbered first; the others follow in order shown
        },
    )
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    texts = _texts(response.content)
    assert len(texts) == 3
    assert "Pricing" in texts[0]  # Beta's slide 3 (title page, then two slides)
    assert "Alpha deck" in texts[1]  # Alpha's title page
    assert "Why teams switch" in texts[2]
    uses = UsageEvent.objects.filter(kind="download", user=sales_user).order_by("asset_id")
    assert [(e.asset_id, e.metadata) for e in uses] == sorted(
        [
            (alpha.pk, {"source": "assemble", "pages": [1, 2]}),
            (beta.pk, {"source": "assemble", "pages": [3]}),
        ]
    )


def test_decks_the_rep_may_not_use_are_refused_and_never_listed(
    client, sales_user, marketing_user, decks
):
    from django.contrib.auth.models import Group

    from enablement.governance.services import asset_retire

    alpha, _ = decks
    restricted = rendered_deck("Managers only")
    restricted.visibility = AssetPage.Visibility.RESTRICTED
    restricted.save(update_fields=["visibility"])
    restricted.visible_to_groups.set(Group.objects.filter(name=MANAGERS))
    retired = rendered_deck("Retired deck")
    asset_retire(asset=retired, user=marketing_user, reason="Old")
    expired = rendered_deck("Expired deck")
    AssetPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    draft = rendered_deck("Draft deck", live=False)
    client.force_login(sales_user)
    listing = client.get("/library/assemble/").content.decode()
    assert "Alpha deck" in listing
    for deck in (restricted, retired, expired, draft):
        assert deck.title not in listing
        response = client.post("/library/assemble/", {"pages": [f"{alpha.pk}:1", f"{deck.pk}:1"]})
        assert response.status_code == 400, deck.title
        assert 'data-error-field="pages"' in response.content.decode()
    assert not UsageEvent.objects.filter(kind="download").exists()


def test_hostile_choices_are_400_naming_the_field(client, sales_user, decks):
    alpha, _ = decks
    client.force_login(sales_user)
    cases = [
        ({"pages": []}, "pages"),
        ({"pages": [f"{alpha.pk}:4"]}, "pages"),  # 3 pages
        ({"pages": [f"{alpha.pk}:0"]}, "pages"),
        ({"pages": ["1:1:1"]}, "pages"),
        ({"pages": [f"{alpha.pk}:1\x00"]}, "pages"),
        ({"pages": ["99999999999999999999:1"]}, "pages"),
        ({"pages": ["'; DROP TABLE x; --:1"]}, "pages"),
        ({"pages": [f"{alpha.pk}:1"] * 201}, "pages"),
        ({"pages": [f"{alpha.pk}:1"], f"pos-{alpha.pk}-1": "-3"}, f"pos-{alpha.pk}-1"),
        ({"pages": [f"{alpha.pk}:1"], f"pos-{alpha.pk}-1": "1e9"}, f"pos-{alpha.pk}-1"),
        ({"pages": [f"{alpha.pk}:1"], f"pos-{alpha.pk}-1": "99999999"}, f"pos-{alpha.pk}-1"),
    ]
    for data, field in cases:
        response = client.post("/library/assemble/", data)
        assert response.status_code == 400, data
        assert f'data-error-field="{field}"' in response.content.decode(), data
    assert client.get("/library/assemble/?deck=%00&deck=-1&deck=abc").status_code == 200
    assert not UsageEvent.objects.filter(kind="download").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, decks):
    assert client.get("/library/assemble/").status_code == 302
    assert client.post("/library/assemble/", {"pages": ["1:1"]}).status_code == 302
