"""CRM sync: Salesforce-style opportunity exports mapped onto ``Deal`` via ``deal_upsert``."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from django.utils import timezone

from content.groups import DEFAULT_STAGES
from enablement.tracking.parsing import parse_datetime
from enablement.tracking.services import deal_payload_validate, deal_upsert

REQUIRED_COLUMNS = (
    "Id",
    "Name",
    "Account",
    "StageName",
    "Amount",
    "CurrencyIsoCode",
    "CreatedDate",
    "CloseDate",
    "IsClosed",
    "IsWon",
    "OwnerEmail",
)

# Salesforce's default opportunity stages onto our six (our own names map to themselves).
DEFAULT_STAGE_MAP: dict[str, str] = {
    **{name: name for name in DEFAULT_STAGES},
    "Qualification": "Discovery",
    "Needs Analysis": "Discovery",
    "Value Proposition": "Demo",
    "Id. Decision Makers": "Demo",
    "Perception Analysis": "Proposal",
    "Proposal/Price Quote": "Proposal",
    "Negotiation/Review": "Negotiation",
    "Closed Won": "Closing",
    "Closed Lost": "Closing",
}

TRUE_VALUES = {"true", "1", "yes", "y"}
FALSE_VALUES = {"false", "0", "no", "n", ""}


@dataclass
class CrmImportReport:
    created: int = 0
    updated: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)


def _flag(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    if text in TRUE_VALUES:
        return True
    if text in FALSE_VALUES:
        return False
    return None


def _close_moment(value: str) -> datetime.datetime | None:
    """CloseDate is a date: a deal closes at the end of that day (UTC), so use on the
    close day still counts as influence. A deal closed today (or tomorrow in UTC terms:
    the CRM's zone may be ahead) closes at most now, since a close may not be in the
    future; the next sync after the day ends moves it to the end of the day."""
    text = value.strip()
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return parse_datetime(text)
    end_of_day = datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=datetime.UTC)
    now = timezone.now()
    if day <= now.date() + datetime.timedelta(days=1):
        return min(end_of_day, now)
    return end_of_day  # refused as in the future


def _row_payload(row: dict, *, stage_map: dict[str, str]) -> tuple[dict, list[str]]:
    problems = []
    is_closed, is_won = _flag(row.get("IsClosed")), _flag(row.get("IsWon"))
    if is_closed is None:
        problems.append(f"IsClosed must be true or false, got {row.get('IsClosed')!r}")
    if is_won is None:
        problems.append(f"IsWon must be true or false, got {row.get('IsWon')!r}")
    status = "open"
    if is_closed:
        status = "won" if is_won else "lost"
    stage_name = (row.get("StageName") or "").strip()
    stage = stage_map.get(stage_name)
    if stage is None:
        problems.append(f"unknown stage {stage_name!r} (add it with --stage-map)")
    payload = {
        "name": (row.get("Name") or "").strip(),
        "account": (row.get("Account") or "").strip(),
        "stage": stage,
        "amount": row.get("Amount"),
        "currency": (row.get("CurrencyIsoCode") or "").strip() or "USD",
        "owner": (row.get("OwnerEmail") or "").strip() or None,
        "created_at": (row.get("CreatedDate") or "").strip(),
        "status": status,
    }
    if row.get("Segment", "").strip():
        payload["segment"] = row["Segment"].strip()
    close = (row.get("CloseDate") or "").strip()
    # For an open opportunity CloseDate is only the expected date: not a close.
    if status != "open":
        if not close:
            problems.append("CloseDate is required for a closed opportunity")
        else:
            closed_at = _close_moment(close)
            if closed_at is None:
                problems.append(f"CloseDate is not a date: {close!r}")
            payload["closed_at"] = closed_at
    return payload, problems


def deals_import_csv(
    *,
    stream: TextIO,
    stage_map: dict[str, str],
    progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
) -> CrmImportReport:
    """Upsert one deal per CSV row (keyed by ``Id``); bad rows are reported by line."""
    reader = csv.DictReader(stream)
    missing = [name for name in REQUIRED_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    report = CrmImportReport()
    for count, row in enumerate(reader, start=1):
        line = reader.line_num
        if progress and count % progress_every == 0:
            progress(line)
        external_id = (row.get("Id") or "").strip()
        payload, problems = _row_payload(row, stage_map=stage_map)
        if not external_id:
            problems.insert(0, "Id is empty")
        fields, errors = deal_payload_validate(data=payload)
        problems.extend(
            f"{name}: {message}" for name, messages in errors.items() for message in messages
        )
        if problems:
            report.failures.append((line, "; ".join(dict.fromkeys(problems))))
            continue
        _, created = deal_upsert(external_id=external_id, **fields)
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report
