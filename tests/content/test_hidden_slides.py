"""A deck with hidden slides: LibreOffice exports every slide, hidden ones are left out of
the preview, and each shown slide keeps its real number, in the viewer and when a rep
assembles a deck from slides."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from pptx import Presentation

from content.models import DocumentPage
from content.previews import document_render_pages
from content.rendering import DeckSlides, pptx_slides, slide_numbering
from content.services import document_create
from demo.documents import deck_pptx
from demo.presentations import Slide
from tests.content.test_rendering import require_libreoffice
from tests.factories import PresentationPageFactory

pytestmark = pytest.mark.django_db

SLIDES = (
    Slide("Second: the hidden backup slide", ("Internal margin notes",)),
    Slide("Third: why teams switch", ("Approvals in hours",)),
    Slide("Fourth: pricing", ("Per workflow",)),
)


def _deck_with_hidden_slide(*, hidden=(2,)) -> bytes:
    presentation = Presentation(io.BytesIO(deck_pptx(title="Hidden slide deck", slides=SLIDES)))
    for number in hidden:
        presentation.slides[number - 1]._element.set("show", "0")
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def test_hidden_slides_are_read_from_the_deck():
    assert pptx_slides(_deck_with_hidden_slide()) == DeckSlides(count=4, hidden=frozenset({2}))
    assert pptx_slides(b"not a deck") is None


@pytest.mark.parametrize(
    ("pdf_pages", "slides", "numbering"),
    [
        # every slide exported: the hidden one is skipped, the others keep their numbers
        (4, DeckSlides(4, frozenset({2})), {0: 1, 2: 3, 3: 4}),
        # a converter that dropped the hidden one: the visible slides keep their numbers
        (3, DeckSlides(4, frozenset({2})), {0: 1, 1: 3, 2: 4}),
        # neither (or a deck python-pptx could not read): page by page
        (2, DeckSlides(4, frozenset({2})), {0: 1, 1: 2}),
        (3, None, {0: 1, 1: 2, 2: 3}),
        (2, DeckSlides(2, frozenset({1, 2})), {}),
    ],
)
def test_slide_numbering(pdf_pages, slides, numbering):
    assert slide_numbering(pdf_pages=pdf_pages, slides=slides) == numbering


@pytest.fixture
def deck(library):
    require_libreoffice()
    document = document_create(
        stream=io.BytesIO(_deck_with_hidden_slide()), filename="hidden.pptx", title="Hidden"
    )
    document_render_pages(document_id=document.pk)
    return PresentationPageFactory(title="Hidden slide deck", attachment=document)


def test_a_hidden_slide_is_not_rendered_and_the_others_keep_their_real_numbers(deck):
    pages = list(DocumentPage.objects.filter(document=deck.attachment).order_by("number"))
    assert [page.number for page in pages] == [1, 3, 4]
    assert "Hidden slide deck" in pages[0].text
    assert "Third: why teams switch" in pages[1].text
    assert "Fourth: pricing" in pages[2].text
    assert not any("hidden backup" in page.text for page in pages)


def test_the_viewer_shows_real_slide_numbers(client, sales_user, deck):
    client.force_login(sales_user)
    html = client.get(deck.url).content.decode()
    assert "Preview · 3 slides" in html
    assert 'data-number="3"' in html and 'data-number="4"' in html
    assert 'data-number="2"' not in html
    assert client.get(f"/library/assets/{deck.pk}/pages/3/page/").status_code == 200
    assert client.get(f"/library/assets/{deck.pk}/pages/2/page/").status_code == 404


def test_assembling_a_deck_uses_real_slide_numbers(client, sales_user, deck):
    client.force_login(sales_user)
    form = client.get(f"/library/assemble/?deck={deck.pk}").content.decode()
    assert f'value="{deck.pk}:3"' in form and f'value="{deck.pk}:4"' in form
    assert f'value="{deck.pk}:2"' not in form
    response = client.post(
        "/library/assemble/", {"pages": [f"{deck.pk}:4", f"{deck.pk}:3"], f"pos-{deck.pk}-4": "1"}
    )
    assert response.status_code == 200, response.content[:300]
    pdf = pdfium.PdfDocument(response.content)
    assert len(pdf) == 2
    pdf.close()
    # the hidden slide cannot be picked, by its number or past the end
    for hostile in (f"{deck.pk}:2", f"{deck.pk}:5"):
        refused = client.post("/library/assemble/", {"pages": [hostile]})
        assert refused.status_code == 400
        assert "No such page" in refused.content.decode()


@pytest.fixture
def extracted_deck(library):
    from content.services import document_extract_text

    document = document_create(
        stream=io.BytesIO(_deck_with_hidden_slide()), filename="hidden.pptx", title="Hidden"
    )
    deck = PresentationPageFactory(title="Hidden slide deck", attachment=document)
    document_extract_text(document_id=document.pk, force=True)  # as the task does
    deck.refresh_from_db()
    deck.attachment.refresh_from_db()
    return deck


def test_a_hidden_slide_is_not_counted_shown_or_searchable(extracted_deck):
    document = extracted_deck.attachment
    assert document.page_count == 3
    assert document.hidden_pages == [2]
    assert extracted_deck.slide_count == 3
    # slide n stays page n of the text; the hidden one's words are not kept
    assert document.extracted_text.split("\f")[1] == ""
    assert "hidden backup" not in document.extracted_text
    assert "Internal margin notes" not in document.extracted_text
    assert [number for number, _ in extracted_deck.shown_slides] == [1, 3, 4]
    assert extracted_deck.shown_slides[1][1].startswith("Third: why teams switch")


def test_the_slide_text_preview_leaves_the_hidden_slide_out(client, sales_user, extracted_deck):
    client.force_login(sales_user)
    html = client.get(extracted_deck.url).content.decode()
    assert "Slide preview · 3 slides" in html
    assert "Third: why teams switch" in html
    assert "hidden backup" not in html and "Internal margin notes" not in html
    assert 'aria-label="Slide 3"' in html and 'aria-label="Slide 2"' not in html


def test_a_hidden_slide_gives_no_passage_and_no_search_hit(sales_user, extracted_deck):
    from search.backends.base import SearchQuery
    from search.backends.database import DatabaseBackend
    from search.passages import asset_passages

    passages = asset_passages(extracted_deck.specific)
    pages = [p.number for p in passages if p.kind == "page"]
    assert pages == [1, 3, 4]
    assert not any("margin notes" in p.text for p in passages)
    extracted_deck.save_revision().publish()
    database = DatabaseBackend()
    database.index(extracted_deck)

    def found(text: str) -> list[int]:
        return [hit.id for hit in database.search(SearchQuery(text=text, user=sales_user)).hits]

    assert extracted_deck.pk in found("why teams switch")
    assert extracted_deck.pk not in found("Internal margin notes")
