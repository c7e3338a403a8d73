"""``import_assets``: one asset per JSON line, published live, updated in place.

The line format is the contract in DESIGN §7. Every line is imported in its own
transaction, so a bad line is reported (``line N: reason``) and the rest still import.
"""

from __future__ import annotations

import datetime
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from content.files import AttachmentError
from content.models import ASSET_TYPES, AssetPage, SegmentTag, StageTag
from content.services import asset_upsert, document_create

COMMON_FIELDS = {
    "external_id",
    "type",
    "title",
    "summary",
    "body",
    "segments",
    "stages",
    "personas",
    "products",
    "language",
    "owner",
    "review_by",
    "file",
    "visible_to_groups",
}
TYPE_FIELDS: dict[str, dict[str, str]] = {
    # JSON key -> model field, per type
    "case_study": {
        "customer": "customer",
        "industry": "industry",
        "challenge": "challenge",
        "solution": "solution",
        "results": "results",
        "quote": "quote",
        "quote_author": "quote_author",
    },
    "presentation": {},
    "objection": {"objection": "objection", "answer": "short_answer", "talk_track": "talk_track"},
}
REQUIRED_TYPE_FIELDS = {"case_study": ("customer",), "objection": ("objection", "answer")}
RICH_TEXT_FIELDS = {"body", "challenge", "solution", "talk_track"}


class LineError(ValueError):
    """Why one line cannot be imported (shown as ``line N: <message>``)."""


@dataclass
class LineFailure:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    failures: list[LineFailure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.failed

    def summary(self) -> str:
        return (
            f"{self.total} lines: {self.created} created, {self.updated} updated, "
            f"{self.failed} failed"
        )


# Called after each line with (line number, total lines, outcome, title-or-reason).
ProgressCallback = Callable[[int, int, str, str], None]


def assets_import(
    *,
    path: Path,
    create_segments: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import every line of a JSONL file; never raises for a bad line.

    Returns the counts and the failures (line number and reason). Blank lines are
    skipped. Attachment paths are relative to the JSONL file's folder.
    """
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    report = ImportReport()
    total = sum(1 for line in lines if line.strip())
    done = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        done += 1
        try:
            with transaction.atomic():
                page, created = _import_line(
                    raw, base_dir=path.parent, create_segments=create_segments
                )
        except (LineError, AttachmentError) as error:
            report.failures.append(LineFailure(number, str(error)))
            outcome, detail = "failed", str(error)
        except ValidationError as error:
            report.failures.append(LineFailure(number, _validation_message(error)))
            outcome, detail = "failed", _validation_message(error)
        else:
            if created:
                report.created += 1
            else:
                report.updated += 1
            outcome, detail = ("created" if created else "updated"), page.title
        if progress is not None:
            progress(done, total, outcome, detail)
    return report


def _import_line(raw: str, *, base_dir: Path, create_segments: bool) -> tuple[AssetPage, bool]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise LineError(f"invalid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(data, dict):
        raise LineError("expected a JSON object")
    _refuse_nul(data)

    asset_type = _text(data, "type", required=True)
    if asset_type not in ASSET_TYPES:
        raise LineError(f"unknown type {asset_type!r} (expected one of: {', '.join(ASSET_TYPES)})")
    allowed = COMMON_FIELDS | set(TYPE_FIELDS[asset_type])
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise LineError(f"unknown field(s) for a {asset_type}: {', '.join(unknown)}")

    external_id = _text(data, "external_id", required=True)
    title = _text(data, "title", required=True)
    if len(title) > 255:
        raise LineError("title is longer than 255 characters")
    type_fields = {}
    for key, model_field in TYPE_FIELDS[asset_type].items():
        if key == "results":
            type_fields[model_field] = _results(data.get(key))
        elif key in data:
            value = _text(data, key, required=key in REQUIRED_TYPE_FIELDS.get(asset_type, ()))
            type_fields[model_field] = _rich_text(value) if key in RICH_TEXT_FIELDS else value
    for key in REQUIRED_TYPE_FIELDS.get(asset_type, ()):
        _text(data, key, required=True)

    attachment = None
    file_name = _text(data, "file")
    if file_name:
        attachment = _attachment(_path_inside(base_dir, file_name), title=title, label=file_name)

    return asset_upsert(
        asset_type=asset_type,
        external_id=external_id,
        title=title,
        summary=_text(data, "summary", required=True),
        body=_rich_text(_text(data, "body")),
        segments=_segments(_names(data, "segments"), create=create_segments),
        stages=_stages(_names(data, "stages")),
        personas=_names(data, "personas"),
        products=_names(data, "products"),
        language=_language(data.get("language")),
        owner=_owner(data.get("owner")),
        review_by=_date(data.get("review_by")),
        attachment=attachment,
        visible_to_groups=_groups(_names(data, "visible_to_groups")),
        type_fields=type_fields,
    )


# -- field parsers (each raises LineError with the reason) ---------------------------


def _refuse_nul(value: Any, *, key: str = "") -> None:
    """Refuse NUL characters anywhere in the line: PostgreSQL cannot store them."""
    if isinstance(value, str):
        if "\x00" in value:
            raise LineError(f"{key or 'a value'} contains a NUL character (\\u0000)")
    elif isinstance(value, dict):
        for name, item in value.items():
            _refuse_nul(name, key=key or "a field name")
            _refuse_nul(item, key=f"{key}.{name}" if key else str(name))
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item, key=key)


def _path_inside(base_dir: Path, name: str) -> Path:
    """``name`` resolved under ``base_dir``; absolute paths, ``..`` and symlinks out refused."""
    if Path(name).is_absolute():
        raise LineError(f"file {name!r} must be a path relative to the JSONL file's folder")
    base = base_dir.resolve()
    # resolve() follows symlinks, so a link inside the folder pointing out is caught too.
    path = (base / name).resolve()
    if not path.is_relative_to(base):
        raise LineError(f"file {name!r} is outside the JSONL file's folder")
    return path


def _text(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise LineError(f"{key} is required")
        return ""
    if not isinstance(value, str):
        raise LineError(f"{key} must be a string")
    return value.strip()


def _names(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise LineError(f"{key} must be a list of strings")
    return [item.strip() for item in value if item.strip()]


def _segments(names: list[str], *, create: bool) -> list[SegmentTag]:
    tags = []
    for name in names:
        tag = SegmentTag.objects.filter(name__iexact=name).first()
        if tag is None:
            if not create:
                raise LineError(
                    f"unknown segment {name!r} (add it in the CMS or use --create-segments)"
                )
            tag = SegmentTag.objects.create(name=name, slug=_unique_slug(name))
        tags.append(tag)
    return tags


def _unique_slug(name: str) -> str:
    base = slugify(name) or "segment"
    slug, suffix = base, 2
    while SegmentTag.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _stages(names: list[str]) -> list[StageTag]:
    tags = []
    for name in names:
        tag = StageTag.objects.filter(name__iexact=name).first()
        if tag is None:
            known = ", ".join(StageTag.objects.values_list("name", flat=True))
            raise LineError(f"unknown stage {name!r} (stages are: {known})")
        tags.append(tag)
    return tags


def _groups(names: list[str]) -> list[Group]:
    groups = []
    for name in names:
        group = Group.objects.filter(name__iexact=name).first()
        if group is None:
            raise LineError(f"unknown group {name!r} in visible_to_groups")
        groups.append(group)
    return groups


def _language(value: Any) -> str:
    if value in (None, ""):
        return AssetPage.Language.EN
    if value not in AssetPage.Language.values:
        raise LineError(
            f"unknown language {value!r} (expected one of: {', '.join(AssetPage.Language.values)})"
        )
    return value


def _owner(value: Any):
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise LineError("owner must be a username or an email address")
    user_model = get_user_model()
    owner = user_model.objects.filter(
        Q(username__iexact=value) | Q(email__iexact=value), is_active=True
    ).first()
    if owner is None:
        raise LineError(f"unknown owner {value!r} (no active user with that username or email)")
    return owner


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise LineError(f"review_by {value!r} is not a date (YYYY-MM-DD)") from error


def _results(value: Any) -> list[tuple[str, dict[str, str]]]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise LineError("results must be a list of {metric, value} objects")
    blocks = []
    for item in value:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("metric"), str)
            or not isinstance(item.get("value"), str)
        ):
            raise LineError("results must be a list of {metric, value} objects")
        blocks.append(("result", {"metric": item["metric"], "value": item["value"]}))
    return blocks


def _rich_text(value: str) -> str:
    """HTML stays as given; plain text becomes paragraphs (blank line separated)."""
    if not value or value.lstrip().startswith("<"):
        return value
    paragraphs = [part.strip() for part in value.split("\n\n") if part.strip()]
    return "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs)


def _attachment(path: Path, *, title: str, label: str):
    if not path.is_file():
        raise LineError(f"file {label!r} not found next to the JSONL file")
    with path.open("rb") as stream:
        try:
            return document_create(stream=stream, filename=path.name, title=title)
        except AttachmentError as error:
            raise LineError(f"file {label!r}: {error}") from error


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
