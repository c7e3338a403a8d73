"""Parsing the period / segment / team filters shared by dashboards, CSV and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.models import SegmentTag
from enablement.insights.models import Team
from enablement.insights.selectors import sales_teams

DEFAULT_PERIOD_DAYS = 30
MAX_PERIOD_DAYS = 3 * 366
# Far enough from date.min/max that the period before and the day after never overflow.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2999, 12, 31)


def _quarter_start(day: datetime.date) -> datetime.date:
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def _last_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = _quarter_start(today) - datetime.timedelta(days=1)
    return _quarter_start(end), end


# Named periods a manager picks in one click; each maps today to inclusive (since, until).
PRESETS = {
    "last_30_days": (
        gettext_lazy("Last 30 days"),
        lambda today: (today - datetime.timedelta(days=29), today),
    ),
    "last_90_days": (
        gettext_lazy("Last 90 days"),
        lambda today: (today - datetime.timedelta(days=89), today),
    ),
    "this_quarter": (gettext_lazy("This quarter"), lambda today: (_quarter_start(today), today)),
    "last_quarter": (gettext_lazy("Last quarter"), _last_quarter),
    "this_year": (gettext_lazy("This year"), lambda today: (today.replace(month=1, day=1), today)),
}


def preset_period(
    name: str, *, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """The inclusive dates of preset ``name`` (a key of ``PRESETS``) as of ``today``."""
    return PRESETS[name][1](today or timezone.localdate())


@dataclass(frozen=True)
class StatsFilters:
    since: datetime.date
    until: datetime.date
    segment: SegmentTag | None = None
    team: Team | None = None
    preset: str = ""

    def as_kwargs(self) -> dict:
        return {
            "since": self.since,
            "until": self.until,
            "segment": self.segment,
            "team": self.team,
        }

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def preset_label(self) -> str:
        return PRESETS[self.preset][0] if self.preset else ""

    def previous(self) -> StatsFilters:
        """The same-length period just before this one, other filters unchanged."""
        until = self.since - datetime.timedelta(days=1)
        return replace(
            self, since=until - datetime.timedelta(days=self.days - 1), until=until, preset=""
        )


def default_period(*, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    until = today or timezone.localdate()
    return until - datetime.timedelta(days=DEFAULT_PERIOD_DAYS - 1), until


def segment_lookup(value: str) -> SegmentTag | None:
    """A segment by slug or (case-insensitive) name."""
    value = value.strip()
    return (
        SegmentTag.objects.filter(slug=value).first()
        or SegmentTag.objects.filter(name__iexact=value).first()
    )


class StatsFilterForm(forms.Form):
    """``preset`` (a ``PRESETS`` key) or ``since``/``until`` (inclusive ISO dates),
    ``segment`` (slug or name), ``team``."""

    preset = forms.ChoiceField(
        required=False,
        choices=[
            ("", gettext_lazy("Custom dates")),
            *[(key, label) for key, (label, __) in PRESETS.items()],
        ],
        error_messages={
            "invalid_choice": "Unknown period preset; choose one of " + ", ".join(PRESETS) + "."
        },
    )
    since = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    until = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    segment = forms.CharField(required=False)
    team = forms.CharField(required=False)

    def __init__(self, *args, allow_team: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_team:
            del self.fields["team"]

    def clean_segment(self):
        value = self.cleaned_data.get("segment") or ""
        if not value:
            return None
        tag = segment_lookup(value)
        if tag is None:
            raise forms.ValidationError(_("Unknown segment %(value)r.") % {"value": value})
        return tag

    def clean_team(self):
        value = (self.cleaned_data.get("team") or "").strip()
        if not value:
            return None
        team = sales_teams().filter(name=value).first()
        if team is None:
            raise forms.ValidationError(_("Unknown team %(value)r.") % {"value": value})
        return team

    def clean(self):
        cleaned = super().clean()
        if "since" in self.errors or "until" in self.errors:
            return cleaned
        preset = cleaned.get("preset") or ""
        if "preset" in self.errors:
            return cleaned
        if not preset and not cleaned.get("since") and not cleaned.get("until"):
            preset = cleaned["preset"] = "last_30_days"  # the default period, named
        if preset:
            if self.data.get("since") or self.data.get("until"):
                self.add_error("preset", _("Choose a period preset or dates, not both."))
                return cleaned
            cleaned["since"], cleaned["until"] = preset_period(preset)
            return cleaned
        for name in ("since", "until"):
            value = cleaned.get(name)
            if value is not None and not EARLIEST <= value <= LATEST:
                self.add_error(
                    name,
                    _("%(name)s must be between %(earliest)s and %(latest)s.")
                    % {
                        "name": name,
                        "earliest": EARLIEST.isoformat(),
                        "latest": LATEST.isoformat(),
                    },
                )
                return cleaned
        __, default_until = default_period()
        until = cleaned.get("until") or default_until
        since = cleaned.get("since") or until - datetime.timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        if since > until:
            self.add_error("since", _("since must be on or before until."))
        elif (until - since).days + 1 > MAX_PERIOD_DAYS:
            self.add_error(
                "since", _("The period can be at most %(days)s days.") % {"days": MAX_PERIOD_DAYS}
            )
        cleaned["since"], cleaned["until"] = since, until
        return cleaned

    def filters(self) -> StatsFilters:
        """The validated filters (call after ``is_valid()`` returned True)."""
        data = self.cleaned_data
        return StatsFilters(
            since=data["since"],
            until=data["until"],
            segment=data.get("segment"),
            team=data.get("team"),
            preset=data.get("preset") or "",
        )
