"""Wagtail admin: who gets in, the vocabularies, and extraction status on the edit page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from content.models import SegmentTag
from content.services import document_create
from tests.factories import PresentationPageFactory

pytestmark = pytest.mark.django_db


def test_sales_cannot_open_the_cms_or_edit_assets(client, sales_user):
    page = PresentationPageFactory()
    client.force_login(sales_user)
    for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_pages:edit", args=[page.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/cms/login/" in response.url
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {"title": "Hijacked"}
    )
    page.refresh_from_db()
    assert page.title != "Hijacked"


def test_marketing_manages_segments(client, marketing_user):
    client.force_login(marketing_user)
    response = client.post(reverse("wagtailsnippets_content_segmenttag:add"), {"name": "Aerospace"})
    assert response.status_code == 302
    assert SegmentTag.objects.get(name="Aerospace").slug == "aerospace"
    listing = client.get(reverse("wagtailsnippets_content_segmenttag:list"))
    assert listing.status_code == 200
    assert "Aerospace" in listing.content.decode()


def test_marketing_sees_stages_in_order_but_cannot_add_them(client, marketing_user):
    client.force_login(marketing_user)
    listing = client.get(reverse("wagtailsnippets_content_stagetag:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert html.index("Prospecting") < html.index("Discovery") < html.index("Closing")
    response = client.get(reverse("wagtailsnippets_content_stagetag:add"))
    assert response.status_code in (302, 403)


def test_asset_edit_page_shows_attachment_extraction_status(client, marketing_user, pdf_bytes):
    document = document_create(stream=io.BytesIO(pdf_bytes), filename="d.pdf", title="Deck")
    page = PresentationPageFactory(attachment=document)
    client.force_login(marketing_user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert "Text extracted from" in response.content.decode()
    assert "3 pages" in response.content.decode()
