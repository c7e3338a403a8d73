"""Site name and logo come from the admin-editable Branding setting."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from enablement.core.models import Branding

pytestmark = pytest.mark.django_db

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a2e5c9"
    "2e0000000049454e44ae426082"
)


def _brand(name: str = "", logo=None) -> Branding:
    branding = Branding.load()
    branding.site_name = name
    branding.logo = logo
    branding.save()
    return branding


@override_settings(WAGTAIL_SITE_NAME="Enablement")
def test_without_a_branding_name_the_default_name_is_shown(client):
    response = client.get("/login/")
    assert "Sign in to Enablement" in response.content.decode()


def test_login_page_names_the_site_not_the_host(client):
    # given
    _brand("Acme Sales Hub")
    # when
    html = client.get("/login/", HTTP_HOST="127.0.0.1:8000").content.decode()
    # then
    assert "Sign in to Acme Sales Hub" in html
    assert "127.0.0.1:8000" not in html
    assert "<title>Sign in · Acme Sales Hub</title>" in html


def test_branding_name_and_logo_reach_the_header(client, sales_user, settings, tmp_path):
    from wagtail.images.models import Image

    logo = Image.objects.create(
        title="Acme logo", file=SimpleUploadedFile("acme.png", PNG), width=1, height=1
    )
    _brand("Acme", logo=logo)
    client.force_login(sales_user)
    html = client.get("/library/").content.decode()
    assert '<span class="brand-name">Acme</span>' in html
    assert f'src="{logo.file.url}"' in html


def test_name_with_markup_is_escaped(client):
    _brand('<script>alert("x")</script>')
    html = client.get("/login/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_share_page_carries_the_brand_in_a_readable_colour(client, library, sales_user):
    from django.utils import timezone

    from enablement.tracking.models import Deal
    from enablement.tracking.services import share_link_create
    from tests.factories import CaseStudyPageFactory

    _brand("Acme")
    asset = CaseStudyPageFactory(title="Shared story")
    deal = Deal.objects.create(
        external_id="D-1",
        name="Big deal",
        account="Prospect Inc",
        owner=sales_user,
        status=Deal.Status.OPEN,
        created_at=timezone.now() - datetime.timedelta(days=3),
    )
    _, token = share_link_create(asset=asset, deal=deal, user=sales_user)
    html = client.get(f"/share/{token}/").content.decode()
    assert '<span class="brand-name">Acme</span>' in html
    # The site stylesheet no longer forces every .brand white (white on the light page).
    from django.contrib.staticfiles import finders

    css = Path(finders.find("enablement/site.css")).read_text()
    assert "color: #ffffff !important" not in css
    assert ".topbar .brand { color: #ffffff; }" in css
