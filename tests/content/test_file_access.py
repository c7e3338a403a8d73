"""Asset files: no byte of a restricted, draft, retired or expired asset's file reaches
someone who may not see it, through any URL, with DEBUG on (``make run``) or off."""

from __future__ import annotations

import datetime
import importlib
import io

import pytest
from django.urls import clear_url_caches
from django.utils import timezone

from content.groups import MANAGERS
from content.models import AssetPage
from content.services import document_create
from enablement.governance.services import asset_retire
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory, PresentationPageFactory

pytestmark = pytest.mark.django_db

PDF_MAGIC = b"%PDF-"


def _reload_urls() -> None:
    import enablement.urls

    importlib.reload(enablement.urls)
    clear_url_caches()


@pytest.fixture(params=[True, False], ids=["debug-on", "debug-off"])
def debug(request, settings):
    """The URLconf as ``make run`` (DEBUG on) and production (off) build it at start-up."""
    original = settings.DEBUG
    settings.DEBUG = request.param
    _reload_urls()
    yield request.param
    settings.DEBUG = original
    _reload_urls()


def _attached(factory, pdf_bytes, name: str, **kwargs):
    document = document_create(stream=io.BytesIO(pdf_bytes), filename=f"{name}.pdf", title=name)
    return factory(title=f"{name} asset", attachment=document, **kwargs)


@pytest.fixture
def forbidden_assets(library, marketing_user, pdf_bytes) -> dict[str, AssetPage]:
    """One asset per way of being off-limits to a Sales rep outside Managers."""
    restricted = _attached(CaseStudyPageFactory, pdf_bytes, "restricted", groups=[MANAGERS])
    draft = _attached(PresentationPageFactory, pdf_bytes, "draft", live=False)
    retired = _attached(ObjectionPageFactory, pdf_bytes, "retired")
    asset_retire(asset=retired, user=marketing_user, reason="Withdrawn by the customer")
    expired = _attached(CaseStudyPageFactory, pdf_bytes, "expired")
    # expire_at passed, but Wagtail's scheduler has not unpublished it yet
    AssetPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    return {"restricted": restricted, "draft": draft, "retired": retired, "expired": expired}


def _file_urls(asset: AssetPage) -> list[str]:
    document = asset.attachment
    return [
        f"/media/{document.file.name}",
        f"/media/images/../{document.file.name}",
        document.url,  # Wagtail's /documents/<id>/<name>
        f"/library/assets/{asset.pk}/download/",
    ]


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_no_bytes_of_a_forbidden_file_through_any_url(client, debug, forbidden_assets, sales_user):
    leaks = []
    for who in ("anonymous", "sales"):
        # given
        client.logout()
        if who == "sales":
            client.force_login(sales_user)
        for state, asset in forbidden_assets.items():
            for url in _file_urls(asset):
                # when
                response = client.get(url)
                # then
                if response.status_code == 200 or PDF_MAGIC in _body(response):
                    leaks.append(f"{who} got the {state} asset's file from {url}")
    assert leaks == []


def test_a_visible_live_file_is_served_through_the_checked_routes(
    client, debug, library, sales_user, pdf_bytes
):
    asset = _attached(CaseStudyPageFactory, pdf_bytes, "public")
    client.force_login(sales_user)
    for url in (asset.attachment.url, f"/library/assets/{asset.pk}/download/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _body(response).startswith(PDF_MAGIC), url
    # ...but never as plain media, even to someone who may see it
    assert client.get(f"/media/{asset.attachment.file.name}").status_code == 404


def test_other_media_is_still_served_in_development(client, settings, png_bytes):
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "logo.png").write_bytes(png_bytes)
    settings.DEBUG = True
    _reload_urls()
    try:
        response = client.get("/media/images/logo.png")
        assert response.status_code == 200
        assert _body(response) == png_bytes
        settings.DEBUG = False
        assert client.get("/media/images/logo.png").status_code == 404
    finally:
        settings.DEBUG = False
        _reload_urls()


def test_marketing_downloads_any_attachment_through_wagtail_for_authoring(
    client, forbidden_assets, marketing_user
):
    client.force_login(marketing_user)
    for asset in forbidden_assets.values():
        response = client.get(asset.attachment.url)
        assert response.status_code == 200
        assert _body(response).startswith(PDF_MAGIC)
