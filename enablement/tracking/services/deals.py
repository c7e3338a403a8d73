"""Deals: upserts from the CRM and validation of their payloads."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from content.models import SegmentTag, StageTag
from enablement.tracking.currencies import ISO_4217_CODES
from enablement.tracking.models import (
    Deal,
    UsageEvent,
)
from enablement.tracking.parsing import (
    MAX_EXTERNAL_ID_LENGTH,
    Errors,
    parse_amount,
    parse_datetime,
    shown_identifier,
    text_problem,
    timestamp_range_problem,
)
from enablement.tracking.services.events import MAX_BATCH, _queue_processing
from enablement.tracking.services.rollups import _rollup_lock

# Deal.name and Deal.account are 255 characters; tag names (taggit) 100; usernames 150
# and emails 254.
DEAL_TEXT_MAX_LENGTH = 255
TAG_NAME_MAX_LENGTH = 100
OWNER_KEY_MAX_LENGTH = 254

DEAL_FIELDS = (
    "name",
    "account",
    "segment",
    "stage",
    "amount",
    "currency",
    "owner",
    "created_at",
    "closed_at",
    "status",
)


def deal_upsert(*, external_id: str, **fields) -> tuple[Deal, bool]:
    """Create or update the deal with this CRM id. Returns ``(deal, created)``.

    ``fields`` are model values (``segment``/``stage`` tags, ``owner`` user). When a
    deal's status or close date changes, its events are reprocessed, since whether an
    event influenced the deal depends on when the deal closed.
    """
    unknown = set(fields) - set(DEAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown deal fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        deal = Deal.objects.select_for_update().filter(external_id=external_id).first()
        created = False
        if deal is None:
            defaults = {"name": external_id, "created_at": timezone.now(), **fields}
            try:
                with transaction.atomic():
                    deal = Deal.objects.create(external_id=external_id, **defaults)
                    created = True
            except IntegrityError:  # created concurrently: update it instead
                deal = Deal.objects.select_for_update().get(external_id=external_id)
        if not created:
            attribution_before = (deal.status, deal.closed_at)
            for name, value in fields.items():
                setattr(deal, name, value)
            deal.save()
            if (deal.status, deal.closed_at) != attribution_before:
                _rollup_lock()
                if UsageEvent.objects.filter(deal=deal).update(processed_at=None):
                    _queue_processing(event_ids=None)
    return deal, created


def deal_payload_validate(*, data: dict, partial: bool = False) -> tuple[dict, Errors]:
    """Turn an API/CSV deal payload (names, ISO dates) into ``deal_upsert`` fields.

    ``segment`` and ``stage`` are names of existing tags, ``owner`` a username or email,
    ``currency`` an ISO 4217 code. Text is refused (never cut) when too long or holding
    NUL characters. ``closed_at`` is required for won and lost deals, must be empty for
    open ones and may not be in the future; dates are 2000 or later (no zone means UTC).
    """
    errors: Errors = {}
    fields: dict = {}
    if not isinstance(data, dict):
        return {}, {"deal": ["Must be an object."]}
    now = timezone.now()
    for name in ("name", "account"):
        if name in data:
            value = data[name]
            problem = text_problem(value, max_length=DEAL_TEXT_MAX_LENGTH)
            if not problem and name == "name" and not value.strip():
                problem = "Must be a non-empty string."
            if problem:
                errors[name] = [problem]
            else:
                fields[name] = value.strip()
    if not partial and "name" not in data:
        errors["name"] = ["This field is required."]
    for name, model in (("segment", SegmentTag), ("stage", StageTag)):
        value = data.get(name)
        if value is None or value == "":
            if name in data:
                fields[name] = None
            continue
        problem = text_problem(value, max_length=TAG_NAME_MAX_LENGTH)
        tag = None if problem else model.objects.filter(name__iexact=value.strip()).first()
        if problem:
            errors[name] = [problem]
        elif tag is None:
            errors[name] = [f"Unknown {name} {value!r}."]
        fields[name] = tag
    if "amount" in data:
        amount, problem = parse_amount(data["amount"])
        if problem:
            errors["amount"] = [problem]
        fields["amount"] = amount
    currency = data.get("currency")
    if currency is not None and currency != "":
        code = currency.strip().upper() if isinstance(currency, str) else None
        if code not in ISO_4217_CODES:
            errors["currency"] = ["Must be an ISO 4217 currency code such as EUR or USD."]
        fields["currency"] = code
    owner_key = data.get("owner")
    if owner_key is not None and owner_key != "":
        problem = text_problem(owner_key, max_length=OWNER_KEY_MAX_LENGTH)
        owner = None
        if not problem:
            owner_key = owner_key.strip()
            users = get_user_model().objects.filter(is_active=True)
            owner = users.filter(username=owner_key).first() or (
                users.filter(email__iexact=owner_key).order_by("pk").first()
                if "@" in owner_key
                else None
            )
        if problem:
            errors["owner"] = [problem]
        elif owner is None:
            errors["owner"] = [f"Unknown user {owner_key!r}."]
        fields["owner"] = owner
    elif "owner" in data:
        fields["owner"] = None
    for name in ("created_at", "closed_at"):
        if data.get(name) not in (None, ""):
            parsed = parse_datetime(data[name])
            problem = (
                "Not an ISO 8601 timestamp."
                if parsed is None
                else timestamp_range_problem(parsed, now=now)
            )
            if problem:
                errors[name] = [problem]
            fields[name] = parsed
        elif name in data:
            if name == "created_at":
                errors[name] = ["Must not be empty."]
            fields[name] = None
    if not partial and "created_at" not in data:
        errors.setdefault("created_at", ["This field is required."])
    status = data.get("status", None if partial else Deal.Status.OPEN)
    if status is not None:
        if not isinstance(status, str) or status not in Deal.Status.values:
            errors["status"] = ["Must be one of open, won, lost."]
        else:
            fields["status"] = status
            closed_at = fields.get("closed_at")
            if status == Deal.Status.OPEN and closed_at is not None:
                errors["closed_at"] = ["Must be empty while the deal is open."]
            if status != Deal.Status.OPEN and closed_at is None and "closed_at" not in errors:
                errors["closed_at"] = ["Required when the deal is won or lost."]
    created_at, closed_at = fields.get("created_at"), fields.get("closed_at")
    if created_at and closed_at and closed_at < created_at and "closed_at" not in errors:
        errors["closed_at"] = ["Must not be before created_at."]
    return fields, errors


def deal_external_id_problem(value) -> str:
    """Why ``value`` cannot be a deal's CRM id, or ``""``."""
    if not isinstance(value, str) or not value.strip():
        return "This field is required."
    return text_problem(value, max_length=MAX_EXTERNAL_ID_LENGTH)


@dataclass
class DealBatchResult:
    created: int = 0
    updated: int = 0
    rejected: list[dict] = field(default_factory=list)


def deals_upsert_many(*, items: list) -> DealBatchResult:
    """Upsert deals from an API batch; each item needs ``external_id``; bad items are
    rejected with their index and reasons, the rest saved."""
    if len(items) > MAX_BATCH:
        raise ValueError(f"at most {MAX_BATCH} deals per batch")
    result = DealBatchResult()
    for index, item in enumerate(items):
        external_id = item.get("external_id") if isinstance(item, dict) else None
        errors: Errors = {}
        problem = deal_external_id_problem(external_id)
        if problem:
            errors["external_id"] = [problem]
        fields: dict = {}
        if isinstance(item, dict):
            payload = {key: value for key, value in item.items() if key != "external_id"}
            fields, field_errors = deal_payload_validate(data=payload)
            errors.update(field_errors)
        else:
            errors["deal"] = ["Must be an object."]
        if errors:
            shown = shown_identifier(external_id, max_length=MAX_EXTERNAL_ID_LENGTH)
            result.rejected.append({"index": index, "external_id": shown, "errors": errors})
            continue
        _, created = deal_upsert(external_id=external_id.strip(), **fields)
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result
