"""The asset detail's ``page_count`` and ``pages``: checked image URLs for assets the caller
may see, nothing at all for the others."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone

from content.groups import MANAGERS
from content.models import AssetPage
from content.previews import document_render_pages
from content.services import document_create
from demo.documents import deck_pdf
from demo.presentations import Slide
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory, PresentationPageFactory

pytestmark = pytest.mark.django_db

SLIDES = [Slide("Why teams switch", ("Hours, not weeks",)), Slide("Pricing", ("Per workflow",))]


def _deck(factory=PresentationPageFactory, *, render: bool = True, **kwargs):
    data = deck_pdf(title="Deck", slides=SLIDES)
    document = document_create(stream=io.BytesIO(data), filename="deck.pdf", title="Deck")
    if render:
        document_render_pages(document_id=document.pk)
    return factory(attachment=document, **kwargs)


def test_the_detail_lists_each_page_with_checked_image_urls(api, library):
    deck = _deck()
    response = api.get(f"/api/v1/assets/{deck.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["page_count"] == 3
    base = f"http://testserver/library/assets/{deck.pk}/pages"
    assert body["pages"] == [
        {
            "number": number,
            "thumbnail_url": f"{base}/{number}/thumbnail/",
            "image_url": f"{base}/{number}/page/",
        }
        for number in (1, 2, 3)
    ]


def test_an_asset_not_rendered_yet_has_its_page_count_and_no_pages(api, library):
    deck = _deck(render=False)
    body = api.get(f"/api/v1/assets/{deck.pk}/").json()
    assert body["page_count"] == 3  # from the text extraction
    assert body["pages"] == []


def test_an_asset_without_a_file_has_no_pages(api, library):
    objection = ObjectionPageFactory()
    body = api.get(f"/api/v1/assets/{objection.pk}/").json()
    assert body["page_count"] is None
    assert body["pages"] == []


@pytest.mark.parametrize("case", ["restricted", "draft", "retired", "expired"])
def test_an_asset_the_caller_may_not_see_gives_nothing(api, library, marketing_user, case):
    from enablement.governance.services import asset_retire

    if case == "restricted":
        asset = _deck(CaseStudyPageFactory, groups=[MANAGERS])
    elif case == "draft":
        asset = _deck(live=False)
    else:
        asset = _deck()
    if case == "retired":
        asset_retire(asset=asset, user=marketing_user, reason="Withdrawn")
    if case == "expired":
        AssetPage.objects.filter(pk=asset.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    response = api.get(f"/api/v1/assets/{asset.pk}/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "pages" not in text and "thumbnail" not in text


def test_the_schema_documents_pages(api):
    response = api.get("/api/v1/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "AssetPagePreview" in text and "thumbnail_url" in text and "page_count" in text
