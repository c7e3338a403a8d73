"""The rep's room pages (under /library/rooms/): my rooms, create, edit, detail, actions.

Thin: ownership and deals from selectors, writes in services. Someone else's room is a
404, as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from content.selectors import user_is_library_member
from enablement.rooms import selectors, services
from enablement.rooms.forms import RoomForm
from enablement.tracking.services import SHARE_LINK_DAY_CHOICES, SHARE_LINK_DEFAULT_DAYS

NEW_LINK_SESSION_KEY = "rooms:new-link"


def _member(request) -> None:
    if not user_is_library_member(user=request.user):
        raise PermissionDenied(_("Deal rooms are for the library's members."))


def _own_room(request, pk):
    _member(request)
    room = selectors.room_for_owner(user=request.user, room_id=pk)
    if room is None:
        raise Http404(_("No such room."))
    return room


def _remember_link(request, room, token: str) -> None:
    """The link is shown once, on the next page (only its hash is stored)."""
    request.session[NEW_LINK_SESSION_KEY] = {
        "room": room.pk,
        "url": request.build_absolute_uri(reverse("room:page", args=[token])),
    }


def _detail(room):
    return HttpResponseRedirect(reverse("rooms:detail", args=[room.pk]))


@login_required
def room_list(request):
    _member(request)
    rooms = selectors.rooms_for_user(user=request.user)[:200]
    return render(request, "rooms/room_list.html", {"rooms": rooms})


@login_required
@require_http_methods(["GET", "POST"])
def room_create(request):
    _member(request)
    initial = {}
    if request.GET.get("asset"):
        initial["items"] = [request.GET["asset"]]
    form = RoomForm(request.POST or None, user=request.user, creating=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            room, token = services.room_create(
                user=request.user,
                deal=data["deal"],
                title=data["title"],
                note=data["note"],
                assets=list(data["items"]),
                expires_in_days=data["expires_in_days"],
                email_gate=data["email_gate"],
                allow_download=data["allow_download"],
            )
        except services.RoomError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            _remember_link(request, room, token)
            messages.success(request, _("Room created. Copy its link below."))
            return _detail(room)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "rooms/room_form.html",
        {"form": form, "room": None, "day_choices": SHARE_LINK_DAY_CHOICES},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def room_edit(request, pk: int):
    room = _own_room(request, pk)
    current = [item.asset_id for item in room.items.all()]
    form = RoomForm(
        request.POST or None,
        user=request.user,
        creating=False,
        initial={
            "title": room.title,
            "note": room.note,
            "email_gate": room.email_gate,
            "allow_download": room.allow_download,
            "items": current,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.room_update(
            room=room,
            user=request.user,
            title=data["title"],
            note=data["note"],
            email_gate=data["email_gate"],
            allow_download=data["allow_download"],
        )
        chosen = [asset.pk for asset in data["items"]]
        # Only items the form offered can be unticked: a retired item (shown as its
        # replacement, or hidden) stays until it is removed on the room's page.
        offered = set(
            form.fields["items"].queryset.filter(pk__in=current).values_list("pk", flat=True)
        )
        for asset_id in offered - set(chosen):
            services.room_item_remove(room=room, user=request.user, asset_id=asset_id)
        for asset in data["items"]:
            if asset.pk not in current:
                try:
                    services.room_item_add(room=room, user=request.user, asset=asset)
                except services.RoomError as error:
                    messages.error(request, error.message)
        messages.success(request, _("Room saved."))
        return _detail(room)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "rooms/room_form.html",
        {"form": form, "room": room, "day_choices": SHARE_LINK_DAY_CHOICES},
        status=status,
    )


@login_required
def room_detail(request, pk: int):
    room = _own_room(request, pk)
    new_link = request.session.pop(NEW_LINK_SESSION_KEY, None)
    if new_link and new_link.get("room") != room.pk:
        new_link = None
    shown = {entry.item.pk: entry for entry in selectors.room_items_shown(room=room)}
    items = room.items.select_related("asset").order_by("position", "pk")
    return render(
        request,
        "rooms/room_detail.html",
        {
            "room": room,
            "items": [(item, shown.get(item.pk)) for item in items],
            "activity": selectors.room_activity(room=room),
            "new_link": new_link["url"] if new_link else "",
            "day_choices": SHARE_LINK_DAY_CHOICES,
            "default_days": SHARE_LINK_DEFAULT_DAYS,
        },
    )


@login_required
@require_POST
def room_revoke(request, pk: int):
    room = _own_room(request, pk)
    services.room_revoke(room=room, user=request.user)
    messages.success(request, _("The room's link no longer works."))
    return _detail(room)


@login_required
@require_POST
def room_renew(request, pk: int):
    room = _own_room(request, pk)
    try:
        days = int(request.POST.get("expires_in_days") or SHARE_LINK_DEFAULT_DAYS)
        room, token = services.room_link_renew(room=room, user=request.user, expires_in_days=days)
    except (ValueError, OverflowError):
        messages.error(request, _("Choose how long the link lasts."))
    except services.RoomError as error:
        messages.error(request, error.message)
    else:
        _remember_link(request, room, token)
        messages.success(request, _("New link created; the old one no longer works."))
    return _detail(room)


@login_required
@require_POST
def room_item_move(request, pk: int, item_id: int):
    room = _own_room(request, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.room_item_move(room=room, user=request.user, item_id=item_id, offset=offset)
    return _detail(room)


@login_required
@require_POST
def room_item_remove(request, pk: int, item_id: int):
    room = _own_room(request, pk)
    item = room.items.filter(pk=item_id).first()
    if item is not None:
        services.room_item_remove(room=room, user=request.user, asset_id=item.asset_id)
        messages.success(request, _("Item removed."))
    return _detail(room)
