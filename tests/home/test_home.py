"""A rep's home on /library/: open deals with their play or recommended assets, recently
used, favourites, new content for their segments, notifications (unread first); stars are
POST, idempotent and never reveal what the rep may not see; the query count is pinned."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from content.groups import MANAGERS
from content.models import SegmentTag, StageTag
from enablement.home import services
from enablement.home.models import Favourite, HomeVisit
from enablement.notifications.services import notification_mark_read, notify
from tests.factories import CaseStudyPageFactory, play_create
from tests.tracking.factories import DealFactory, UsageEventFactory

pytestmark = pytest.mark.django_db

# On the database backend (the embedded default): the browse list (14, see
# tests/search/test_views.py: page, totals and facets are one statement) + the home: the
# visit, deals, plays, stage assets, recent uses, favourites, new content, notifications
# (and their visible assets).
HOME_QUERIES = 28


def home_html(client):
    response = client.get(reverse("library:search"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-rep-home" in html
    return html


def section(html, name):
    start = html.index(f'class="home-card home-{name}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def rep_world(library, sales_user):
    healthcare = SegmentTag.objects.get_or_create(name="Healthcare", slug="healthcare")[0]
    discovery = StageTag.objects.get(name="Discovery")
    demo = StageTag.objects.get(name="Demo")
    story = CaseStudyPageFactory(title="Discovery story", stages=["Discovery"])
    demo_deck = CaseStudyPageFactory(title="Demo deck", stages=["Demo"], segments=["Healthcare"])
    secret = CaseStudyPageFactory(title="Managers' secret", stages=["Demo"], groups=[MANAGERS])
    play = play_create(
        title="Healthcare discovery play",
        segment_name="Healthcare",
        stage_name="Discovery",
        items=[(story, "Open with this")],
    )
    DealFactory(owner=sales_user, name="Mercy Hospital", segment=healthcare, stage=discovery)
    DealFactory(owner=sales_user, name="Saint Luke", segment=healthcare, stage=demo)
    DealFactory(name="Someone else's deal", stage=demo)
    UsageEventFactory(asset=story, user=sales_user)
    return {"story": story, "demo": demo_deck, "secret": secret, "play": play}


def test_home_shows_deals_with_play_or_assets(client, sales_user, rep_world):
    client.force_login(sales_user)

    deals = section(home_html(client), "deals")

    assert "Mercy Hospital" in deals and "Healthcare discovery play" in deals
    assert "Saint Luke" in deals and "Demo deck" in deals
    assert "Managers' secret" not in deals
    assert "Someone else's deal" not in deals


def test_star_an_asset_and_find_it_in_favourites(client, sales_user, rep_world):
    client.force_login(sales_user)
    url = reverse("home:favourite", args=[rep_world["demo"].pk])

    client.post(url, {"starred": "on"})
    again = client.post(url, {"starred": "on"}, HTTP_ACCEPT="application/json")

    assert again.json() == {"asset_id": rep_world["demo"].pk, "starred": True}
    assert Favourite.objects.filter(user=sales_user).count() == 1
    assert "Demo deck" in section(home_html(client), "favourites")
    client.post(url, {"starred": "off"})
    assert "Demo deck" not in section(home_html(client), "favourites")


def test_star_refuses_hidden_assets_and_bad_input(client, sales_user, rep_world):
    client.force_login(sales_user)
    draft = CaseStudyPageFactory(title="Draft", live=False)

    assert (
        client.post(
            reverse("home:favourite", args=[rep_world["secret"].pk]), {"starred": "on"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("home:favourite", args=[draft.pk]), {"starred": "on"}).status_code
        == 404
    )
    assert client.post(f"/library/favourites/{10**30}/", {"starred": "on"}).status_code == 404
    for value in ["", "yes", "on\x00", "'\"><script>", "1" * 5000]:
        response = client.post(
            reverse("home:favourite", args=[rep_world["demo"].pk]), {"starred": value}
        )
        assert response.status_code == 400 and "starred" in response.json()["errors"]
    assert client.get(reverse("home:favourite", args=[rep_world["demo"].pk])).status_code == 405
    assert not Favourite.objects.exists()


def test_star_needs_csrf(sales_user, rep_world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(sales_user)
    response = strict.post(
        reverse("home:favourite", args=[rep_world["demo"].pk]), {"starred": "on"}
    )
    assert response.status_code == 403 and not Favourite.objects.exists()


def test_starred_asset_that_gets_restricted_leaves_the_home(client, sales_user, rep_world):
    services.favourite_set(user=sales_user, asset_id=rep_world["demo"].pk, starred=True)
    rep_world["demo"].unpublish()
    client.force_login(sales_user)
    assert "Demo deck" not in section(home_html(client), "favourites")


def test_recently_used_and_notifications_unread_first(client, sales_user, rep_world):
    read = notify(recipient=sales_user, kind="link_opened", title="Old news", dedupe_key="a")
    notification_mark_read(user=sales_user, notification_id=read.pk)
    notify(recipient=sales_user, kind="link_opened", title="Fresh news", dedupe_key="b")
    client.force_login(sales_user)

    html = home_html(client)

    assert "Discovery story" in section(html, "recent")
    notes = section(html, "notifications")
    assert notes.index("Fresh news") < notes.index("Old news")
    assert 'data-unread-count="1"' in html


def test_new_and_updated_for_my_segments_since_my_last_visit(client, sales_user, rep_world):
    from content.models import AssetPage

    three_hours_ago = timezone.now() - datetime.timedelta(hours=3)
    AssetPage.objects.update(last_published_at=three_hours_ago, first_published_at=three_hours_ago)
    client.force_login(sales_user)
    first = section(home_html(client), "new")
    assert "Demo deck" in first  # the first visit looks back 14 days
    HomeVisit.objects.filter(user=sales_user).update(
        last_visit_at=timezone.now() - datetime.timedelta(hours=2)
    )
    CaseStudyPageFactory(title="Fresh healthcare story", segments=["Healthcare"])
    CaseStudyPageFactory(title="Fresh retail story", segments=["Retail"])

    new = section(home_html(client), "new")

    assert "Fresh healthcare story" in new and "Fresh retail story" not in new
    assert "Demo deck" not in new  # published before the last visit
    assert ">New<" in new


def test_a_query_or_filter_keeps_the_search_page(client, sales_user, rep_world):
    client.force_login(sales_user)
    for params in ({"q": "story"}, {"stage": "Demo"}, {"page": "2"}):
        html = client.get(reverse("library:search"), params).content.decode()
        assert "data-rep-home" not in html


def test_asset_page_has_the_star(client, sales_user, rep_world):
    client.force_login(sales_user)
    html = client.get(rep_world["demo"].url).content.decode()
    assert reverse("home:favourite", args=[rep_world["demo"].pk]) in html
    assert 'aria-pressed="false"' in html


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_home_query_count_is_pinned(
    client, sales_user, rep_world, search_backend, django_assert_max_num_queries
):
    client.force_login(sales_user)
    home_html(client)  # warm caches (site root paths, content types)
    for number in range(8):
        asset = CaseStudyPageFactory(
            title=f"More {number}", stages=["Demo"], segments=["Healthcare"]
        )
        services.favourite_set(user=sales_user, asset_id=asset.pk, starred=True)
        UsageEventFactory(asset=asset, user=sales_user)
        DealFactory(owner=sales_user, stage=StageTag.objects.get(name="Demo"))
        notify(
            recipient=sales_user, kind="link_opened", title=f"N{number}", dedupe_key=f"n{number}"
        )

    with django_assert_max_num_queries(HOME_QUERIES):
        home_html(client)
