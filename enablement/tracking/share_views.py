"""The prospect's side of share links (no login): the shared asset with its page viewer,
page images keyed by the link, the file (when the sharer allowed it), and the viewer's
page timings. Every request resolves the link again, so a revoked or expired link, or an
asset no longer live or visible to the sharer, stops serving at once."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from content.previews import (
    IMAGE_SIZES,
    PAGE,
    THUMBNAIL,
    asset_preview_page,
    asset_preview_pages,
    asset_preview_through,
)
from content.rendering import IMAGE_CONTENT_TYPE
from content.selectors import asset_prospect_fields
from content.views import page_image_response
from enablement.tracking import selectors, services
from enablement.tracking.services.engagement import (
    engagement_batch_read,
    engagement_record,
    last_page_number,
)
from enablement.tracking.watermark import watermarked_page, watermarked_pdf

MAX_NUMBER = 2**31 - 1
# -- the prospect's side (no login) --------------------------------------------------------

UNAVAILABLE_MESSAGES = {
    selectors.ShareLinkState.UNKNOWN: (
        404,
        gettext_lazy("This link is not valid"),
        gettext_lazy("Check that you copied the whole address."),
    ),
    selectors.ShareLinkState.EXPIRED: (
        410,
        gettext_lazy("This link has expired"),
        gettext_lazy("Ask your contact for a new link."),
    ),
    selectors.ShareLinkState.REVOKED: (
        410,
        gettext_lazy("This link is no longer available"),
        gettext_lazy("Your contact has withdrawn it; ask them for a new link."),
    ),
    selectors.ShareLinkState.UNAVAILABLE: (
        410,
        gettext_lazy("This content is no longer available"),
        gettext_lazy("Your contact can send you an up-to-date version."),
    ),
}

# Retired or expired with nothing to show instead. Neither the title nor the reason is
# shown: reasons are marketing's internal notes, and content is sometimes retired because
# it must no longer be seen (a customer withdrew a case study, say).
RETIRED_MESSAGES = {
    "retired": (
        gettext_lazy("This content has been retired"),
        gettext_lazy(
            "It is no longer current, so it is not shown any more. "
            "Your contact can send you up-to-date material."
        ),
    ),
    "expired": (
        gettext_lazy("This content has expired"),
        gettext_lazy(
            "It was only valid for a limited time. Your contact can send you up-to-date material."
        ),
    ),
}


def _sharer_language(link) -> str:
    """The prospect's pages speak the language the link was shared in (else the browser's)."""
    return (link.language if link else "") or translation.get_language()


def _unavailable(request, resolution):
    with translation.override(_sharer_language(resolution.link)):
        return _unavailable_page(request, resolution)


def _unavailable_page(request, resolution):
    contact = resolution.link.created_by if resolution.link else None
    if resolution.state is selectors.ShareLinkState.RETIRED:
        status = 410
        heading, advice = RETIRED_MESSAGES.get(resolution.retired_kind, RETIRED_MESSAGES["retired"])
    else:
        status, heading, advice = UNAVAILABLE_MESSAGES[resolution.state]
    return render(
        request,
        "tracking/share_unavailable.html",
        {"heading": heading, "advice": advice, "contact": contact},
        status=status,
    )


def _viewer_is_sharer(request, link) -> bool:
    """The rep previewing their own link: shown, never counted as the prospect."""
    return request.user.is_authenticated and request.user.pk == link.created_by_id


def _shows_pages(asset) -> bool:
    return "attachment" in asset_prospect_fields(asset=asset) and bool(asset.attachment_id)


def share_preview(*, asset, token: str) -> dict:
    """What the prospect's viewer shows: ``asset_preview`` with page images served
    through the link (``share:page-image``), never the library's checked view."""
    return asset_preview_through(
        asset=asset,
        page_url=lambda number, size: reverse("share:page-image", args=[token, number, size]),
    )


@never_cache
@require_GET
def share_view(request, token: str):
    """The shared asset, or the live replacement of a retired or expired one (same URL, so
    the link keeps working and its download follows; the open counts for what was shown)."""
    resolution = selectors.share_link_resolve(token=token)
    if not resolution.shows_asset:
        return _unavailable(request, resolution)
    link = resolution.link
    asset = resolution.asset
    by_sharer = _viewer_is_sharer(request, link)
    if not by_sharer:
        services.share_link_open(share_link=link, asset=asset)
    fields = asset_prospect_fields(asset=asset)
    with translation.override(_sharer_language(link)):
        return _share_page(
            request, resolution, link=link, token=token, fields=fields, by_sharer=by_sharer
        )


def _share_page(request, resolution, *, link, token: str, fields, by_sharer: bool):
    asset = resolution.asset
    return render(
        request,
        "tracking/share_view.html",
        {
            "asset": asset,
            "fields": fields,
            "link": link,
            "token": token,
            "sender": link.created_by,
            "replaced": resolution.state is selectors.ShareLinkState.REPLACED,
            "viewer_preview": (
                share_preview(asset=asset, token=token) if _shows_pages(asset) else None
            ),
            "download_url": (
                reverse("share:download", args=[token])
                if link.allow_download and "attachment" in fields
                else ""
            ),
            "watermark": link.watermark,
            "engagement_url": "" if by_sharer else reverse("share:engagement", args=[token]),
        },
    )


def _live_resolution(token: str):
    resolution = selectors.share_link_resolve(token=token)
    if not resolution.shows_asset:
        raise Http404("This link no longer works.")
    return resolution


@never_cache
@require_GET
def share_page_image(request, token: str, number: int, size: str):
    """A page image through a share link: the link must be live now (not revoked or
    expired, the asset live and still visible to the sharer). With a watermark on the
    link the image has it drawn in. Cached privately and briefly, like the library's."""
    if size not in IMAGE_SIZES or number > MAX_NUMBER:
        raise Http404("No such page.")
    resolution = _live_resolution(token)
    asset = resolution.asset
    if not _shows_pages(asset):
        raise Http404("No such page.")
    page = asset_preview_page(asset=asset, number=number)
    link = resolution.link
    if page is None or not link.watermark:
        response = page_image_response(page, size)
    else:
        field = page.thumbnail if size == THUMBNAIL else page.image
        try:
            name = watermarked_page(link=link, page=page, size=size, field=field)
            stream = default_storage.open(name, "rb")
        except OSError as error:
            raise Http404("The page image is missing.") from error
        response = FileResponse(stream, content_type=IMAGE_CONTENT_TYPE)
        response["X-Content-Type-Options"] = "nosniff"
    # never_cache: no-store, so a revoked link stops showing pages at once, even from
    # the prospect's own browser cache.
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_GET
def share_download(request, token: str):
    resolution = selectors.share_link_resolve(token=token)
    if not resolution.shows_asset:
        return _unavailable(request, resolution)
    link = resolution.link
    asset = resolution.asset
    document = asset.attachment
    if not link.allow_download or "attachment" not in asset_prospect_fields(asset=asset):
        raise Http404("No file")
    if document is None or not document.file:
        raise Http404("No file")
    if link.watermark:
        return _watermarked_download(request, link=link, asset=asset, document=document)
    if not _viewer_is_sharer(request, link):
        services.share_link_open(share_link=link, asset=asset, download=True)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


def _watermarked_download(request, *, link, asset, document):
    """A PDF of the watermarked pages; never the unmarked original."""

    pages = asset_preview_pages(asset=asset)
    if not pages:
        raise Http404("The watermarked file is being prepared; try again in a few minutes.")
    images = []
    try:
        for page in pages:
            name = watermarked_page(link=link, page=page, size=PAGE, field=page.image)
            with default_storage.open(name, "rb") as stream:
                images.append(stream.read())
    except OSError as error:  # revoked meanwhile, or a page image gone
        raise Http404("The watermarked file is unavailable.") from error
    if not _viewer_is_sharer(request, link):
        services.share_link_open(share_link=link, asset=asset, download=True)
    stem = document.filename.rsplit(".", 1)[0] or "document"
    response = HttpResponse(watermarked_pdf(images), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem[:80]}.pdf"'
    return response


def _bad_request(errors: dict, **extra) -> JsonResponse:
    return JsonResponse({"ok": False, "errors": errors, **extra}, status=400)


@csrf_exempt  # no cookie authenticates this: the unguessable token in the URL does
@never_cache
@require_POST
def share_engagement(request, token: str):
    """Page timings from the prospect's viewer: ``{"batch_id", "items": [{"page",
    "seconds"}]}``. 400 naming the field for a bad batch or when every item is bad; one
    bad item among good ones is listed in ``rejected`` and the rest stored. Repeating a
    ``batch_id`` stores nothing more (``duplicate: true``)."""
    resolution = selectors.share_link_resolve(token=token)
    if not resolution.shows_asset:
        return JsonResponse(
            {"ok": False, "errors": {"token": [_("This link no longer works.")]}}, status=410
        )
    link, asset = resolution.link, resolution.asset
    if _viewer_is_sharer(request, link):
        return JsonResponse({"ok": True, "accepted": 0, "ignored": "sharer"})
    page_count = last_page_number(asset.attachment_id) if _shows_pages(asset) else 0
    batch = engagement_batch_read(request.body, page_count=page_count)
    if batch.errors:
        return _bad_request(batch.errors)
    if not batch.pages:
        return _bad_request({"items": [_("No valid item.")]}, rejected=batch.rejected)
    visit, created = engagement_record(
        link=link, asset=asset, batch_id=batch.batch_id, pages=batch.pages
    )
    return JsonResponse(
        {
            "ok": True,
            "accepted": len(batch.pages) if created else 0,
            "duplicate": not created,
            "rejected": batch.rejected,
            "visit": visit.pk,
        }
    )
