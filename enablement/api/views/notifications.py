"""``GET /api/v1/notifications/``: the token's user's own notifications, read-only."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from enablement.api.errors import errors_response
from enablement.api.permissions import IsLibraryMember
from enablement.notifications.models import Notification
from enablement.notifications.selectors import (
    notifications_for_user,
    notifications_unread_count,
)

LIMIT_MAX = 100


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Notification.Kind.choices)
    title = serializers.CharField()
    body = serializers.CharField()
    url = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class NotificationListResponse(serializers.Serializer):
    unread = serializers.IntegerField()
    results = NotificationSerializer(many=True)


@extend_schema(
    tags=["notifications"],
    summary="Your notifications, unread first, then newest",
    parameters=[
        OpenApiParameter("limit", OpenApiTypes.INT, description=f"1 to {LIMIT_MAX} (20)."),
    ],
    responses={200: NotificationListResponse},
)
class NotificationListView(APIView):
    permission_classes = [IsLibraryMember]

    def get(self, request):
        raw = request.query_params.get("limit", "20")
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 3 and 1 <= int(raw) <= LIMIT_MAX):
            return errors_response({"limit": [f"A whole number from 1 to {LIMIT_MAX}."]})
        rows = notifications_for_user(user=request.user)[: int(raw)]
        return Response(
            {
                "unread": notifications_unread_count(user=request.user),
                "results": NotificationSerializer(rows, many=True).data,
            }
        )
