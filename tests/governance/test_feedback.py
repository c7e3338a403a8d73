"""'Was this helpful?' on asset pages becomes a feedback usage event."""

from __future__ import annotations

import pytest

from enablement.tracking.models import UsageEvent
from tests.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


def test_feedback_is_recorded_as_a_usage_event(client, library, sales_user):
    asset = CaseStudyPageFactory()
    client.force_login(sales_user)
    page = client.get(asset.url)
    assert b"Was this helpful?" in page.content

    response = client.post(
        f"/library/governance/assets/{asset.pk}/feedback/",
        {"helpful": "no", "comment": "Numbers are from 2021", "next": asset.url},
    )

    assert response.status_code == 302
    event = UsageEvent.objects.get(kind="feedback")
    assert (event.asset_id, event.user) == (asset.pk, sales_user)
    assert event.metadata == {"helpful": False, "comment": "Numbers are from 2021"}


def test_feedback_needs_a_choice_and_a_visible_asset(client, library, sales_user):
    restricted = CaseStudyPageFactory(groups=["Managers"])
    visible = CaseStudyPageFactory()
    client.force_login(sales_user)
    bad = client.post(f"/library/governance/assets/{visible.pk}/feedback/", {"comment": "?"})
    assert bad.status_code == 400
    assert bad.json() == {"errors": {"helpful": ['Choose "yes" or "no".']}}
    hidden = client.post(
        f"/library/governance/assets/{restricted.pk}/feedback/", {"helpful": "yes"}
    )
    assert hidden.status_code == 404
    assert not UsageEvent.objects.filter(kind="feedback").exists()
