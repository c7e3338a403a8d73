"""Share links of retired and expired assets: the prospect sees the live replacement under
the same link (counted for it on the deal), or a clear 410 that says the content was
retired or expired, never a draft, restricted page or the internal reason."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from content.groups import MARKETING
from content.models import AssetDocument, AssetPage
from enablement.governance.services import asset_retire
from enablement.tracking.models import DealInfluence, ShareLink, UsageEvent
from enablement.tracking.services import share_link_create, usage_rollup_run
from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db

REASON = "Customer withdrew consent for the story"


@pytest.fixture
def shared_old(library, sales_user):
    old = CaseStudyPageFactory(title="Zephyr logistics story 2023")
    deal = DealFactory(owner=sales_user, name="Globex renewal")
    link, token = share_link_create(asset=old, deal=deal, user=sales_user)
    return old, link, token


def prospect_views():
    return list(UsageEvent.objects.filter(kind="view", user=None).order_by("pk"))


def test_retired_asset_link_shows_the_replacement_and_counts_the_view_for_it(
    client, shared_old, marketing_user
):
    # given a link to an asset that Marketing then retires naming a replacement
    old, link, token = shared_old
    new = CaseStudyPageFactory(title="Zephyr logistics story 2025")
    asset_retire(asset=old, user=marketing_user, reason=REASON, replacement=new)

    # when the prospect opens the link
    response = client.get(f"/share/{token}/")

    # then they see the replacement, told it replaces what was shared, at the same URL
    assert response.status_code == 200
    assert new.title.encode() in response.content
    assert old.title.encode() not in response.content
    assert REASON.encode() not in response.content
    assert b"replaced by this up-to-date version" in response.content
    # and the view counts for the replacement on the link's deal, noting the old link
    (view,) = prospect_views()
    assert (view.asset_id, view.deal_id) == (new.pk, link.deal_id)
    assert view.metadata == {
        "prospect": True,
        "share_link": link.pk,
        "via_retired_asset": old.pk,
    }
    link.refresh_from_db()
    assert link.opens == 1
    usage_rollup_run()
    assert DealInfluence.objects.filter(deal=link.deal, asset=new).exists()


def test_download_through_the_old_link_serves_the_replacement_file(
    client, shared_old, marketing_user
):
    old, _, token = shared_old
    document = AssetDocument.objects.create(
        title="New deck", file=ContentFile(b"%PDF-1.4 new", name="new.pdf")
    )
    new = CaseStudyPageFactory(title="Zephyr 2025", attachment=document)
    asset_retire(asset=old, user=marketing_user, reason=REASON, replacement=new)

    assert f"/share/{token}/file/".encode() in client.get(f"/share/{token}/").content
    response = client.get(f"/share/{token}/file/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 new"
    download = UsageEvent.objects.get(kind="download")
    assert (download.asset_id, download.metadata["via_retired_asset"]) == (new.pk, old.pk)


def test_chain_of_replacements_leads_to_the_live_one(client, shared_old, marketing_user):
    old, _, token = shared_old
    middle = CaseStudyPageFactory(title="Zephyr logistics story 2024")
    newest = CaseStudyPageFactory(title="Zephyr logistics story 2025")
    asset_retire(asset=old, user=marketing_user, reason="Superseded", replacement=middle)
    asset_retire(asset=middle, user=marketing_user, reason="Superseded", replacement=newest)

    response = client.get(f"/share/{token}/")

    assert response.status_code == 200
    assert newest.title.encode() in response.content
    assert [view.asset_id for view in prospect_views()] == [newest.pk]


def test_replacement_the_sharer_may_not_see_is_never_shown(client, shared_old, marketing_user):
    # given a replacement restricted to Marketing, which the Sales rep who shared cannot see
    old, _, token = shared_old
    restricted = CaseStudyPageFactory(title="Zephyr internal pricing", groups=[MARKETING])
    asset_retire(asset=old, user=marketing_user, reason=REASON, replacement=restricted)

    response = client.get(f"/share/{token}/")

    assert response.status_code == 410
    assert b"This content has been retired" in response.content
    assert restricted.title.encode() not in response.content
    assert prospect_views() == []


def test_replacement_back_to_draft_is_never_shown(client, shared_old, marketing_user):
    old, _, token = shared_old
    new = CaseStudyPageFactory(title="Zephyr logistics story 2025")
    asset_retire(asset=old, user=marketing_user, reason=REASON, replacement=new)
    new.unpublish()

    response = client.get(f"/share/{token}/")

    assert response.status_code == 410
    assert new.title.encode() not in response.content
    assert prospect_views() == []


def test_retired_without_replacement_says_so_without_title_or_reason(
    client, shared_old, marketing_user, sales_user
):
    old, _, token = shared_old
    asset_retire(asset=old, user=marketing_user, reason=REASON)

    response = client.get(f"/share/{token}/")

    assert response.status_code == 410
    assert b"This content has been retired" in response.content
    assert old.title.encode() not in response.content
    assert REASON.encode() not in response.content
    assert sales_user.email.encode() in response.content  # who to ask instead
    assert prospect_views() == []
    assert client.get(f"/share/{token}/file/").status_code == 410


def test_expired_asset_link_says_it_expired(client, shared_old, django_capture_on_commit_callbacks):
    old, _, token = shared_old
    AssetPage.objects.filter(pk=old.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", verbosity=0)

    response = client.get(f"/share/{token}/")

    assert response.status_code == 410
    assert b"This content has expired" in response.content
    assert old.title.encode() not in response.content
    assert prospect_views() == []


def test_expired_link_to_a_retired_asset_is_still_just_expired(client, shared_old, marketing_user):
    old, link, token = shared_old
    new = CaseStudyPageFactory(title="Zephyr logistics story 2025")
    asset_retire(asset=old, user=marketing_user, reason=REASON, replacement=new)
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())

    response = client.get(f"/share/{token}/")

    assert response.status_code == 410
    assert b"This link has expired" in response.content
    assert new.title.encode() not in response.content
