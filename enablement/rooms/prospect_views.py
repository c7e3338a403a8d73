"""The prospect's room page (no login): the room, its items, their page images and files.

Every view resolves the token first: a revoked or expired room serves nothing at once.
Where the room asks for an email address, nothing but the gate is served until the
visitor gives one (kept in their session). The owner's own look (signed in) is a preview:
no gate, nothing recorded.
"""

from __future__ import annotations

import uuid

from django.http import (
    FileResponse,
    Http404,
    HttpResponseForbidden,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from content.previews import IMAGE_SIZES, THUMBNAIL, asset_preview_page, asset_preview_through
from content.views import page_image_response
from enablement.rooms import selectors, services
from enablement.rooms.forms import EmailGateForm
from enablement.tracking.services.engagement import engagement_batch_read, last_page_number

MAX_PAGE_NUMBER = 2**31 - 1


def _unavailable_messages():
    return {
        selectors.RoomState.UNKNOWN: (
            404,
            _("This link is not valid"),
            _("Check that you copied the whole address."),
        ),
        selectors.RoomState.EXPIRED: (
            410,
            _("This link has expired"),
            _("Ask your contact for a new link."),
        ),
        selectors.RoomState.REVOKED: (
            410,
            _("This room is no longer available"),
            _("Your contact has withdrawn it; ask them for a new link."),
        ),
        selectors.RoomState.UNAVAILABLE: (
            410,
            _("This room is no longer available"),
            _("Ask your contact for a new link."),
        ),
    }


def _unavailable(request, resolution):
    status, heading, advice = _unavailable_messages()[resolution.state]
    return render(
        request,
        "tracking/share_unavailable.html",
        {"heading": heading, "advice": advice, "contact": None},
        status=status,
    )


def _is_preview(request, room) -> bool:
    return request.user.is_authenticated and request.user.pk == room.owner_id


def _email_key(room) -> str:
    return f"rooms:{room.pk}:email"


def _visitor(request, room) -> tuple[str, str] | None:
    """``(visitor_key, email)`` of this browser for the room, or ``None`` while the room's
    email gate is still closed for it."""
    email = request.session.get(_email_key(room), "")
    if room.email_gate:
        if not email:
            return None
        return services.visitor_key_for_email(email), email
    session_key = f"rooms:{room.pk}:visitor"
    if session_key not in request.session:
        request.session[session_key] = uuid.uuid4().hex
    return f"session:{request.session[session_key]}", ""


def _resolve(token):
    resolution = selectors.room_resolve(token=token)
    return resolution, resolution.room


def _page_urls(token, entry, number):
    args = [token, entry.item.pk, number]
    return {
        "thumbnail_url": reverse("room:page-image", args=[*args, "thumbnail"]),
        "image_url": reverse("room:page-image", args=[*args, "page"]),
    }


def _shows_pages(entry) -> bool:
    return "attachment" in entry.fields and bool(entry.asset.attachment_id)


def _can_download(room, entry) -> bool:
    attachment = entry.asset.attachment if entry.asset.attachment_id else None
    return bool(
        room.allow_download
        and "attachment" in entry.fields
        and attachment is not None
        and attachment.file
    )


@never_cache
@require_http_methods(["GET", "POST"])
def room_page(request, token: str):
    resolution, room = _resolve(token)
    if not resolution.serves:
        return _unavailable(request, resolution)
    preview = _is_preview(request, room)
    form = None
    if room.email_gate and not preview:
        if request.method == "POST":
            form = EmailGateForm(request.POST)
            if form.is_valid():
                request.session[_email_key(room)] = form.cleaned_data["email"].strip().lower()
                return HttpResponseRedirect(reverse("room:page", args=[token]))
        elif not request.session.get(_email_key(room)):
            form = EmailGateForm()
        if form is not None:
            return render(
                request,
                "rooms/prospect_gate.html",
                {"room": room, "form": form, "sender": room.owner},
                status=400 if request.method == "POST" else 200,
            )
    elif request.method == "POST":
        return HttpResponseRedirect(reverse("room:page", args=[token]))
    shown = selectors.room_items_shown(room=room)
    if not preview:
        visitor_key, email = _visitor(request, room)
        services.room_open(room=room, visitor_key=visitor_key, email=email, shown_items=shown)
    for entry in shown:
        if entry.thumbnail:
            entry.extra = _page_urls(token, entry, 1)
    return render(
        request,
        "rooms/prospect_room.html",
        {"room": room, "shown": shown, "token": token, "sender": room.owner, "preview": preview},
    )


def _entry_or_gate(request, token, item_id):
    """The item shown through a serving room, or the response to give instead."""
    resolution, room = _resolve(token)
    if not resolution.serves:
        return None, None, None, _unavailable(request, resolution)
    preview = _is_preview(request, room)
    visitor = None if preview else _visitor(request, room)
    if not preview and visitor is None:
        return room, None, None, HttpResponseRedirect(reverse("room:page", args=[token]))
    entry = selectors.room_item_shown(room=room, item_id=item_id)
    if entry is None:
        raise Http404(_("This item is no longer in the room."))
    return room, entry, (None if preview else visitor), None


@never_cache
@require_GET
def room_item(request, token: str, item_id: int):
    room, entry, visitor, response = _entry_or_gate(request, token, item_id)
    if response is not None:
        return response
    if visitor is not None:
        key, email = visitor
        services.room_item_view(room=room, visitor_key=key, email=email, shown=entry)
    viewer_preview = None
    if _shows_pages(entry):
        viewer_preview = asset_preview_through(
            asset=entry.asset,
            page_url=lambda number, size: reverse(
                "room:page-image", args=[token, entry.item.pk, number, size]
            ),
        )
    return render(
        request,
        "rooms/prospect_item.html",
        {
            "room": room,
            "entry": entry,
            "asset": entry.asset,
            "fields": entry.fields,
            "viewer_preview": viewer_preview,
            "token": token,
            "sender": room.owner,
            # the owner's preview is not timed, as a sharer's look at their own link
            "engagement_url": (
                reverse("room:engagement", args=[token, entry.item.pk]) if visitor else ""
            ),
            "download_url": (
                reverse("room:download", args=[token, entry.item.pk])
                if _can_download(room, entry)
                else ""
            ),
        },
    )


@never_cache
@require_GET
def room_item_image(request, token: str, item_id: int, number: int, size: str):
    if size not in IMAGE_SIZES or number > MAX_PAGE_NUMBER:
        raise Http404("No such page.")
    room, entry, _visitor, response = _entry_or_gate(request, token, item_id)
    if response is not None:
        if room is not None:  # the gate is closed: no images either
            return HttpResponseForbidden(_("Give your email address on the room's page first."))
        return response
    if "attachment" not in entry.fields:
        raise Http404("No such page.")
    page = asset_preview_page(asset=entry.asset, number=number)
    return page_image_response(page, THUMBNAIL if size == THUMBNAIL else size)


@never_cache
@require_GET
def room_item_download(request, token: str, item_id: int):
    room, entry, visitor, response = _entry_or_gate(request, token, item_id)
    if response is not None:
        return response
    if not _can_download(room, entry):
        raise Http404("No file")
    if visitor is not None:
        key, email = visitor
        services.room_item_view(room=room, visitor_key=key, email=email, shown=entry, download=True)
    document = entry.asset.attachment
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


def _refused(status: int, field: str, message: str) -> JsonResponse:
    return JsonResponse({"ok": False, "errors": {field: [message]}}, status=status)


@csrf_exempt  # no cookie authenticates this: the unguessable token in the URL does
@never_cache
@require_POST
def room_item_engagement(request, token: str, item_id: int):
    """Page timings from a visitor's viewer of a room item, as a share link's
    (``{"batch_id", "items": [{"page", "seconds"}]}``): 400 naming the field for a bad
    batch, one bad item listed in ``rejected`` and the rest stored, a repeated
    ``batch_id`` stored once. The owner's preview is not counted."""
    resolution, room = _resolve(token)
    if not resolution.serves:
        return _refused(410, "token", _("This room is no longer available."))
    if _is_preview(request, room):
        return JsonResponse({"ok": True, "accepted": 0, "ignored": "owner"})
    visitor = _visitor(request, room)
    if visitor is None:
        return _refused(403, "email", _("Enter your email address to open this room first."))
    entry = selectors.room_item_shown(room=room, item_id=item_id)
    if entry is None:
        return _refused(404, "item", _("This item is no longer in the room."))
    page_count = last_page_number(entry.asset.attachment_id) if _shows_pages(entry) else 0
    batch = engagement_batch_read(request.body, page_count=page_count)
    if batch.errors:
        return JsonResponse({"ok": False, "errors": batch.errors}, status=400)
    if not batch.pages:
        return JsonResponse(
            {"ok": False, "errors": {"items": [_("No valid item.")]}, "rejected": batch.rejected},
            status=400,
        )
    visit, created = services.room_item_engagement_record(
        room=room,
        visitor_key=visitor[0],
        email=visitor[1],
        asset=entry.asset,
        batch_id=batch.batch_id,
        pages=batch.pages,
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
