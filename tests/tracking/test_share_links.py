"""Share links: unguessable, expiring, revocable; prospect opens are deal events."""

import datetime

import pytest
from django.utils import timezone

from content.groups import MARKETING, SALES
from enablement.tracking.models import ShareLink, UsageEvent
from enablement.tracking.services import ShareLinkError, share_link_create, share_token_hash
from tests.factories import CaseStudyPageFactory, UserFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(library, sales_user):
    asset = CaseStudyPageFactory(title="Acme cut onboarding time by 40%", customer="Acme")
    deal = DealFactory(owner=sales_user, name="Globex renewal")
    link, token = share_link_create(asset=asset, deal=deal, user=sales_user)
    return link, token


def test_creating_a_link_stores_only_a_hash_and_records_a_share(shared, sales_user):
    link, token = shared
    assert len(token) >= 43
    assert link.token_hash == share_token_hash(token)
    assert token not in link.token_hash
    share = UsageEvent.objects.get(kind="share")
    assert (share.user, share.deal, share.asset_id) == (sales_user, link.deal, link.asset_id)


def test_prospect_sees_the_asset_without_login_and_each_open_is_a_prospect_view(client, shared):
    link, token = shared
    for _ in range(2):
        response = client.get(f"/share/{token}/")
        assert response.status_code == 200
    assert b"Acme cut onboarding time by 40%" in response.content
    views = UsageEvent.objects.filter(kind="view")
    assert views.count() == 2
    assert all(
        e.user is None and e.deal_id == link.deal_id and e.metadata["prospect"] is True
        for e in views
    )
    link.refresh_from_db()
    assert link.opens == 2


def test_expired_link_shows_a_clear_410(client, shared):
    link, token = shared
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    response = client.get(f"/share/{token}/")
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    assert not UsageEvent.objects.filter(kind="view").exists()


def test_revoked_link_shows_a_clear_410(client, shared, sales_user):
    link, token = shared
    client.force_login(sales_user)
    assert client.post(f"/library/share-links/{link.pk}/revoke/").status_code == 302
    client.logout()
    response = client.get(f"/share/{token}/")
    assert response.status_code == 410
    assert b"no longer available" in response.content


def test_only_the_creator_can_revoke(client, shared, library):
    link, _ = shared
    client.force_login(UserFactory(groups=[SALES]))
    assert client.post(f"/library/share-links/{link.pk}/revoke/").status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_asset_no_longer_live_shows_410_not_500(client, shared):
    link, token = shared
    link.asset.unpublish()
    response = client.get(f"/share/{token}/")
    assert response.status_code == 410
    assert b"no longer available" in response.content


def test_guessed_or_malformed_tokens_are_404(client, shared):
    _, token = shared
    assert client.get(f"/share/{token[:-1]}x/").status_code == 404
    assert client.get("/share/1/").status_code == 404
    assert client.get("/share/" + "a" * 300 + "/").status_code == 404


def test_cannot_share_restricted_asset_or_someone_elses_deal(library, sales_user):
    restricted = CaseStudyPageFactory(groups=[MARKETING])
    mine = DealFactory(owner=sales_user)
    theirs = DealFactory(owner=UserFactory(groups=[SALES]))
    with pytest.raises(ShareLinkError):
        share_link_create(asset=restricted, deal=mine, user=sales_user)
    with pytest.raises(ShareLinkError):
        share_link_create(asset=CaseStudyPageFactory(), deal=theirs, user=sales_user)
    with pytest.raises(ShareLinkError):
        share_link_create(
            asset=CaseStudyPageFactory(),
            deal=DealFactory(owner=sales_user, status="won", closed_at=timezone.now()),
            user=sales_user,
        )


def test_share_from_the_asset_page_endpoint_returns_the_url_once(client, library, sales_user):
    asset = CaseStudyPageFactory()
    deal = DealFactory(owner=sales_user)
    client.force_login(sales_user)
    response = client.post(
        f"/library/assets/{asset.pk}/share/",
        {"deal_id": deal.pk, "expires_in_days": "7"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    url = response.json()["url"]
    assert "/share/" in url
    link = ShareLink.objects.get()
    assert link.expires_at - link.created_at == pytest.approx(
        datetime.timedelta(days=7), abs=datetime.timedelta(seconds=5)
    )
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert client.get(f"/share/{token}/").status_code == 200
    # the list of my links never shows the token again
    assert token.encode() not in client.get("/library/share-links/").content
