"""Retire and expire: out of the library, search, suggestions and share links at once;
old URLs lead to the replacement or a retired notice (410); history is kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from content.models import AssetPage
from content.selectors import assets_visible_to
from enablement.governance import services
from enablement.governance.models import AssetRetirement
from enablement.governance.selectors import asset_successor
from enablement.tracking.models import UsageEvent
from search.backends.base import SearchQuery
from search.selectors import asset_suggestions
from search.services import assets_search, assets_sync
from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import DealFactory, UsageEventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_and_new(library):
    old = CaseStudyPageFactory(title="Zephyr logistics story 2023", owner_user=None)
    new = CaseStudyPageFactory(title="Zephyr logistics story 2025")
    return old, new


def found_titles(user, text):
    results, _ = assets_search(query=SearchQuery(text=text, user=user), log=False)
    return {hit.title for hit in results.hits}


def suggested_titles(user, text):
    return {suggestion.title for suggestion in asset_suggestions(text=text, user=user)}


def test_retire_with_replacement_redirects_old_url(client, old_and_new, marketing_user, sales_user):
    old, new = old_and_new
    old_url = old.url

    services.asset_retire(
        asset=old, user=marketing_user, reason="Outdated figures", replacement=new
    )

    old.refresh_from_db()
    assert not old.live
    assert old.pk not in set(assets_visible_to(user=sales_user).values_list("pk", flat=True))
    client.force_login(sales_user)
    response = client.get(old_url)
    assert response.status_code == 302
    assert response["Location"] == new.url
    assert client.get(response["Location"]).status_code == 200
    retirement = AssetRetirement.objects.get(asset=old)
    assert (retirement.kind, retirement.reason, retirement.replacement_id) == (
        "retired",
        "Outdated figures",
        new.pk,
    )
    assert PageLogEntry.objects.filter(page=old, action="enablement.retire").exists()
    assert asset_successor(asset=old).pk == new.pk


def test_retire_without_replacement_shows_retired_notice(
    client, old_and_new, marketing_user, sales_user
):
    old, _ = old_and_new
    old_url = old.url

    services.asset_retire(asset=old, user=marketing_user, reason="Product discontinued")

    client.force_login(sales_user)
    response = client.get(old_url, follow=True)
    assert response.status_code == 410
    assert b"no longer in the library" in response.content
    # the reason is Marketing's internal note: Sales sees a neutral line (issue 9, item 8)
    assert b"Product discontinued" not in response.content
    assert b"It is no longer current." in response.content
    assert asset_successor(asset=old) is None


def test_retired_assets_stay_in_stats_history(old_and_new, marketing_user, sales_user):
    old, _ = old_and_new
    UsageEventFactory(asset=old, user=sales_user)

    services.asset_retire(asset=old, user=marketing_user, reason="Superseded")

    assert AssetPage.objects.filter(pk=old.pk).exists()
    assert UsageEvent.objects.filter(asset_id=old.pk).count() == 1


def test_only_marketing_retires_and_input_is_checked(old_and_new, sales_user, marketing_user):
    old, _ = old_and_new
    with pytest.raises(PermissionDenied):
        services.asset_retire(asset=old, user=sales_user, reason="x")
    with pytest.raises(ValidationError) as missing_reason:
        services.asset_retire(asset=old, user=marketing_user, reason=" ")
    assert "reason" in missing_reason.value.message_dict
    with pytest.raises(ValidationError) as itself:
        services.asset_retire(asset=old, user=marketing_user, reason="x", replacement=old)
    assert "replacement" in itself.value.message_dict
    draft = CaseStudyPageFactory(live=False)
    with pytest.raises(ValidationError) as not_live:
        services.asset_retire(asset=old, user=marketing_user, reason="x", replacement=draft)
    assert "replacement" in not_live.value.message_dict
    old.refresh_from_db()
    assert old.live


def test_admin_retire_view_for_marketing_only(client, old_and_new, marketing_user, sales_user):
    old, new = old_and_new
    url = f"/cms/governance/retire/{old.pk}/"
    client.force_login(sales_user)
    assert client.post(url, {"reason": "x"}).status_code in (302, 403)
    assert AssetPage.objects.get(pk=old.pk).live

    client.force_login(marketing_user)
    edit_page = client.get(f"/cms/pages/{old.pk}/edit/")
    assert edit_page.status_code == 200
    assert url.encode() in edit_page.content  # the Retire… action in the editor
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Replaced by the 2025 story", "replacement": new.pk})
    assert response.status_code == 302
    assert not AssetPage.objects.get(pk=old.pk).live


def test_retired_asset_leaves_search_suggestions_and_share_links_at_once(
    client,
    search_backend,
    old_and_new,
    marketing_user,
    sales_user,
    django_capture_on_commit_callbacks,
):
    # given both stories indexed and a share link to the old one
    old, new = old_and_new
    assets_sync(asset_ids=[old.pk, new.pk])
    assert found_titles(sales_user, "zephyr") == {old.title, new.title}
    assert old.title in suggested_titles(sales_user, "zeph")
    from enablement.tracking.services import share_link_create

    deal = DealFactory(owner=sales_user)
    _, token = share_link_create(asset=old, deal=deal, user=sales_user)
    assert old.title.encode() in client.get(f"/share/{token}/").content

    # when Marketing retires it (commit hooks run as in a request)
    with django_capture_on_commit_callbacks(execute=True):
        services.asset_retire(asset=old, user=marketing_user, reason="Superseded", replacement=new)

    # then it is gone from search and suggestions, and the share link no longer shows it
    assert found_titles(sales_user, "zephyr") == {new.title}
    assert old.title not in suggested_titles(sales_user, "zeph")
    shared = client.get(f"/share/{token}/", follow=True)
    assert old.title.encode() not in shared.content
    assert shared.status_code in (200, 410)


def test_expired_asset_is_handled_like_a_retired_one(
    client, search_backend, library, sales_user, django_capture_on_commit_callbacks
):
    # given a live asset whose expiry time has passed
    asset = CaseStudyPageFactory(title="Quasar pricing sheet")
    assets_sync(asset_ids=[asset.pk])
    assert found_titles(sales_user, "quasar") == {asset.title}
    old_url = asset.url
    AssetPage.objects.filter(pk=asset.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    # when Wagtail's scheduler runs (the beat task governance.publish_scheduled)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", verbosity=0)

    # then it is expired, out of search and suggestions, and its URL says so (410)
    asset.refresh_from_db()
    assert asset.expired and not asset.live
    assert AssetRetirement.objects.get(asset=asset).kind == "expired"
    assert found_titles(sales_user, "quasar") == set()
    assert suggested_titles(sales_user, "quas") == set()
    client.force_login(sales_user)
    response = client.get(old_url, follow=True)
    assert response.status_code == 410
    assert b"expired" in response.content


def test_a_polish_marketer_reads_the_expired_notice_in_polish(client, library, marketing_user):
    asset = CaseStudyPageFactory(title="Cennik Kwazar")
    old_url = asset.url
    AssetPage.objects.filter(pk=asset.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    call_command("publish_scheduled", verbosity=0)
    profile = UserProfile.get_for_user(marketing_user)
    profile.preferred_language = "pl"
    profile.save()
    client.force_login(marketing_user)

    page = client.get(old_url, follow=True).content.decode()

    assert "<strong>Cennik Kwazar</strong> wygasł " in page
    assert "Expired on" not in page


def test_publishing_again_reinstates_a_retired_asset(
    client, old_and_new, marketing_user, sales_user
):
    old, _ = old_and_new
    old_url = old.url
    services.asset_retire(asset=old, user=marketing_user, reason="Paused")
    assert Redirect.objects.filter(old_path=old_url.rstrip("/")).exists()

    old.get_latest_revision().publish()

    assert not AssetRetirement.objects.filter(asset=old).exists()
    assert not Redirect.objects.filter(old_path=old_url.rstrip("/")).exists()
    client.force_login(sales_user)
    assert client.get(old_url).status_code == 200


def test_successor_follows_a_chain_of_replacements(library, marketing_user):
    first = CaseStudyPageFactory()
    second = CaseStudyPageFactory()
    third = CaseStudyPageFactory()
    services.asset_retire(asset=first, user=marketing_user, reason="v2", replacement=second)
    services.asset_retire(asset=second, user=marketing_user, reason="v3", replacement=third)
    assert asset_successor(asset=first).pk == third.pk
