"""Deal upserts for CRM integrations and webhooks: ``PUT /api/v1/deals/{external_id}/`` and
``POST /api/v1/deals/`` (bulk)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from enablement.api.errors import errors_response
from enablement.tracking.models import Deal
from enablement.tracking.selectors import user_is_deal_integrator
from enablement.tracking.services import (
    MAX_BATCH,
    deal_external_id_problem,
    deal_payload_validate,
    deal_upsert,
    deals_upsert_many,
)


class CanSyncDeals(BasePermission):
    """Superusers, Managers, or an integration user given the ``tracking.change_deal``
    permission."""

    message = "Deals are written by the CRM integration (needs tracking.change_deal) or Managers."

    def has_permission(self, request, view) -> bool:
        return user_is_deal_integrator(user=request.user)


def deal_as_json(deal: Deal) -> dict:
    return {
        "external_id": deal.external_id,
        "name": deal.name,
        "account": deal.account,
        "segment": deal.segment.name if deal.segment else None,
        "stage": deal.stage.name if deal.stage else None,
        "amount": str(deal.amount),
        "currency": deal.currency,
        "owner": deal.owner.get_username() if deal.owner else None,
        "created_at": deal.created_at.isoformat(),
        "closed_at": deal.closed_at.isoformat() if deal.closed_at else None,
        "status": deal.status,
    }


@extend_schema(
    tags=["deals"],
    summary="Create or update one deal by its CRM id",
    description=(
        "Errors name the field. `external_id` at most 64 characters, `name` and `account` "
        "at most 255 (refused, never cut); `currency` an ISO 4217 code; `amount` at most "
        "999999999999.99; `created_at`/`closed_at` ISO 8601 (no zone means UTC), not "
        "before 2000-01-01 and not in the future (5 minutes of clock skew allowed); "
        "`closed_at` required for won/lost and empty for open deals; no NUL characters."
    ),
    request=OpenApiTypes.OBJECT,
    responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
)
class DealUpsertView(APIView):
    permission_classes = [CanSyncDeals]

    def put(self, request, external_id: str):
        problem = deal_external_id_problem(external_id)
        if problem:
            return errors_response({"external_id": [problem]})
        if not isinstance(request.data, dict):
            return errors_response({"deal": ["Must be a JSON object."]})
        fields, errors = deal_payload_validate(data=request.data)
        if errors:
            return errors_response(errors)
        deal, created = deal_upsert(external_id=external_id.strip(), **fields)
        return Response(
            deal_as_json(deal), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


@extend_schema(
    tags=["deals"],
    summary="Bulk upsert deals (at most 1,000); per-item errors as for events",
    request=OpenApiTypes.OBJECT,
    responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
)
class DealBatchView(APIView):
    permission_classes = [CanSyncDeals]

    def post(self, request):
        data = request.data
        if not isinstance(data, dict) or "deals" not in data:
            return errors_response({"deals": ["This field is required."]})
        deals = data["deals"]
        if not isinstance(deals, list):
            return errors_response({"deals": ["Must be a list of deal objects."]})
        if len(deals) > MAX_BATCH:
            return errors_response(
                {"deals": [f"At most {MAX_BATCH} deals per request, got {len(deals)}."]}
            )
        result = deals_upsert_many(items=deals)
        return Response(
            {"created": result.created, "updated": result.updated, "rejected": result.rejected}
        )
