"""The asset editor shows the attachment's page previews and extracted text before anything
is published; its page images go only to people who may download the file itself."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from content.previews import document_render_fail, document_render_pages
from content.services import document_create
from tests.factories import PresentationPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_deck(library, pdf_bytes):
    document = document_create(stream=io.BytesIO(pdf_bytes), filename="d.pdf", title="Deck")
    document_render_pages(document_id=document.pk)
    return PresentationPageFactory(title="Unpublished deck", attachment=document, live=False)


def _image_url(document_id, number=1, size="thumbnail") -> str:
    return reverse("content_previews:page_image", args=[document_id, number, size])


def test_the_editor_of_a_draft_shows_its_pages_and_extracted_text(
    client, marketing_user, draft_deck
):
    document = draft_deck.attachment
    client.force_login(marketing_user)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[draft_deck.pk])).content.decode()

    for number in (1, 2, 3):
        assert f'src="{_image_url(document.pk, number)}"' in html
    assert "Extracted text" in html
    assert "Approvals in hours, not weeks" in html  # the file's own words, from extraction


def test_a_marketer_gets_a_draft_attachments_page_image(client, marketing_user, draft_deck):
    client.force_login(marketing_user)

    response = client.get(_image_url(draft_deck.attachment_id, 2, "page"))

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    picture = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert picture.width == 1400


def test_people_who_may_not_download_the_file_get_no_page_image(client, sales_user, draft_deck):
    url = _image_url(draft_deck.attachment_id)
    assert client.get(url).status_code == 302  # signed out: the admin's sign-in
    client.force_login(sales_user)  # a rep: no admin, and the asset is a draft
    response = client.get(url)
    assert response.status_code in (302, 403, 404)
    assert response.get("Content-Type") != "image/webp"


@pytest.mark.parametrize(
    "path",
    [
        "{doc}/pages/1/huge/",
        "{doc}/pages/99/thumbnail/",
        "{doc}/pages/99999999999999999999/thumbnail/",
        "99999999999999999999/pages/1/thumbnail/",
        "0/pages/1/thumbnail/",
    ],
)
def test_bad_page_image_addresses_are_not_found(client, marketing_user, draft_deck, path):
    client.force_login(marketing_user)
    url = "/cms/content/previews/" + path.format(doc=draft_deck.attachment_id)
    assert client.get(url).status_code == 404


def test_a_failed_render_says_why_on_the_editor(client, marketing_user, library, pdf_bytes):
    document = document_create(stream=io.BytesIO(pdf_bytes), filename="d.pdf", title="Deck")
    document_render_fail(document_id=document.pk, reason="The file is password-protected")
    page = PresentationPageFactory(attachment=document, live=False)
    client.force_login(marketing_user)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()

    assert "No preview:" in html
    assert "The file is password-protected" in html
    assert _image_url(document.pk) not in html


def test_a_marketer_uploads_the_file_from_the_asset_forms_chooser(client, marketing_user):
    client.force_login(marketing_user)

    response = client.get(reverse("wagtaildocs_chooser:choose"))

    assert response.status_code == 200
    assert 'id="tab-label-upload"' in response.json()["html"]
