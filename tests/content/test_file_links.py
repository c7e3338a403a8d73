"""Every link to an asset's file on the asset page goes through the one tracked, checked
download route; none points at plain media or Wagtail's raw document URL."""

from __future__ import annotations

import io
import re

import pytest

from content.services import document_create
from enablement.tracking.models import UsageEvent
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory, PresentationPageFactory

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]*)"')


@pytest.mark.parametrize(
    "factory", [CaseStudyPageFactory, PresentationPageFactory, ObjectionPageFactory]
)
def test_file_links_use_the_tracked_download_route(client, library, sales_user, pdf_bytes, factory):
    # given
    document = document_create(stream=io.BytesIO(pdf_bytes), filename="f.pdf", title="File")
    page = factory(title="Asset with a file", attachment=document)
    client.force_login(sales_user)
    # when
    html = client.get(page.url).content.decode()
    # then
    hrefs = HREF.findall(html)
    tracked = f"/library/assets/{page.pk}/download/"
    assert hrefs.count(tracked) == 2  # the action bar and the file box
    raw = [h for h in hrefs if h.startswith(("/media/", "/documents/")) or h == document.url]
    assert raw == []


def test_the_file_box_download_is_recorded(client, library, sales_user, pdf_bytes):
    document = document_create(stream=io.BytesIO(pdf_bytes), filename="f.pdf", title="File")
    page = CaseStudyPageFactory(attachment=document)
    client.force_login(sales_user)
    response = client.get(f"/library/assets/{page.pk}/download/")
    assert response.status_code == 200
    assert UsageEvent.objects.filter(asset_id=page.pk, kind="download").count() == 1
