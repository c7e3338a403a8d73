"""The demo usage history tells the keep / fix story (tracking's demo seeder)."""

from __future__ import annotations

import datetime
import io
import random

import pytest
from django.utils import timezone

from content.groups import SALES
from enablement.insights import selectors
from enablement.insights.selectors import FIX, KEEP, UNKNOWN
from enablement.tracking.demo import STORY, seed_usage_history
from tests.factories import CaseStudyPageFactory, PresentationPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_has_assets_of_each_kind(library):
    # given the story's assets (by their demo titles) among a small library, and reps
    for name in ("riley", "jordan", "sam"):
        UserFactory(username=name, groups=[SALES])
    story = {role: PresentationPageFactory(title=title) for role, (title, _, _) in STORY.items()}
    for index in range(21):
        CaseStudyPageFactory(title=f"Story {index}", segments=["Enterprise"])
    out = io.StringIO()

    seed_usage_history(stdout=out, rng=random.Random(42))

    # the "Keep or fix" page's default period: the last 12 months
    until = timezone.localdate()
    period = {"since": until - datetime.timedelta(days=364), "until": until}
    figures = selectors.asset_confidence(**period)
    verdicts = {sure.verdict for sure in figures.values()}
    assert {KEEP, FIX, UNKNOWN} <= verdicts
    assert figures[story["helps"].pk].verdict == KEEP
    assert figures[story["hurts"].pk].verdict == FIX
    late = figures[story["late_only"].pk]
    # used only late: a large raw lift, a like-for-like lift that is not clearly positive
    assert late.win_rate_lift > 0.1
    assert late.stratified_lift < late.win_rate_lift - 0.1
    assert late.verdict != KEEP

    # a real "without content" group, which closes more slowly
    content = selectors.content_confidence(**period)
    assert content.without_content.closed >= 0.2 * content.baseline.closed
    assert content.days_with.value < content.days_without.value
    assert "ROI Model Walkthrough for CFOs" in out.getvalue()
