"""An asset and its linked translation counted as one on the insights asset page: uses add
up, users and deals count once across the pair."""

from __future__ import annotations

import pytest

from enablement.insights.selectors import asset_performance
from enablement.insights.selectors.translations import asset_group_performance
from enablement.tracking.services import usage_rollup_run
from tests.factories import CaseStudyPageFactory
from tests.insights_world import MARCH_1, MARCH_31, at, record

MARCH = {"since": "2026-03-01", "until": "2026-03-31"}


@pytest.fixture
def pair(world):
    alpha = world.assets["A"]
    polish = CaseStudyPageFactory(
        title="Alfa: studium przypadku", language="pl", translation_of=alpha
    )
    # rep1 already used Alpha in W2 (counted once); rep3 brings W4, won in March
    record(polish, world.reps["rep1"], at(3, 6), deal=world.deals["W2"], kind="attach")
    record(polish, world.reps["rep3"], at(3, 20), deal=world.deals["W4"], kind="attach")
    usage_rollup_run()
    return alpha, polish


def test_the_pair_counts_uses_added_and_users_and_deals_once(pair):
    alpha, _ = pair
    alone = asset_performance(since=MARCH_1, until=MARCH_31, asset_ids=[alpha.pk])[0]
    both = asset_group_performance(asset=alpha, since=MARCH_1, until=MARCH_31)
    assert both.asset_id == alpha.pk and both.title == alpha.title
    assert both.uses == alone.uses + 2
    assert both.users == alone.users + 1  # rep3; rep1 used both
    assert both.deals_influenced == alone.deals_influenced + 1  # W4; W2 is shared
    assert (both.deals_won, both.deals_lost) == (alone.deals_won + 1, alone.deals_lost)
    assert both.influenced_revenue == alone.influenced_revenue + 2500


def test_an_asset_without_translations_is_itself(world):
    gamma = world.assets["C"]
    alone = asset_performance(since=MARCH_1, until=MARCH_31, asset_ids=[gamma.pk])[0]
    assert asset_group_performance(asset=gamma, since=MARCH_1, until=MARCH_31) == alone


def test_the_insights_page_toggles_the_pair(pair, client, manager_user):
    alpha, _ = pair
    client.force_login(manager_user)
    url = f"/insights/assets/{alpha.pk}/"
    alone = client.get(url, MARCH).content.decode()
    assert "Count its translations too" in alone
    together = client.get(url, {**MARCH, "translations": "together"}).content.decode()
    assert "The figures count its translation too." in together
    assert "Count this asset alone" in together
    # a hostile value is just "alone"
    odd = client.get(url, {**MARCH, "translations": "'\x00" * 50})
    assert odd.status_code == 200 and "Count its translations too" in odd.content.decode()
