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


def test_an_admin_renames_the_site_in_the_cms(client, superuser, sales_user):
    client.force_login(superuser)
    url = client.get("/cms/settings/core/branding/")["Location"]  # the one instance's form
    assert client.get(url).status_code == 200
    response = client.post(url, {"site_name": "Tessera Sales Library", "logo": ""})
    assert response.status_code == 302
    client.force_login(sales_user)
    assert "Tessera Sales Library" in client.get("/library/").content.decode()


def test_a_marketer_cannot_change_the_branding(client, marketing_user):
    client.force_login(marketing_user)
    url = f"/cms/settings/core/branding/{Branding.load().pk}/"
    response = client.post(url, {"site_name": "Hijacked"})
    assert response.status_code in (302, 403)
    assert Branding.load().display_name != "Hijacked"


def test_an_over_long_name_is_refused_with_the_field_named(client, superuser):
    client.force_login(superuser)
    url = client.get("/cms/settings/core/branding/")["Location"]
    response = client.post(url, {"site_name": "x" * 61})
    assert response.status_code == 200
    assert "site_name" in response.context["form"].errors
    assert Branding.load().site_name == ""
