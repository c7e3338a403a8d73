"""One viewer for the library, share links and deal rooms (content/includes/_viewer.html,
parametrised), one prospect asset page for both (tracking/_prospect_asset.html), and page
counts that are proper plurals in English and in Polish (three forms)."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from content.previews import document_render_pages
from content.services import document_create
from demo.documents import deck_pdf
from demo.presentations import Slide
from enablement.rooms.services import room_create
from enablement.tracking.services import share_link_create
from tests.factories import PresentationPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db

VIEWER = "content/includes/_viewer.html"
PROSPECT_ASSET = "tracking/_prospect_asset.html"


def _deck(pages: int, title: str):
    slides = [Slide(f"Slide {n}", (f"Point {n}",)) for n in range(2, pages + 1)]
    document = document_create(
        stream=io.BytesIO(deck_pdf(title=title, slides=slides)),
        filename=f"deck-{pages}.pdf",
        title=title,
    )
    document_render_pages(document_id=document.pk)
    deck = PresentationPageFactory(title=title, attachment=document)
    assert deck.attachment.pages.count() == pages
    return deck


def _share(deck, user, *, language="en", **options):
    deal = DealFactory(owner=user, name="Globex renewal")
    with translation.override(language):
        _link, token = share_link_create(asset=deck, deal=deal, user=user, **options)
    return token


def _names(response) -> list[str]:
    return [template.name for template in response.templates]


@pytest.mark.parametrize(
    ("pages", "language", "heading"),
    [
        (1, "en", "Preview · 1 page"),
        (3, "en", "Preview · 3 pages"),
        (1, "pl", "Podgląd · 1 strona"),
        (3, "pl", "Podgląd · 3 strony"),
        (5, "pl", "Podgląd · 5 stron"),
    ],
)
def test_the_prospect_page_counts_pages_with_proper_plurals(
    client, library, sales_user, pages, language, heading
):
    token = _share(_deck(pages, f"Deck of {pages}"), sales_user, language=language)
    response = client.get(f"/share/{token}/")
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_a_share_link_and_a_deal_room_render_the_same_prospect_page_and_viewer(
    client, library, sales_user
):
    deck = _deck(3, "Quokka pitch deck")
    token = _share(deck, sales_user, allow_download=False, watermark="ann@globex.test")
    shared = client.get(f"/share/{token}/")
    room, room_token = room_create(
        user=sales_user, deal=DealFactory(owner=sales_user), title="Room", assets=[deck]
    )
    item = room.items.get()
    client.get(f"/room/{room_token}/")
    in_room = client.get(f"/room/{room_token}/items/{item.pk}/")
    for response in (shared, in_room):
        assert response.status_code == 200
        assert PROSPECT_ASSET in _names(response) and VIEWER in _names(response)
        assert "Preview · 3 pages" in response.content.decode()
    assert "tracking/_share_viewer.html" not in _names(shared)
    shared_page, room_page = shared.content.decode(), in_room.content.decode()
    # each page's images come through its own link
    assert f'src="/share/{token}/pages/2/page/"' in shared_page
    assert f'src="/room/{room_token}/items/{item.pk}/pages/2/page/"' in room_page
    # each is tracked through its own beat endpoint; the share link is watermarked
    assert f'data-engagement-url="/share/{token}/engagement/"' in shared_page
    assert "Marked for ann@globex.test" in shared_page
    assert f'data-engagement-url="/room/{room_token}/items/{item.pk}/engagement/"' in room_page
    # neither allows downloads here
    assert "/file/" not in shared_page and "/file/" not in room_page


def test_the_library_uses_the_same_viewer(client, library, sales_user):
    deck = _deck(3, "Quokka pitch deck")
    client.force_login(sales_user)
    response = client.get(deck.url)
    assert VIEWER in _names(response)
    page = response.content.decode()
    assert "Preview · 3 pages" in page
    assert "data-engagement-url" not in page
    assert f'src="/library/assets/{deck.pk}/pages/1/page/"' in page
