"""Slide-level hits: a phrase only on one page of a deck returns the deck with that page
first (number, highlight, thumbnail), on both backends, from the page passages."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from content.groups import MANAGERS
from content.previews import document_render_pages
from content.services import document_create
from demo.documents import deck_pdf
from demo.presentations import Slide
from tests.factories import PresentationPageFactory

pytestmark = pytest.mark.django_db

SLIDES = [
    Slide("Zebra-striped audit trail", ("Every approval is recorded",)),
    Slide("Onboarding", ("Kickoff in one week", "Audit of current approvals")),
]


def _deck(title: str, *, render: bool = True, **kwargs):
    data = deck_pdf(title=title, slides=SLIDES)
    document = document_create(stream=io.BytesIO(data), filename="deck.pdf", title=title)
    if render:
        document_render_pages(document_id=document.pk)
    return PresentationPageFactory(title=title, attachment=document, **kwargs)


@pytest.mark.parametrize("q", ["zebra-striped audit trail", '"zebra-striped audit trail"'])
def test_a_phrase_only_on_slide_two_returns_the_deck_with_that_page_first(
    api, backend, reindex, library, q
):
    # given: the phrase is on page 2 only; "audit" alone is also on page 3
    deck = _deck("Atlas platform overview")
    hidden = _deck("Atlas for managers", groups=[MANAGERS])
    reindex()
    # when
    response = api.get("/api/v1/search/", {"q": q})
    # then
    assert response.status_code == 200
    results = response.json()["results"]
    assert [hit["id"] for hit in results] == [deck.pk]
    assert hidden.pk not in [hit["id"] for hit in results]
    pages = results[0]["pages"]
    assert pages[0]["number"] == 2
    assert "<mark>Zebra</mark>" in pages[0]["highlight"]
    assert pages[0]["thumbnail_url"] == (
        f"http://testserver/library/assets/{deck.pk}/pages/2/thumbnail/"
    )
    assert [page["number"] for page in pages] == [2, 3]  # page 3 holds "audit" only


def test_pages_not_rendered_yet_have_no_thumbnail(api, backend, reindex, library):
    deck = _deck("Atlas platform overview", render=False)
    reindex()
    results = api.get("/api/v1/search/", {"q": "zebra-striped"}).json()["results"]
    assert results[0]["id"] == deck.pk
    assert results[0]["pages"][0] == {
        "number": 2,
        "highlight": results[0]["pages"][0]["highlight"],
        "thumbnail_url": None,
    }


def test_results_without_a_matching_page_have_empty_pages(api, backend, reindex, library):
    deck = _deck("Atlas platform overview")
    reindex()
    results = api.get("/api/v1/search/", {"q": "atlas platform"}).json()["results"]
    assert results[0]["id"] == deck.pk
    assert all(page["number"] == 1 for page in results[0]["pages"])  # the title page only
    browse = api.get("/api/v1/search/", {"q": ""}).json()["results"]
    assert browse[0]["pages"] == []


def test_the_library_card_says_which_page_and_links_to_it(
    client, sales_user, backend, reindex, library
):
    deck = _deck("Atlas platform overview")
    reindex()
    client.force_login(sales_user)
    html = client.get(reverse("library:search"), {"q": "zebra-striped audit trail"}).content
    html = html.decode()
    assert "Page 2 of 3" in html
    assert f'src="/library/assets/{deck.pk}/pages/2/thumbnail/"' in html
    assert "#page=2" in html


@pytest.mark.parametrize("q", ["zebra\x00", "'; drop table", "z" * 300, '"""', "audit " * 60])
def test_hostile_queries_never_fail(api, backend, reindex, library, q):
    _deck("Atlas platform overview")
    reindex()
    response = api.get("/api/v1/search/", {"q": q})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        for hit in response.json()["results"]:
            assert isinstance(hit["pages"], list)
