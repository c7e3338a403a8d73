"""Pure parsing of untrusted event and deal payloads (API, CSV import) into clean values.

Each parser returns ``(cleaned, errors)`` with errors as ``{field: [messages]}``, the
shape the API answers with, so one bad item never stops the others.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal, InvalidOperation

from django.utils import timezone

# A client clock a little ahead of ours is not an error; more than this is.
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)

Errors = dict[str, list[str]]


def parse_datetime(value) -> datetime.datetime | None:
    """ISO 8601 (``Z`` or an offset; naive means UTC) or ``None`` if unparseable."""
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        # Salesforce writes "+0000"; fromisoformat wants "+00:00".
        if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and ":" not in text[-5:]:
            text = f"{text[:-2]}:{text[-2:]}"
        try:
            parsed = datetime.datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def parse_event_id(value) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        return None


def parse_occurred_at(value, *, now: datetime.datetime) -> tuple[datetime.datetime | None, str]:
    if value in (None, ""):
        return None, "This field is required."
    parsed = parse_datetime(value)
    if parsed is None:
        return None, "Not an ISO 8601 timestamp."
    if parsed > now + FUTURE_TOLERANCE:
        return None, "Timestamp is in the future."
    return parsed, ""


def parse_amount(value) -> tuple[Decimal | None, str]:
    if value in (None, ""):
        return Decimal("0"), ""
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None, "Not a number."
    if not amount.is_finite() or amount < 0:
        return None, "Must be zero or more."
    if amount >= Decimal("1e12"):
        return None, "Too large."
    return amount.quantize(Decimal("0.01")), ""
