"""Demo data for governance (run by seed_demo through ENABLEMENT_DEMO_SEEDERS)."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from content.groups import SALES
from content.models import SegmentTag, StageTag
from enablement.governance.models import ContentRequest
from enablement.governance.selectors import library_assets
from enablement.governance.services import content_request_create
from enablement.governance.workflow import APPROVERS, AUTHORS

DEMO_REQUESTS = (
    ("ROI calculator for CFOs in manufacturing", "Manufacturing", "Proposal", "high", "new"),
    (
        "Security questionnaire answers (SOC 2, ISO 27001)",
        "Financial Services",
        "Negotiation",
        "high",
        "planned",
    ),
    ("Case study from a public-sector customer", "Public Sector", "Discovery", "normal", "new"),
    ("Competitive battlecard against the incumbent", None, "Demo", "normal", "done"),
    ("Pricing sheet in German", None, "Closing", "low", "declined"),
)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def seed_governance(*, stdout=None, rng: random.Random) -> None:
    """One demo marketer approves (the other only authors); a few content requests."""
    users = get_user_model().objects
    approvers = Group.objects.get(name=APPROVERS)
    marketers = list(users.filter(groups__name=AUTHORS, is_active=True).order_by("pk"))
    if marketers and not approvers.user_set.exists():
        marketers[0].groups.add(approvers)
        _say(stdout, f"Governance: {marketers[0].username} approves Marketing's drafts.")
    if ContentRequest.objects.exists():
        _say(stdout, "Governance: content requests already present, skipped.")
        return
    reps = list(users.filter(groups__name=SALES, is_active=True).order_by("pk"))
    assets = list(library_assets().order_by("pk")[:50])
    if not reps:
        _say(stdout, "Governance: needs Sales users; skipped.")
        return
    for what, segment, stage, urgency, status in DEMO_REQUESTS:
        content_request = content_request_create(
            requester=rng.choice(reps),
            what=what,
            segment=SegmentTag.objects.filter(name=segment).first() if segment else None,
            stage=StageTag.objects.filter(name=stage).first(),
            urgency=urgency,
        )
        # Set the triage outcome directly: demo data, no emails to send.
        if status == "done" and assets:
            content_request.resolution_asset = rng.choice(assets)
        elif status == "done":
            status = "planned"
        if status == "declined":
            content_request.decline_reason = "Sales ops maintains price lists in the CRM."
        content_request.status = status
        content_request.save()
    _say(stdout, f"Governance: {len(DEMO_REQUESTS)} demo content requests.")
