"""Revoking a share link deletes the watermarked page images kept for it, and its images
stop at once; a periodic sweep deletes what a lost task or an expired link left."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from content.models import DocumentPage
from enablement.tracking.models import ShareLink
from enablement.tracking.tasks import share_link_files_sweep_task
from enablement.tracking.watermark import watermarked_page
from tests.tracking.share_world import rendered_deck, shared_deck

pytestmark = pytest.mark.django_db


def _files(link) -> list[str]:
    folder = f"previews/watermarked/{link.pk}"
    if not default_storage.exists(folder):
        return []
    return default_storage.listdir(folder)[1]


def _read_everything(client, token) -> None:
    for number in (1, 2):
        for size in ("page", "thumbnail"):
            response = client.get(f"/share/{token}/pages/{number}/{size}/")
            assert response.status_code == 200
            b"".join(response.streaming_content)
    assert client.get(f"/share/{token}/file/").status_code == 200  # the watermarked PDF


@pytest.fixture
def deck(library):
    return rendered_deck()


def test_revoking_a_link_deletes_its_watermarked_files_and_images_stop_at_once(
    client, deck, sales_user, django_capture_on_commit_callbacks
):
    # given: two watermarked links to the same deck, both read by their prospects
    _, link, token = shared_deck(sales_user, deck=deck, watermark="ann@globex.test")
    _, other, other_token = shared_deck(sales_user, deck=deck, watermark="bob@initech.test")
    _read_everything(client, token)
    _read_everything(client, other_token)
    # two pages at two sizes, and page 3 drawn for the PDF (a three-page deck)
    assert len(_files(link)) == 5 and len(_files(other)) == 5
    # when: the rep revokes the first
    client.force_login(sales_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/library/share-links/{link.pk}/revoke/")
    assert response.status_code == 302
    client.logout()
    # then: its files and folder are gone, the other link's are untouched
    assert _files(link) == []
    assert not default_storage.exists(f"previews/watermarked/{link.pk}")
    assert len(_files(other)) == 5
    # and nothing is served any more, nor drawn again
    for size in ("page", "thumbnail"):
        response = client.get(f"/share/{token}/pages/1/{size}/")
        assert response.status_code == 404
        assert response.get("Content-Type") != "image/webp"
    assert client.get(f"/share/{token}/file/").status_code != 200
    assert _files(link) == []
    assert client.get(f"/share/{other_token}/pages/1/page/").status_code == 200


def test_a_page_drawn_while_the_link_was_revoked_is_not_kept(deck, sales_user):
    _, link, _ = shared_deck(sales_user, deck=deck, watermark="ann@globex.test")
    ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    page = DocumentPage.objects.filter(document=deck.attachment).order_by("number").first()
    with pytest.raises(FileNotFoundError):
        watermarked_page(link=link, page=page, size="page", field=page.image)
    assert _files(link) == []


def test_the_sweep_deletes_files_of_links_that_no_longer_serve(client, deck, sales_user):
    _, serving, serving_token = shared_deck(sales_user, deck=deck, watermark="keep")
    _, expired, expired_token = shared_deck(sales_user, deck=deck, watermark="expired")
    _, revoked, revoked_token = shared_deck(sales_user, deck=deck, watermark="revoked")
    _, deleted, deleted_token = shared_deck(sales_user, deck=deck, watermark="deleted")
    for token in (serving_token, expired_token, revoked_token, deleted_token):
        assert client.get(f"/share/{token}/pages/1/page/").status_code == 200
    # a revoke whose delete task was lost, an expiry, a link deleted with its deal
    ShareLink.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    ShareLink.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    deleted.deal.delete()
    assert share_link_files_sweep_task.delay().get() == 3
    assert _files(expired) == _files(revoked) == _files(deleted) == []
    assert len(_files(serving)) == 1
    assert share_link_files_sweep_task.delay().get() == 0  # safe to run again
