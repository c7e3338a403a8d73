"""Reads for governance: who may govern, freshness, review, retirement, content requests.

Usage and search analytics (unused content, content gaps, coverage) live in
``enablement.insights.reports``."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from content.models import AssetPage
from content.selectors import assets_live, user_group_names
from enablement.governance.models import AssetRetirement, ContentRequest
from enablement.governance.workflow import APPROVERS, AUTHORS

REVIEW_DUE_WITHIN_DAYS = 14
"""An asset's review is "due" this many days before its ``review_by`` date."""

UNUSED_AFTER_DAYS = 90
"""No use in this many days makes an asset "unused" (the quick-retire reason says so)."""
SUCCESSOR_MAX_HOPS = 10


def user_can_govern(*, user) -> bool:
    """Marketing (authors and approvers) and superusers: retire, verify any asset, triage."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user_group_names(user=user) & {AUTHORS, APPROVERS})


def user_can_verify(*, user, asset: AssetPage) -> bool:
    """The asset's owner, Marketing and superusers may confirm an asset is still accurate."""
    if user_can_govern(user=user):
        return True
    return bool(user and user.is_authenticated and asset.owner_user_id == user.pk)


def library_assets() -> QuerySet[AssetPage]:
    """Every live-now asset, whoever may see it (for marketing's reports)."""
    return assets_live()


def review_state(*, asset: AssetPage, today: datetime.date | None = None) -> str:
    """``overdue``, ``due`` (within the reminder window), ``ok`` or ``unset``."""
    today = today or timezone.localdate()
    if asset.review_by is None:
        return "unset"
    if asset.review_by < today:
        return "overdue"
    if asset.review_by <= today + datetime.timedelta(days=REVIEW_DUE_WITHIN_DAYS):
        return "due"
    return "ok"


def assets_needing_review(*, today: datetime.date | None = None, owner=None) -> QuerySet[AssetPage]:
    """Live assets whose review is overdue or due within the reminder window, oldest first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_DUE_WITHIN_DAYS)
    assets = library_assets().filter(review_by__isnull=False, review_by__lte=horizon)
    if owner is not None:
        assets = assets.filter(owner_user=owner)
    return assets.select_related("owner_user").order_by("review_by", "title")


def freshness_share(*, segment: str | None = None) -> float | None:
    """Share (0..1) of live assets whose ``review_by`` is not past; ``None`` with no assets.

    An asset without a review date counts as fresh (its date is not past). ``segment`` is
    a segment name or slug (case-insensitive).
    """
    assets = library_assets()
    if segment:
        assets = assets.filter(
            Q(segments__name__iexact=segment) | Q(segments__slug__iexact=segment)
        ).distinct()
    today = timezone.localdate()
    counts = assets.aggregate(
        total=Count("pk", distinct=True),
        stale=Count("pk", filter=Q(review_by__lt=today), distinct=True),
    )
    if not counts["total"]:
        return None
    return (counts["total"] - counts["stale"]) / counts["total"]


def content_requests_open() -> QuerySet[ContentRequest]:
    """New and planned requests, most urgent first, then oldest."""
    urgency_order = {
        ContentRequest.Urgency.HIGH: 0,
        ContentRequest.Urgency.NORMAL: 1,
        ContentRequest.Urgency.LOW: 2,
    }
    from django.db.models import Case, IntegerField, Value, When

    return (
        ContentRequest.objects.filter(
            status__in=[ContentRequest.Status.NEW, ContentRequest.Status.PLANNED]
        )
        .annotate(
            urgency_rank=Case(
                *[When(urgency=key, then=Value(rank)) for key, rank in urgency_order.items()],
                output_field=IntegerField(),
            )
        )
        .select_related("requester", "segment", "stage")
        .order_by("urgency_rank", "created_at")
    )


def content_requests_of(*, user) -> QuerySet[ContentRequest]:
    """The requests ``user`` made, newest first."""
    if not user or not user.is_authenticated:
        return ContentRequest.objects.none()
    return ContentRequest.objects.filter(requester=user).select_related(
        "segment", "stage", "deal", "resolution_asset"
    )


def content_request_visible_to(*, content_request: ContentRequest, user) -> bool:
    """Requesters see their own requests; Marketing sees all."""
    return content_request.requester_id == getattr(user, "pk", None) or user_can_govern(user=user)


def asset_retirement(*, asset_id: int) -> AssetRetirement | None:
    return (
        AssetRetirement.objects.select_related("replacement", "retired_by")
        .filter(asset_id=asset_id)
        .first()
    )


def asset_successor(*, asset: AssetPage) -> AssetPage | None:
    """The live asset that replaces a retired one, following chains of replacements.

    ``None`` when the asset is not retired, or its replacements lead nowhere live. Share
    links and old URLs of a retired asset lead here.
    """
    seen = {asset.pk}
    current_id = asset.pk
    for _ in range(SUCCESSOR_MAX_HOPS):
        retirement = AssetRetirement.objects.filter(asset_id=current_id).first()
        if retirement is None or retirement.replacement_id is None:
            return None
        if retirement.replacement_id in seen:
            return None
        seen.add(retirement.replacement_id)
        candidate = library_assets().filter(pk=retirement.replacement_id).first()
        if candidate is not None:
            return candidate.specific
        current_id = retirement.replacement_id
    return None
