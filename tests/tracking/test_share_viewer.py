"""The prospect's viewer: page images through the share link (live links only), download
only when allowed, watermarks drawn into the pixels, and the first-open signal."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageChops

from content.models import DocumentPage
from enablement.governance.services import asset_retire
from enablement.tracking.models import ShareLink, UsageEvent
from enablement.tracking.signals import share_link_first_opened
from tests.tracking.share_world import rendered_deck, shared_deck

pytestmark = pytest.mark.django_db


def _image(response) -> Image.Image:
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def shared(library, sales_user):
    return shared_deck(sales_user)


def test_the_share_page_shows_the_viewer_with_images_through_the_link(client, shared):
    deck, _link, token = shared
    response = client.get(f"/share/{token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-viewer" in html and f"/share/{token}/engagement/" in html
    assert f"/share/{token}/pages/3/page/" in html
    assert f"/library/assets/{deck.pk}/pages/" not in html  # never the library's view
    image = client.get(f"/share/{token}/pages/2/page/")
    assert image.status_code == 200 and image["Content-Type"] == "image/webp"
    assert "no-store" in image["Cache-Control"]
    assert _image(image).width == 1400
    assert client.get(f"/share/{token}/pages/1/thumbnail/").status_code == 200


@pytest.mark.parametrize(
    "path", ["pages/4/page/", "pages/0/page/", "pages/1/huge/", "pages/99999999999/page/"]
)
def test_no_such_page_or_size_is_404(client, shared, path):
    _, _, token = shared
    assert client.get(f"/share/{token}/{path}").status_code == 404


def test_a_revoked_link_stops_serving_page_images_at_once(client, shared, sales_user):
    _, link, token = shared
    assert client.get(f"/share/{token}/pages/1/page/").status_code == 200
    client.force_login(sales_user)
    client.post(f"/library/share-links/{link.pk}/revoke/")
    client.logout()
    for size in ("page", "thumbnail"):
        response = client.get(f"/share/{token}/pages/1/{size}/")
        assert response.status_code == 404
        assert response.get("Content-Type") != "image/webp"


def test_an_expired_link_or_a_retired_deck_serves_no_pages(client, shared, marketing_user):
    deck, _link, token = shared
    asset_retire(asset=deck, user=marketing_user, reason="Old pricing")
    assert client.get(f"/share/{token}/pages/1/page/").status_code == 404
    assert client.get("/share/wrong-token/pages/1/page/").status_code == 404


def test_a_deck_the_sharer_may_no_longer_see_serves_no_pages(client, shared):
    from django.contrib.auth.models import Group

    from content.groups import MANAGERS

    deck, _, token = shared
    assert client.get(f"/share/{token}/pages/1/page/").status_code == 200
    deck.visibility = deck.Visibility.RESTRICTED  # now only Managers; the rep is in Sales
    deck.save(update_fields=["visibility"])
    deck.visible_to_groups.set(Group.objects.filter(name=MANAGERS))
    assert client.get(f"/share/{token}/pages/1/page/").status_code == 404


def test_download_is_allowed_by_default_and_refused_when_the_sharer_said_no(
    client, library, sales_user
):
    _, _, open_token = shared_deck(sales_user)
    assert client.get(f"/share/{open_token}/file/").status_code == 200
    assert b"/file/" in client.get(f"/share/{open_token}/").content
    _, _, closed_token = shared_deck(sales_user, allow_download=False)
    page = client.get(f"/share/{closed_token}/")
    assert page.status_code == 200 and b"/file/" not in page.content
    assert client.get(f"/share/{closed_token}/file/").status_code == 404
    assert not UsageEvent.objects.filter(kind="download", metadata__prospect=True).count() > 1


def test_the_share_form_sets_download_and_watermark(client, library, sales_user):
    from tests.tracking.factories import DealFactory

    deck = rendered_deck()
    deal = DealFactory(owner=sales_user)
    client.force_login(sales_user)
    # the page sends a hidden "0" and the ticked box's "1": ticked wins
    response = client.post(
        f"/library/assets/{deck.pk}/share/",
        {"deal_id": deal.pk, "allow_download": ["0"], "watermark": "  ann@globex.test "},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    link = ShareLink.objects.get()
    assert (link.allow_download, link.watermark) == (False, "ann@globex.test")
    client.post(
        f"/library/assets/{deck.pk}/share/",
        {"deal_id": deal.pk, "allow_download": ["0", "1"]},
        HTTP_ACCEPT="application/json",
    )
    assert ShareLink.objects.latest("pk").allow_download is True
    client.post(f"/library/assets/{deck.pk}/share/", {"deal_id": deal.pk})
    assert ShareLink.objects.latest("pk").allow_download is True  # an old client: as before


@pytest.mark.parametrize(
    "field,value",
    [
        ("watermark", "x" * 101),
        ("watermark", "ann\x00@globex"),
        ("allow_download", "yes please"),
        ("allow_download", "'; DROP TABLE"),
    ],
)
def test_hostile_share_form_values_are_400_naming_the_field(
    client, library, sales_user, field, value
):
    from tests.tracking.factories import DealFactory

    deck = rendered_deck()
    deal = DealFactory(owner=sales_user)
    client.force_login(sales_user)
    response = client.post(
        f"/library/assets/{deck.pk}/share/",
        {"deal_id": deal.pk, field: value},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not ShareLink.objects.exists()


def test_a_watermark_is_drawn_into_the_image_and_cached_per_link(client, library, sales_user):
    deck = rendered_deck()
    _, plain_link, plain = shared_deck(sales_user, deck=deck)
    _, link, marked = shared_deck(sales_user, deck=deck, watermark="ann@globex.test")
    original = _image(client.get(f"/share/{plain}/pages/1/page/")).convert("RGB")
    stamped = _image(client.get(f"/share/{marked}/pages/1/page/")).convert("RGB")
    assert stamped.size == original.size
    difference = ImageChops.difference(original, stamped).getbbox()
    assert difference is not None  # pixels changed: the mark is in the image itself
    stored = default_storage.listdir(f"previews/watermarked/{link.pk}")[1]
    assert len(stored) == 1
    client.get(f"/share/{marked}/pages/1/page/")
    assert default_storage.listdir(f"previews/watermarked/{link.pk}")[1] == stored
    assert not default_storage.exists(f"previews/watermarked/{plain_link.pk}")


def test_a_watermarked_download_is_a_pdf_of_marked_pages_never_the_original(
    client, library, sales_user
):
    deck, _, token = shared_deck(sales_user, watermark="Globex renewal")
    response = client.get(f"/share/{token}/file/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.content
    with deck.attachment.file.open("rb") as original:
        assert data != original.read()
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) == DocumentPage.objects.filter(document=deck.attachment).count() == 3


def test_first_open_sends_the_signal_once_after_commit(
    client, shared, sales_user, django_capture_on_commit_callbacks
):
    _, link, token = shared
    received = []

    def receiver(sender, link, opened_at, **kwargs):
        received.append((link.pk, opened_at))

    share_link_first_opened.connect(receiver)
    try:
        client.force_login(sales_user)  # the sharer's own preview is not an open
        with django_capture_on_commit_callbacks(execute=True):
            client.get(f"/share/{token}/")
        assert received == []
        client.logout()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            client.get(f"/share/{token}/")
        assert len(received) == 1 and received[0][0] == link.pk
        assert callbacks  # sent from on_commit, not inline
        with django_capture_on_commit_callbacks(execute=True):
            client.get(f"/share/{token}/")
        assert len(received) == 1
    finally:
        share_link_first_opened.disconnect(receiver)
    link.refresh_from_db()
    assert link.opens == 2


def test_a_failing_receiver_never_breaks_the_prospect_page(
    client, shared, django_capture_on_commit_callbacks
):
    _, _, token = shared

    def broken(**kwargs):
        raise RuntimeError("mail server down")

    share_link_first_opened.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(f"/share/{token}/")
    finally:
        share_link_first_opened.disconnect(broken)
    assert response.status_code == 200
