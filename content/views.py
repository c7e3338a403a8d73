"""Page images of attachments, served only to people who may see the asset now."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponseForbidden
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from content.models import AssetDocument, AssetPage, DocumentPage
from content.previews import IMAGE_SIZES, THUMBNAIL, asset_preview_page
from content.rendering import IMAGE_CONTENT_TYPE
from content.selectors import asset_is_visible_to, document_is_visible_to

# Private: a shared cache must never hand one person's restricted page to another. Short:
# a page that stops being visible (retired, expired, restricted) stops showing soon.
PAGE_IMAGE_MAX_AGE = 300
MAX_ID = 2**31 - 1


@require_GET
def asset_page_image(request, asset_id: int, number: int, size: str):
    """A thumbnail or readable page of an asset's attachment (``size``: thumbnail|page).

    Checked on every request with the one visibility and liveness rule: a draft, retired,
    expired or restricted asset's pages are a 404, as if they did not exist.
    """
    if not request.user.is_authenticated:
        return HttpResponseForbidden(_("Sign in to see page previews."))
    if size not in IMAGE_SIZES:
        raise Http404("No such image size.")
    if asset_id > MAX_ID or number > MAX_ID:  # past any database integer: no such page
        raise Http404("No such page.")
    asset = AssetPage.objects.filter(pk=asset_id).first()
    if asset is None or not asset_is_visible_to(asset=asset, user=request.user):
        raise Http404("No such asset, or you may not see it.")
    return page_image_response(asset_preview_page(asset=asset, number=number), size)


def page_image_response(page: DocumentPage | None, size: str) -> FileResponse:
    """The image file of a rendered ``page`` at ``size``, privately cached. Callers have
    checked who may see it."""
    if page is None:
        raise Http404("No such page.")
    field = page.thumbnail if size == THUMBNAIL else page.image
    try:
        stream = field.open("rb")
    except OSError as error:
        raise Http404("The page image is missing.") from error
    response = FileResponse(stream, content_type=IMAGE_CONTENT_TYPE)
    patch_cache_control(response, private=True, max_age=PAGE_IMAGE_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def document_page_image(request, document_id: int, number: int, size: str):
    """A page image of a document, by document (the asset editor's preview of a draft's
    attachment, before anything is published): for those who may download the file
    itself (``document_is_visible_to``: Marketing and superusers always)."""
    if size not in IMAGE_SIZES:
        raise Http404("No such image size.")
    if document_id > MAX_ID or number > MAX_ID:
        raise Http404("No such page.")
    document = AssetDocument.objects.filter(pk=document_id).first()
    if document is None or not document_is_visible_to(document=document, user=request.user):
        raise Http404("No such document, or you may not see it.")
    page = DocumentPage.objects.filter(document=document, number=number).first()
    return page_image_response(page, size)
