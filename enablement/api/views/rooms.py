"""Deal rooms for their owner: ``/api/v1/rooms/`` (list, create on your own open deals),
``/api/v1/rooms/{id}/`` (read, change), its items (add, remove) and revoke. Someone else's
room is a 404. Writes go through ``enablement.rooms.services``."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from content.selectors import assets_visible_to
from enablement.api.errors import errors_response
from enablement.api.permissions import IsLibraryMember
from enablement.api.room_serializers import (
    RoomCreatedSerializer,
    RoomItemAddSerializer,
    RoomListSerializer,
    RoomSerializer,
    RoomUpdateSerializer,
    RoomWriteSerializer,
)
from enablement.rooms import selectors, services
from enablement.tracking.selectors import deals_open_for_user

TAGS = ["rooms"]


def _room_status(room) -> str:
    if room.revoked_at is not None:
        return "revoked"
    return "expired" if room.is_expired() else "active"


def room_as_json(room) -> dict:
    shown = {entry.item.pk: entry.asset.pk for entry in selectors.room_items_shown(room=room)}
    return {
        "id": room.pk,
        "title": room.title,
        "note": room.note,
        "deal": {
            "external_id": room.deal.external_id,
            "name": room.deal.name,
            "account": room.deal.account,
        },
        "status": _room_status(room),
        "created_at": room.created_at,
        "expires_at": room.expires_at,
        "revoked_at": room.revoked_at,
        "first_opened_at": room.first_opened_at,
        "email_gate": room.email_gate,
        "allow_download": room.allow_download,
        "items": [
            {
                "id": item.pk,
                "asset_id": item.asset_id,
                "title": item.asset.title,
                "position": item.position,
                "shown_asset_id": shown.get(item.pk),
            }
            for item in room.items.select_related("asset").order_by("position", "pk")
        ],
        "visitors": [
            {
                "email": row.visitor.email,
                "first_opened_at": row.visitor.first_opened_at,
                "last_opened_at": row.visitor.last_opened_at,
                "opens": row.visitor.opens,
                "viewed": [
                    {"asset_id": e.asset_id, "kind": e.kind, "occurred_at": e.occurred_at}
                    for e in row.events
                ],
            }
            for row in selectors.room_activity(room=room)
        ],
    }


def _render(room, **extra) -> dict:
    return RoomSerializer({**room_as_json(room)}).data | extra


def _object_body(request) -> Response | None:
    if not isinstance(request.data, dict):
        return errors_response({"body": ["Must be a JSON object."]})
    return None


def _unknown_fields(data: dict, serializer_class) -> Response | None:
    unknown = sorted(set(map(str, data)) - set(serializer_class().fields))
    if unknown:
        return errors_response({name[:64]: ["Unknown field."] for name in unknown[:20]})
    return None


def _validated(request, serializer_class) -> tuple[dict | None, Response | None]:
    problem = _object_body(request) or _unknown_fields(request.data, serializer_class)
    if problem is not None:
        return None, problem
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data, None


class _OwnRoomMixin:
    def own_room(self, request, pk):
        room = selectors.room_for_owner(user=request.user, room_id=pk)
        if room is None:
            raise Http404("No such room.")
        return room


class RoomListView(APIView):
    permission_classes = [IsLibraryMember]

    @extend_schema(
        tags=TAGS,
        operation_id="rooms_list",
        summary="Your deal rooms",
        responses={200: RoomListSerializer},
    )
    def get(self, request):
        rooms = selectors.rooms_for_user(user=request.user)[:200]
        return Response({"results": [_render(room) for room in rooms]})

    @extend_schema(
        tags=TAGS,
        summary="Create a deal room on one of your open deals",
        description=(
            "`deal` is the CRM id of one of **your own open** deals (anything else is a 400 "
            "naming `deal`); `items` are asset ids (live, visible to you, at most 30), in "
            "order; `expires_in_days` 1 to 90 (14 by default), as share links. The room's "
            "`url` is returned once: only a hash of its token is stored. Errors name the "
            "field; unknown fields are refused."
        ),
        request=RoomWriteSerializer,
        responses={201: RoomCreatedSerializer, 400: None},
    )
    def post(self, request):
        data, problem = _validated(request, RoomWriteSerializer)
        if problem is not None:
            return problem
        deal = deals_open_for_user(user=request.user).filter(external_id=data["deal"]).first()
        if deal is None:
            return errors_response({"deal": ["Pick one of your open deals (its CRM id)."]})
        ids = list(dict.fromkeys(data["items"]))
        assets = {a.pk: a for a in assets_visible_to(user=request.user).filter(pk__in=ids)}
        missing = [asset_id for asset_id in ids if asset_id not in assets]
        if missing:
            return errors_response(
                {"items": [f"Unknown asset, or not visible to you: {missing[0]}."]}
            )
        try:
            room, token = services.room_create(
                user=request.user,
                deal=deal,
                title=data["title"],
                note=data["note"],
                assets=[assets[asset_id] for asset_id in ids],
                expires_in_days=data["expires_in_days"],
                email_gate=data["email_gate"],
                allow_download=data["allow_download"],
            )
        except services.RoomError as error:
            return errors_response({error.field: [error.message]})
        url = request.build_absolute_uri(reverse("room:page", args=[token]))
        return Response(_render(room, url=url), status=status.HTTP_201_CREATED)


class RoomDetailView(_OwnRoomMixin, APIView):
    permission_classes = [IsLibraryMember]

    @extend_schema(
        tags=TAGS,
        summary="One of your rooms, with who opened what and when",
        responses={200: RoomSerializer, 404: None},
    )
    def get(self, request, pk: int):
        return Response(_render(self.own_room(request, pk)))

    @extend_schema(
        tags=TAGS,
        summary="Change a room's title, note, email gate or downloads",
        request=RoomUpdateSerializer,
        responses={200: RoomSerializer, 400: None, 404: None},
    )
    def patch(self, request, pk: int):
        room = self.own_room(request, pk)
        data, problem = _validated(request, RoomUpdateSerializer)
        if problem is not None:
            return problem
        if data:
            services.room_update(room=room, user=request.user, **data)
        return Response(_render(room))


class RoomItemsView(_OwnRoomMixin, APIView):
    permission_classes = [IsLibraryMember]

    @extend_schema(
        tags=TAGS,
        summary="Add an asset at the end of a room",
        request=RoomItemAddSerializer,
        responses={201: RoomSerializer, 200: RoomSerializer, 400: None, 404: None},
    )
    def post(self, request, pk: int):
        room = self.own_room(request, pk)
        data, problem = _validated(request, RoomItemAddSerializer)
        if problem is not None:
            return problem
        asset = assets_visible_to(user=request.user).filter(pk=data["asset_id"]).first()
        if asset is None:
            return errors_response({"asset_id": ["Unknown asset, or not visible to you."]})
        existed = room.items.filter(asset=asset).exists()
        try:
            services.room_item_add(room=room, user=request.user, asset=asset)
        except services.RoomError as error:
            return errors_response({"asset_id": [error.message]})
        return Response(
            _render(room), status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )


class RoomItemDetailView(_OwnRoomMixin, APIView):
    permission_classes = [IsLibraryMember]

    @extend_schema(
        tags=TAGS, summary="Take an asset out of a room", responses={204: None, 404: None}
    )
    def delete(self, request, pk: int, asset_id: int):
        room = self.own_room(request, pk)
        if asset_id > 2**31 - 1 or not services.room_item_remove(
            room=room, user=request.user, asset_id=asset_id
        ):
            raise Http404("That asset is not in this room.")
        return Response(status=status.HTTP_204_NO_CONTENT)


class RoomRevokeView(_OwnRoomMixin, APIView):
    permission_classes = [IsLibraryMember]

    @extend_schema(
        tags=TAGS,
        summary="Revoke a room's link (its page, items, images and files stop at once)",
        request=None,
        responses={200: RoomSerializer, 404: None},
    )
    def post(self, request, pk: int):
        room = self.own_room(request, pk)
        services.room_revoke(room=room, user=request.user)
        return Response(_render(room))
