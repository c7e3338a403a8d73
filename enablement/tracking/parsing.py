"""Pure parsing of untrusted event and deal payloads (API, CSV import) into clean values.

Each parser returns ``(cleaned, errors)`` with errors as ``{field: [messages]}``, the
shape the API answers with, so one bad item never stops the others. Nothing here queries
the database: the callers check existence and permissions once per batch.

Limits (the README's Security section lists them for clients):
- timestamps are ISO 8601, not before ``EARLIEST_TIMESTAMP`` and not more than
  ``FUTURE_TOLERANCE`` ahead of the server clock; an event's ``occurred_at`` must carry a
  zone (``Z`` or an offset), a deal's dates without one are read as UTC;
- text is a JSON string without NUL characters or lone surrogates, within its column's
  length (never silently cut);
- event metadata is an object nested at most ``METADATA_MAX_DEPTH`` levels, at most
  ``METADATA_MAX_BYTES`` as compact UTF-8 JSON, numbers finite and within 64 bits.
"""

from __future__ import annotations

import datetime
import json
import math
import uuid
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from enablement.tracking.models import UsageEvent

# A client clock a little ahead of ours is not an error; more than this is.
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)
# Nothing this product tracks happened before; older dates are typos or epoch zeros.
EARLIEST_TIMESTAMP = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
METADATA_MAX_DEPTH = 5
METADATA_MAX_BYTES = 4096
# Wagtail page ids are 32-bit; anything larger cannot be an asset (and overflows SQLite).
MAX_ASSET_ID = 2**31 - 1
_INT64 = 2**63
MAX_EVENT_ID_LENGTH = 100
MAX_EXTERNAL_ID_LENGTH = 64
EVENT_KINDS = frozenset(UsageEvent.Kind.values)
_KINDS_HELP = f"Unknown kind; use one of {', '.join(sorted(EVENT_KINDS))}."

Errors = dict[str, list[str]]


def text_problem(value, *, max_length: int) -> str:
    """Why ``value`` is not storable text (a string, no NUL, valid Unicode, at most
    ``max_length`` characters), or ``""`` when it is."""
    if not isinstance(value, str):
        return "Must be a string."
    if len(value) > max_length:
        return f"At most {max_length} characters (got {len(value)})."
    if "\x00" in value:
        return "Must not contain NUL characters."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Must be valid Unicode text (no lone surrogates)."
    return ""


def _parse_iso(value) -> datetime.datetime | None:
    """ISO 8601 text (or a datetime) as a datetime, possibly naive; ``None`` if unparseable."""
    if isinstance(value, datetime.datetime):
        return value
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    if not (value.isascii() and value.isprintable()):
        return None  # fromisoformat would overlook a NUL before the zone
    text = value.strip()
    # Salesforce writes "+0000"; fromisoformat wants "+00:00".
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and ":" not in text[-5:]:
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_datetime(value) -> datetime.datetime | None:
    """ISO 8601 (``Z`` or an offset; naive means UTC) or ``None`` if unparseable."""
    parsed = _parse_iso(value)
    if parsed is not None and timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def timestamp_range_problem(value: datetime.datetime, *, now: datetime.datetime) -> str:
    """Why an aware timestamp is outside what we accept, or ``""``."""
    if value < EARLIEST_TIMESTAMP:
        return f"Must not be before {EARLIEST_TIMESTAMP:%Y-%m-%d}."
    if value > now + FUTURE_TOLERANCE:
        return "Timestamp is in the future."
    return ""


def parse_event_id(value) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str) or len(value) > MAX_EVENT_ID_LENGTH:
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        return None


def parse_occurred_at(value, *, now: datetime.datetime) -> tuple[datetime.datetime | None, str]:
    """An event's time: ISO 8601 with a zone, from 2000 to a few minutes from now."""
    if value is None or value == "":
        return None, "This field is required."
    parsed = _parse_iso(value)
    if parsed is None:
        return None, "Not an ISO 8601 timestamp."
    if timezone.is_naive(parsed):
        # A client's local time without its zone could be hours off; say so, do not guess.
        return None, "Needs a time zone (Z or an offset such as +02:00)."
    problem = timestamp_range_problem(parsed, now=now)
    if problem:
        return None, problem
    return parsed, ""


def parse_metadata(value) -> tuple[dict | None, str]:
    """An event's metadata: ``None`` is ``{}``; else an object within the documented
    depth and size, without NUL, lone surrogates, or numbers PostgreSQL's jsonb refuses.

    Walks iteratively and stops at the first problem, so a hostile value costs at most
    about ``METADATA_MAX_BYTES`` steps and never recurses.
    """
    if value is None:
        return {}, ""
    if not isinstance(value, dict):
        return None, "Must be an object."
    too_large = f"At most {METADATA_MAX_BYTES} bytes as JSON."
    # Bounds of the compact JSON's UTF-8 length: the lower one stops a hostile value early,
    # the upper one spares serialising the usual small object to measure it exactly.
    size = upper = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            problem = text_problem(node, max_length=METADATA_MAX_BYTES)
            if problem:
                return None, too_large if problem.startswith("At most") else f"Values: {problem}"
            size += len(node) + 2
            upper += 6 * len(node) + 2  # \u00XX escapes are the longest form of a char
        elif isinstance(node, dict | list):
            if depth > METADATA_MAX_DEPTH:
                return None, f"At most {METADATA_MAX_DEPTH} levels of nesting."
            size += 2 + max(len(node) - 1, 0)  # brackets and commas
            upper += 2 + len(node)
            if isinstance(node, dict):
                for key, child in node.items():
                    problem = text_problem(key, max_length=METADATA_MAX_BYTES)
                    if problem:
                        return None, f"Keys: {problem}"
                    size += len(key) + 3
                    upper += 6 * len(key) + 3
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in node)
        elif node is None or isinstance(node, bool):
            size += 4
            upper += 5
        elif isinstance(node, int):
            if not -_INT64 <= node < _INT64:
                return None, "Numbers must fit in 64 bits."
            size += 1
            upper += 20
        elif isinstance(node, float):
            if not math.isfinite(node):
                return None, "Numbers must be finite."
            size += 1
            upper += 24
        else:  # Decimal: an integer literal too long for int
            return None, "Numbers must fit in 64 bits."
        if size > METADATA_MAX_BYTES:
            return None, too_large
    if upper > METADATA_MAX_BYTES:
        exact = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        if len(exact) > METADATA_MAX_BYTES:
            return None, too_large
    return value, ""


def _parse_asset_id(value) -> tuple[int | None, str]:
    if value is None or value == "":
        return None, "This field is required."
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        return None, "Must be an integer (the asset's id)."
    if not 1 <= value <= MAX_ASSET_ID:
        return None, "Unknown asset, or not visible to you."
    return value, ""


def event_item_parse(item, *, now: datetime.datetime) -> tuple[dict, Errors]:
    """One API event as clean values (``event_id``, ``asset_id``, ``kind``, ``occurred_at``,
    ``deal_external_id``, ``metadata``) and field errors; checks shape and limits only
    (visibility and deal rights are the caller's, once per batch)."""
    if not isinstance(item, dict):
        return {}, {"event": ["Must be an object."]}
    errors: Errors = {}
    cleaned: dict = {}
    raw_event_id = item.get("event_id")
    cleaned["event_id"] = parse_event_id(raw_event_id)
    if raw_event_id is None or raw_event_id == "":
        errors["event_id"] = ["This field is required."]
    elif cleaned["event_id"] is None:
        errors["event_id"] = ["Not a valid UUID."]
    cleaned["asset_id"], problem = _parse_asset_id(item.get("asset_id"))
    if problem:
        errors["asset_id"] = [problem]
    kind = item.get("kind")
    if not isinstance(kind, str) or kind not in EVENT_KINDS:
        errors["kind"] = [_KINDS_HELP]
    cleaned["kind"] = kind
    cleaned["occurred_at"], problem = parse_occurred_at(item.get("occurred_at"), now=now)
    if problem:
        errors["occurred_at"] = [problem]
    raw_deal = item.get("deal_id")
    cleaned["deal_external_id"] = None
    if raw_deal is not None and raw_deal != "":
        problem = (
            text_problem(raw_deal, max_length=MAX_EXTERNAL_ID_LENGTH)
            if isinstance(raw_deal, str)
            else "Must be a string (the deal's external_id)."
        )
        if problem:
            errors["deal_id"] = [problem]
        else:
            cleaned["deal_external_id"] = raw_deal
    cleaned["metadata"], problem = parse_metadata(item.get("metadata"))
    if problem:
        errors["metadata"] = [problem]
    return cleaned, errors


def shown_identifier(value, *, max_length: int) -> str | None:
    """A client's identifier to echo in a rejection: a string, cut short, lone surrogates
    replaced (JSON may carry them, UTF-8 cannot); never a hostile structure sent back."""
    if not isinstance(value, str):
        return None
    return value[:max_length].encode("utf-8", "replace").decode("utf-8")


def shown_event_id(item) -> str | None:
    """The client's ``event_id`` to echo in a rejection (see ``shown_identifier``)."""
    value = item.get("event_id") if isinstance(item, dict) else None
    return shown_identifier(value, max_length=MAX_EVENT_ID_LENGTH)


def parse_amount(value) -> tuple[Decimal | None, str]:
    if value is None or value == "":
        return Decimal("0"), ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        return None, "Not a number."
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None, "Not a number."
    if not amount.is_finite() or amount < 0:
        return None, "Must be zero or more."
    # Compare after rounding: 999999999999.999 rounds up past the column's 14 digits.
    if amount >= Decimal("1e12") or amount.quantize(Decimal("0.01")) >= Decimal("1e12"):
        return None, "Too large (at most 999999999999.99)."
    return amount.quantize(Decimal("0.01")), ""
