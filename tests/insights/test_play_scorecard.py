"""The play scorecard: reps who opened the play, its assets used in deals, and the win
rate of the deals that used it, with sample sizes, "not enough data" below 5 closed deals
and the Wilson interval; managers only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import PlayOpen
from enablement.insights.selectors import play_scorecard
from enablement.insights.statistics import wilson_interval
from enablement.tracking.models import Deal, DealInfluence
from tests.factories import CaseStudyPageFactory, UserFactory, play_create
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SINCE = TODAY - datetime.timedelta(days=29)


@pytest.fixture
def world(library, sales_user):
    first = CaseStudyPageFactory(title="First asset")
    second = CaseStudyPageFactory(title="Second asset")
    outside = CaseStudyPageFactory(title="Not in the play")
    play = play_create(title="Retail demo", stage_name="Demo", items=[(first, "a"), (second, "b")])
    other_rep = UserFactory(username="rita", first_name="Rita", last_name="Rep")
    for days_ago in (1, 2, 3):
        PlayOpen.objects.create(
            play=play,
            user=sales_user,
            day=TODAY - datetime.timedelta(days=days_ago),
            opened_at=timezone.now() - datetime.timedelta(days=days_ago),
        )
    PlayOpen.objects.create(play=play, user=other_rep, day=TODAY, opened_at=timezone.now())
    PlayOpen.objects.create(  # before the period
        play=play,
        user=UserFactory(username="lapsed"),
        day=TODAY - datetime.timedelta(days=60),
        opened_at=timezone.now() - datetime.timedelta(days=60),
    )
    return {"play": play, "first": first, "second": second, "outside": outside}


def influenced(asset, *, status, days_ago=5):
    closed = timezone.now() - datetime.timedelta(days=days_ago)
    deal = DealFactory(status=status, closed_at=None if status == Deal.Status.OPEN else closed)
    DealInfluence.objects.create(
        deal=deal, asset=asset, first_used_at=closed, last_used_at=closed, uses=1
    )
    return deal


def test_scorecard_counts_reps_deals_and_win_rate_with_interval(world, sales_user):
    for _ in range(4):
        influenced(world["first"], status=Deal.Status.WON)
    lost = influenced(world["second"], status=Deal.Status.LOST)
    DealInfluence.objects.create(  # the same deal through both assets counts once
        deal=lost,
        asset=world["first"],
        first_used_at=lost.closed_at,
        last_used_at=lost.closed_at,
        uses=1,
    )
    influenced(world["second"], status=Deal.Status.LOST)
    influenced(world["second"], status=Deal.Status.OPEN)
    influenced(world["outside"], status=Deal.Status.WON)  # not the play's

    card = play_scorecard(play=world["play"], since=SINCE, until=TODAY)

    assert card.reps_opened == 2
    assert [(rep.name, rep.days_opened) for rep in card.reps] == [
        (sales_user.get_full_name(), 3),
        ("Rita Rep", 1),
    ]
    assert [(use.title, use.deals) for use in card.assets] == [
        ("First asset", 5),
        ("Second asset", 3),
    ]
    assert card.deals_used == 7
    assert (card.win_rate.won, card.win_rate.lost) == (4, 2)
    assert card.win_rate.rate == pytest.approx(4 / 6)
    assert card.win_rate_ci == pytest.approx(wilson_interval(4, 6))
    assert card.baseline.closed == 7  # the outside deal too


def test_below_five_closed_deals_the_rate_is_not_enough_data(world, client, manager_user):
    for _ in range(3):
        influenced(world["first"], status=Deal.Status.WON)

    card = play_scorecard(play=world["play"], since=SINCE, until=TODAY)
    assert card.win_rate.closed == 3 and card.win_rate.rate is None and card.win_rate_ci is None

    client.force_login(manager_user)
    html = client.get(reverse("insights:play-scorecard", args=[world["play"].pk])).content.decode()
    assert "not enough data" in html and "n=3" in html
    assert "Rita Rep" in html and "First asset" in html


def test_scorecard_is_for_managers_and_linked_from_the_play_and_the_tabs(
    world, client, sales_user, manager_user
):
    url = reverse("insights:play-scorecard", args=[world["play"].pk])
    client.force_login(sales_user)
    assert client.get(url).status_code == 403
    assert client.get(reverse("insights:plays")).status_code == 403

    client.force_login(manager_user)
    assert url in client.get(world["play"].url).content.decode()
    listing = client.get(reverse("insights:plays")).content.decode()
    assert url in listing and reverse("insights:plays") in listing
    assert client.get(reverse("insights:play-scorecard", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"since": "'; drop"}, {"until": "9" * 400}, {"since": "2026-13-45"}, {"preset": "\x00"}],
)
def test_hostile_period_falls_back_or_is_rejected_never_500(world, client, manager_user, params):
    client.force_login(manager_user)
    response = client.get(reverse("insights:play-scorecard", args=[world["play"].pk]), params)
    assert response.status_code in (200, 400)


def test_csv_export_of_the_reps(world, client, manager_user, sales_user):
    client.force_login(manager_user)
    response = client.get(
        reverse("insights:play-scorecard", args=[world["play"].pk]), {"export": "reps"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert f"{sales_user.get_full_name()},3," in response.content.decode()
