"""``GET /api/v1/plays/`` and ``GET /api/v1/plays/{id}/``: live plays, each item filtered
for the caller (``content.plays``), so a CRM sidebar can show the play for a deal."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from content.models import PlayPage
from content.plays import play_items_for, plays_for_deal, plays_live
from enablement.api.errors import errors_response
from enablement.api.permissions import IsLibraryMember

FILTER_MAX = 100
LIST_MAX = 200


class PlaySummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    situation = serializers.ChoiceField(choices=PlayPage.Situation.choices)
    segment = serializers.CharField(allow_null=True, source="segment.name", default=None)
    stage = serializers.CharField(allow_null=True, source="stage.name", default=None)
    url = serializers.SerializerMethodField()
    review_by = serializers.DateField(allow_null=True)

    def get_url(self, play: PlayPage) -> str:
        return play.get_url(request=self.context.get("request")) or ""


class PlayItemAssetSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    type = serializers.CharField(source="asset_type")
    url = serializers.SerializerMethodField()

    def get_url(self, asset) -> str:
        return asset.get_url(request=self.context.get("request")) or ""


class PlayItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    asset = PlayItemAssetSerializer()
    guidance = serializers.CharField()
    replaces = serializers.CharField(
        source="replaced", help_text="Title of the retired asset this one replaces, or empty."
    )
    flagged = serializers.BooleanField(
        help_text="Retired with no replacement: shown to the play's editors only."
    )


class PlayDetailSerializer(PlaySummarySerializer):
    items = PlayItemSerializer(many=True, source="visible_items")


class PlayListResponse(serializers.Serializer):
    results = PlaySummarySerializer(many=True)


def _filter(request, name: str) -> tuple[str | None, list[str] | None]:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None, None
    if len(value) > FILTER_MAX or "\x00" in value:
        return None, [f"At most {FILTER_MAX} characters, no NUL."]
    return value, None


@extend_schema(
    tags=["plays"],
    summary="Live plays; with segment and/or stage, those matching a deal, best first",
    parameters=[
        OpenApiParameter("segment", OpenApiTypes.STR, description="A deal's segment name."),
        OpenApiParameter("stage", OpenApiTypes.STR, description="A deal's stage name."),
    ],
    responses={200: PlayListResponse},
)
class PlayListView(APIView):
    permission_classes = [IsLibraryMember]

    def get(self, request):
        segment, segment_errors = _filter(request, "segment")
        stage, stage_errors = _filter(request, "stage")
        errors = {
            name: messages
            for name, messages in (("segment", segment_errors), ("stage", stage_errors))
            if messages
        }
        if errors:
            return errors_response(errors)
        if segment or stage:
            plays = plays_for_deal(user=request.user, segment=segment, stage=stage, limit=LIST_MAX)
        else:
            plays = list(
                plays_live().select_related("segment", "stage").order_by("title")[:LIST_MAX]
            )
        data = PlaySummarySerializer(plays, many=True, context={"request": request}).data
        return Response({"results": data})


@extend_schema(
    tags=["plays"],
    summary="One live play with the items the caller may see, in order",
    responses={200: PlayDetailSerializer},
)
class PlayDetailView(APIView):
    permission_classes = [IsLibraryMember]

    def get(self, request, pk: int):
        if pk > 2**63 - 1:
            raise Http404("No such play.")
        play = plays_live().select_related("segment", "stage").filter(pk=pk).first()
        if play is None:
            raise Http404("No such play.")
        play.visible_items = play_items_for(play=play, user=request.user)
        return Response(PlayDetailSerializer(play, context={"request": request}).data)
