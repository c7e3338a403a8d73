"""Review reminders once per asset and due date; Verify moves review_by; freshness share."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import PageLogEntry

from content.models import AssetPage
from enablement.governance import services
from enablement.governance.models import ReviewNotification
from enablement.governance.selectors import freshness_share
from enablement.governance.tasks import send_review_reminders
from tests.factories import CaseStudyPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def owner(db):
    return UserFactory(username="olive", email="olive@example.com", groups=["Sales"])


def test_reminders_go_once_per_due_date_then_once_when_overdue(library, owner):
    # given one asset due soon, one overdue, one fine, one draft that is due
    due = CaseStudyPageFactory(title="Due soon", owner_user=owner, review_by=days(5))
    overdue = CaseStudyPageFactory(title="Overdue", owner_user=owner, review_by=days(-3))
    CaseStudyPageFactory(title="Fine", owner_user=owner, review_by=days(60))
    CaseStudyPageFactory(title="Draft", owner_user=owner, review_by=days(-3), live=False)

    # when the beat task runs twice
    first = send_review_reminders()
    second = send_review_reminders()

    # then one email went, covering the two live assets, and nothing more
    assert first == {"queued": 2, "emails_sent": 1}
    assert second == {"queued": 0, "emails_sent": 0}
    assert len(mail.outbox) == 1
    [message] = mail.outbox
    assert message.to == ["olive@example.com"]
    assert "Due soon" in message.body and "Overdue" in message.body
    assert "Fine" not in message.body and "Draft" not in message.body
    assert set(ReviewNotification.objects.values_list("asset_id", "kind")) == {
        (due.pk, "due"),
        (overdue.pk, "overdue"),
    }

    # when the due-soon asset's date passes, its overdue reminder goes once
    assert services.review_reminders_send(today=days(6)).emails_sent == 1
    assert services.review_reminders_send(today=days(6)).emails_sent == 0
    assert len(mail.outbox) == 2
    assert "Due soon" in mail.outbox[1].body and "OVERDUE" in mail.outbox[1].body


def test_a_new_review_date_gets_its_own_reminders(library, owner, marketing_user):
    asset = CaseStudyPageFactory(owner_user=owner, review_by=days(-1))
    services.review_reminders_send()
    new_date = services.asset_verify(asset=asset, user=owner)
    assert (
        services.review_reminders_send(today=new_date - datetime.timedelta(days=3)).emails_sent == 1
    )
    assert ReviewNotification.objects.filter(asset=asset).count() == 2


def test_verify_moves_review_forward_with_a_new_published_revision(library, owner, sales_user):
    asset = CaseStudyPageFactory(owner_user=owner, review_by=days(-10))
    revisions_before = asset.revisions.count()

    new_date = services.asset_verify(asset=asset, user=owner)

    asset = AssetPage.objects.get(pk=asset.pk)
    assert new_date == days(services.VERIFY_EXTENDS_DAYS)
    assert asset.review_by == new_date and asset.live and not asset.has_unpublished_changes
    assert asset.revisions.count() == revisions_before + 1
    assert asset.latest_revision.content["review_by"] == new_date.isoformat()
    assert PageLogEntry.objects.filter(page=asset, action="enablement.verify").exists()
    with pytest.raises(PermissionDenied):
        services.asset_verify(asset=asset, user=sales_user)


def test_verify_keeps_a_pending_draft_unpublished(library, owner):
    asset = CaseStudyPageFactory(title="Live title", owner_user=owner, review_by=days(-1))
    draft = asset.get_latest_revision_as_object()
    draft.title = "Draft title"
    draft.save_revision()

    new_date = services.asset_verify(asset=asset, user=owner)

    asset = AssetPage.objects.get(pk=asset.pk)
    assert asset.title == "Live title" and asset.review_by == new_date
    assert asset.has_unpublished_changes
    latest = asset.get_latest_revision_as_object()
    assert (latest.title, latest.review_by) == ("Draft title", new_date)


def test_verify_button_on_the_asset_page_for_owner_and_marketing(
    client, library, owner, marketing_user, sales_user
):
    asset = CaseStudyPageFactory(owner_user=owner, review_by=days(-2))
    url = f"/library/governance/assets/{asset.pk}/verify/"
    client.force_login(sales_user)
    assert client.post(url).status_code == 403
    client.force_login(owner)
    page = client.get(asset.url)
    assert b"Verify" in page.content and b"Overdue" in page.content
    assert client.post(url, {"next": asset.url}).status_code == 302
    assert AssetPage.objects.get(pk=asset.pk).review_by == days(services.VERIFY_EXTENDS_DAYS)
    client.force_login(marketing_user)
    assert client.post(url).status_code == 302


def test_freshness_share(library):
    assert freshness_share() is None
    CaseStudyPageFactory(review_by=days(10), segments=["Healthcare"])
    CaseStudyPageFactory(review_by=days(-1), segments=["Healthcare"])
    CaseStudyPageFactory(review_by=days(-1), segments=["Retail"])
    CaseStudyPageFactory(review_by=None, segments=["Retail"])
    CaseStudyPageFactory(review_by=days(-100), live=False)
    assert freshness_share() == 0.5
    assert freshness_share(segment="healthcare") == 0.5
    assert freshness_share(segment="Retail") == 0.5
    assert freshness_share(segment="SMB") is None


def test_admin_home_shows_review_panel(client, library, marketing_user):
    CaseStudyPageFactory(title="Mine to review", owner_user=marketing_user, review_by=days(-1))
    client.force_login(marketing_user)
    response = client.get("/cms/")
    assert response.status_code == 200
    assert b"Your content to review" in response.content
    assert b"Mine to review" in response.content
