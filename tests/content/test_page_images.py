"""Page images: served only through the checked view, to people who may see the asset now,
with private caching; the asset page's viewer, result cards and Present mode use them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from content.groups import MANAGERS, SALES
from content.models import AssetPage, DocumentPage
from content.previews import document_render_pages
from content.services import document_create
from enablement.governance.services import asset_retire
from tests.factories import CaseStudyPageFactory, PresentationPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def _image_url(asset, number: int = 1, size: str = "thumbnail") -> str:
    return reverse("content:page-image", args=[asset.pk, number, size])


def _rendered_deck(factory, data: bytes, name: str, *, kind: str = "pdf", **kwargs):
    document = document_create(stream=io.BytesIO(data), filename=f"{name}.{kind}", title=name)
    document_render_pages(document_id=document.pk)
    return factory(title=f"{name} asset", attachment=document, **kwargs)


@pytest.fixture
def deck(library, pdf_bytes):
    return _rendered_deck(PresentationPageFactory, pdf_bytes, "visible")


@pytest.fixture
def forbidden_assets(library, marketing_user, pdf_bytes) -> dict[str, AssetPage]:
    """One rendered asset per way of being off-limits to a Sales rep outside Managers."""
    restricted = _rendered_deck(CaseStudyPageFactory, pdf_bytes, "restricted", groups=[MANAGERS])
    draft = _rendered_deck(PresentationPageFactory, pdf_bytes, "draft", live=False)
    retired = _rendered_deck(PresentationPageFactory, pdf_bytes, "retired")
    asset_retire(asset=retired, user=marketing_user, reason="Withdrawn by the customer")
    expired = _rendered_deck(CaseStudyPageFactory, pdf_bytes, "expired")
    # expire_at passed, but Wagtail's scheduler has not unpublished it yet
    AssetPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    return {"restricted": restricted, "draft": draft, "retired": retired, "expired": expired}


@pytest.mark.parametrize("size,width", [("thumbnail", 320), ("page", 1400)])
def test_a_rep_gets_the_page_image_privately_cached(client, sales_user, deck, size, width):
    client.force_login(sales_user)
    response = client.get(_image_url(deck, 2, size))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "private" in cache_control and "max-age=300" in cache_control
    assert "public" not in cache_control
    assert "Cookie" in response["Vary"]
    picture = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert picture.format == "WEBP" and picture.width == width


@pytest.mark.parametrize("case", ["restricted", "draft", "retired", "expired"])
def test_page_images_of_assets_a_rep_may_not_see_are_not_found(
    client, sales_user, forbidden_assets, case
):
    asset = forbidden_assets[case]
    assert DocumentPage.objects.filter(document=asset.attachment).count() == 3  # they exist
    client.force_login(sales_user)
    for size in ("thumbnail", "page"):
        response = client.get(_image_url(asset, 1, size))
        assert response.status_code == 404, (case, size)
        assert response.get("Content-Type") != "image/webp"


def test_a_restricted_assets_pages_are_served_to_its_group(client, forbidden_assets):
    manager = UserFactory(username="mandy", groups=[SALES, MANAGERS])
    client.force_login(manager)
    assert client.get(_image_url(forbidden_assets["restricted"])).status_code == 200
    assert client.get(_image_url(forbidden_assets["expired"])).status_code == 404


def test_anonymous_and_outsiders_get_nothing(client, outsider_user, deck):
    assert client.get(_image_url(deck)).status_code == 403
    client.force_login(outsider_user)
    assert client.get(_image_url(deck)).status_code == 404


def test_a_page_that_stops_being_visible_stops_being_served(client, sales_user, deck):
    client.force_login(sales_user)
    assert client.get(_image_url(deck)).status_code == 200
    deck.unpublish()
    assert client.get(_image_url(deck)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "assets/{id}/pages/9/thumbnail/",  # past the last page
        "assets/{id}/pages/0/thumbnail/",
        "assets/{id}/pages/1/huge/",
        "assets/{id}/pages/1/thumbnail%00/",
        "assets/{id}/pages/1/'%3Bdrop/",
        "assets/{id}/pages/99999999999999999999999/page/",
        "assets/99999999999999999999999/pages/1/page/",
        "assets/424242/pages/1/page/",
    ],
)
def test_hostile_or_unknown_page_addresses_are_not_found(client, sales_user, deck, path):
    client.force_login(sales_user)
    assert client.get("/library/" + path.format(id=deck.pk)).status_code == 404


def test_page_images_only_answer_get(client, sales_user, deck):
    client.force_login(sales_user)
    assert client.post(_image_url(deck)).status_code == 405


@override_settings(DEBUG=True)
def test_preview_files_are_never_served_as_plain_media(client, sales_user, deck):
    client.force_login(sales_user)
    page = DocumentPage.objects.filter(document=deck.attachment).first()
    assert client.get("/media/" + page.image.name).status_code == 404
    assert client.get("/media/images/../" + page.thumbnail.name).status_code == 404


# -- where a rep sees them ------------------------------------------------------------------


def test_the_asset_page_shows_the_viewer_with_lazy_page_images(client, sales_user, deck):
    client.force_login(sales_user)
    html = client.get(deck.url).content.decode()
    assert "data-viewer" in html
    for number in (1, 2, 3):
        assert f'src="{_image_url(deck, number, "page")}"' in html
        assert f'src="{_image_url(deck, number, "thumbnail")}"' in html
    assert 'loading="lazy"' in html
    assert "content/viewer.js" in html
    assert "Preview unavailable" not in html


def test_a_deck_without_libreoffice_shows_preview_unavailable_with_its_outline(
    client, sales_user, library, pptx_bytes, settings
):
    settings.ENABLEMENT_SOFFICE = "/nonexistent/soffice"
    asset = _rendered_deck(PresentationPageFactory, pptx_bytes, "deck", kind="pptx")
    assert asset.attachment.render_status == "unavailable"
    client.force_login(sales_user)
    html = client.get(asset.url).content.decode()
    assert "Preview unavailable" in html
    assert "LibreOffice" in html
    assert '<ol class="viewer-outline">' in html and "<li>Why teams switch</li>" in html
    assert "/pages/" not in html  # never a broken image


def test_a_failed_render_says_why_on_the_asset_page(
    client, sales_user, library, pdf_bytes, settings
):
    settings.ENABLEMENT_PREVIEW_MAX_PAGES = 1
    asset = _rendered_deck(PresentationPageFactory, pdf_bytes, "long")
    client.force_login(sales_user)
    html = client.get(asset.url).content.decode()
    assert "Preview unavailable" in html
    assert "The file has 3 pages; previews are made for at most 1." in html
    assert "/pages/" not in html


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_result_cards_and_prep_show_the_first_page(
    client, sales_user, library, pdf_bytes, forbidden_assets, search_backend
):
    from search.services import assets_sync

    # given: a visible deck in Retail at Demo, and the off-limits ones
    deck = _rendered_deck(
        PresentationPageFactory, pdf_bytes, "visible", segments=["Retail"], stages=["Demo"]
    )
    assets_sync(asset_ids=AssetPage.objects.values_list("pk", flat=True))
    client.force_login(sales_user)
    # when / then: the library's result card
    html = client.get(reverse("library:search"), {"q": "asset"}).content.decode()
    assert deck.title in html
    assert f'src="{_image_url(deck, 1, "thumbnail")}"' in html
    for asset in forbidden_assets.values():
        assert f"/assets/{asset.pk}/pages/" not in html
    # prep for a call
    html = client.get(reverse("library:prep"), {"segment": "Retail", "stage": "Demo"}).content
    assert f'src="{_image_url(deck, 1, "thumbnail")}"' in html.decode()


def test_present_mode_shows_the_rendered_slides(client, sales_user, deck):
    client.force_login(sales_user)
    html = client.get(reverse("tracking:asset-present", args=[deck.pk])).content.decode()
    for number in (1, 2, 3):
        assert f'src="{_image_url(deck, number, "page")}"' in html
    assert 'aria-label="Slide 3 of 3"' in html
    assert "content/viewer.css" in html


def test_the_viewer_and_present_mode_keep_the_strict_policy(client, sales_user, deck):
    from tests.test_csp import _scan

    client.force_login(sales_user)
    for url in (deck.url, reverse("tracking:asset-present", args=[deck.pk])):
        response = client.get(url)
        scan = _scan(response)
        assert scan.inline_scripts == [] and scan.handlers == [], url
        assert scan.style_attributes == [], url
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
