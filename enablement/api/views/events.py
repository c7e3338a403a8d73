"""``POST /api/v1/events/``: batches of usage events, validated per item, stored durably."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from enablement.api.errors import errors_response
from enablement.api.permissions import IsLibraryMember
from enablement.tracking.services import MAX_BATCH, usage_events_ingest


@extend_schema(
    tags=["events"],
    summary="Record usage events (at most 1,000 per request; idempotent by event_id)",
    description=(
        "Each item is validated on its own; a bad item is listed in `rejected` with its "
        "`index`, its `event_id` (when a string, cut to 100 characters) and `errors` "
        "naming the field, and the others are stored. Limits: `occurred_at` is ISO 8601 "
        "with a zone (`Z` or an offset), not before 2000-01-01 and at most 5 minutes "
        "ahead of the server; `metadata` is an object nested at most 5 levels, at most "
        "4,096 bytes as compact UTF-8 JSON, numbers finite and within 64 bits; no text "
        "may contain NUL characters. `deal_id` must be one of your own open deals, "
        "unless you are an integration user (`tracking.change_deal`, Managers, "
        "superusers), who may link any deal, open or closed, to backfill history. The "
        "whole body is a 400 only when it is not JSON (including nesting too deep to "
        "parse), larger than the upload limit, not an object with an `events` list, or "
        "longer than 1,000 events."
    ),
    request=OpenApiTypes.OBJECT,
    responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    examples=[
        OpenApiExample(
            "One event",
            request_only=True,
            value={
                "events": [
                    {
                        "event_id": "0b6f7a62-3f4e-4a43-9d55-1c6f2f3f9a10",
                        "asset_id": 42,
                        "kind": "present",
                        "occurred_at": "2025-03-01T10:15:00Z",
                        "deal_id": "006Qy00000AbCdE",
                        "metadata": {"source": "crm-plugin"},
                    }
                ]
            },
        ),
        OpenApiExample(
            "Answer",
            response_only=True,
            value={
                "accepted": 997,
                "duplicates": 0,
                "rejected": [
                    {"index": 12, "event_id": "x", "errors": {"event_id": ["Not a valid UUID."]}}
                ],
            },
        ),
    ],
)
class EventBatchView(APIView):
    permission_classes = [IsLibraryMember]

    def post(self, request):
        data = request.data
        if not isinstance(data, dict) or "events" not in data:
            return errors_response({"events": ["This field is required."]})
        events = data["events"]
        if not isinstance(events, list):
            return errors_response({"events": ["Must be a list of event objects."]})
        if len(events) > MAX_BATCH:
            return errors_response(
                {"events": [f"At most {MAX_BATCH} events per request, got {len(events)}."]}
            )
        result = usage_events_ingest(user=request.user, items=events)
        return Response(
            {
                "accepted": result.accepted,
                "duplicates": result.duplicates,
                "rejected": result.rejected,
            }
        )
