"""Parsing the period / segment / team filters shared by dashboards, CSV and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import Group
from django.utils import timezone

from content.models import SegmentTag
from enablement.insights.selectors import team_groups

DEFAULT_PERIOD_DAYS = 30
MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class StatsFilters:
    since: datetime.date
    until: datetime.date
    segment: SegmentTag | None = None
    team: Group | None = None

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
    """``since``/``until`` (inclusive ISO dates), ``segment`` (slug or name), ``team``."""

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
            raise forms.ValidationError(f"Unknown segment {value!r}.")
        return tag

    def clean_team(self):
        value = (self.cleaned_data.get("team") or "").strip()
        if not value:
            return None
        team = team_groups().filter(name=value).first()
        if team is None:
            raise forms.ValidationError(f"Unknown team {value!r}.")
        return team

    def clean(self):
        cleaned = super().clean()
        if "since" in self.errors or "until" in self.errors:
            return cleaned
        _, default_until = default_period()
        until = cleaned.get("until") or default_until
        since = cleaned.get("since") or until - datetime.timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        if since > until:
            self.add_error("since", "since must be on or before until.")
        elif (until - since).days + 1 > MAX_PERIOD_DAYS:
            self.add_error("since", f"The period can be at most {MAX_PERIOD_DAYS} days.")
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
        )
