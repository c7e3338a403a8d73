"""Marketing reports in the Wagtail admin: needs review, unused, content gaps, coverage."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from wagtail.users.models import UserProfile

from content.models import AssetPage
from enablement.governance import services
from enablement.insights.reports import assets_unused, coverage_matrix
from enablement.insights.selectors import assets_unused as unused_selector
from enablement.tracking.services import usage_rollup_run
from search.backends.base import SearchQuery
from search.services import assets_search
from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import UsageEventFactory

pytestmark = pytest.mark.django_db

REPORTS = ["needs-review", "unused", "content-gaps", "coverage"]


@pytest.mark.parametrize("report", REPORTS)
def test_reports_are_for_marketing_only(client, library, report, marketing_user, sales_user):
    url = f"/cms/governance/reports/{report}/"
    client.force_login(sales_user)
    assert client.get(url).status_code in (302, 403)
    client.force_login(marketing_user)
    assert client.get(url).status_code == 200
    assert client.get(f"{url}results/").status_code == 200


def test_needs_review_lists_due_and_overdue(client, library, marketing_user):
    today = timezone.localdate()
    CaseStudyPageFactory(title="Overdue one", review_by=today - datetime.timedelta(days=1))
    CaseStudyPageFactory(title="Fresh one", review_by=today + datetime.timedelta(days=100))
    client.force_login(marketing_user)
    content = client.get("/cms/governance/reports/needs-review/").content
    assert b"Overdue one" in content and b"Fresh one" not in content


def backdate(asset, days):
    AssetPage.objects.filter(pk=asset.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_unused_content_and_one_click_retire(client, library, marketing_user, sales_user):
    unused = CaseStudyPageFactory(title="Dusty deck")
    used = CaseStudyPageFactory(title="Popular deck")
    brand_new = CaseStudyPageFactory(title="Brand new deck")
    backdate(unused, 200)
    backdate(used, 200)
    UsageEventFactory(
        asset=unused, user=sales_user, occurred_at=timezone.now() - datetime.timedelta(days=120)
    )
    UsageEventFactory(
        asset=used, user=sales_user, occurred_at=timezone.now() - datetime.timedelta(days=3)
    )
    # Feedback is an event like any other (DESIGN §6): given before the window, it is old.
    UsageEventFactory(
        asset=unused,
        user=sales_user,
        kind="feedback",
        occurred_at=timezone.now() - datetime.timedelta(days=100),
    )
    usage_rollup_run()

    assert [asset.pk for asset in assets_unused()] == [unused.pk]
    assert brand_new.pk not in {asset.pk for asset in assets_unused()}
    # One definition: the dashboard's figure over the same 90 days counts the same asset
    # (and the brand-new one, which the marketing report gives a grace period).
    today = timezone.localdate()
    dashboard = set(
        unused_selector(since=today - datetime.timedelta(days=90), until=today).values_list(
            "pk", flat=True
        )
    )
    assert unused.pk in dashboard and brand_new.pk in dashboard and used.pk not in dashboard

    client.force_login(marketing_user)
    assert b"Dusty deck" in client.get("/cms/governance/reports/unused/").content
    response = client.post(f"/cms/governance/retire/{unused.pk}/quick/")
    assert response.status_code == 302
    assert not AssetPage.objects.get(pk=unused.pk).live
    assert unused.retirement.reason == "No use in 90 days."


def test_content_gaps_show_zero_result_queries_and_open_requests(
    client, library, marketing_user, sales_user
):
    for _ in range(2):
        assets_search(query=SearchQuery(text="quantum widgets", user=sales_user))
    services.content_request_create(requester=sales_user, what="Quantum widget battlecard")
    client.force_login(marketing_user)
    content = client.get("/cms/governance/reports/content-gaps/").content.decode()
    assert "quantum widgets" in content
    assert "Quantum widget battlecard" in content


def test_coverage_counts_live_assets_per_segment_and_stage(client, library, marketing_user):
    CaseStudyPageFactory(segments=["Retail"], stages=["Demo", "Proposal"])
    CaseStudyPageFactory(segments=["Retail"], stages=["Demo"])
    CaseStudyPageFactory(segments=["Retail"], stages=["Demo"], live=False)
    CaseStudyPageFactory(segments=["SMB"])

    coverage = coverage_matrix()

    rows = {
        row.segment: dict(zip(coverage.stages, row.counts, strict=True)) for row in coverage.rows
    }
    assert rows["Retail"]["Demo"] == 2 and rows["Retail"]["Proposal"] == 1
    assert rows["Retail"]["Closing"] == 0
    assert sum(rows["SMB"].values()) == 0
    assert coverage.untagged == 1
    client.force_login(marketing_user)
    assert b"Retail" in client.get("/cms/governance/reports/coverage/").content


def test_one_click_retire_writes_the_reason_in_the_marketers_language(
    client, library, marketing_user
):
    profile = UserProfile.get_for_user(marketing_user)
    profile.preferred_language = "pl"
    profile.save()
    dusty = CaseStudyPageFactory(title="Zakurzona prezentacja")
    client.force_login(marketing_user)

    response = client.post(f"/cms/governance/retire/{dusty.pk}/quick/")

    assert response.status_code == 302
    assert dusty.retirement.reason == "Brak użycia od 90 dni."
