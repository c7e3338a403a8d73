"""Teams are insights' own model: the filter lists them, and membership decides the numbers."""

from __future__ import annotations

import random

import pytest
from django.contrib.auth.models import Group

from content.groups import MANAGERS, SALES
from enablement.insights import selectors
from enablement.insights.demo import DEMO_TEAMS, seed_teams
from enablement.insights.models import Team
from tests.factories import UserFactory
from tests.insights_world import MARCH_1, MARCH_31

MARCH = {"since": "2026-03-01", "until": "2026-03-31"}


def test_filter_lists_only_teams_not_permission_groups(client, world, manager_user):
    assert Group.objects.filter(name__in=["Editors", "Moderators"]).count() == 2  # Wagtail's
    Group.objects.create(name="Just a group")
    client.force_login(manager_user)

    page = client.get("/insights/", MARCH).content.decode()

    assert '<option value="Team East" >Team East</option>' in page
    assert '<option value="Team West" >Team West</option>' in page
    for group in ("Editors", "Moderators", "Just a group", SALES, MANAGERS):
        assert f'<option value="{group}"' not in page


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("Moderators", "Unknown team"),
        ("Editors", "Unknown team"),
        ('"><script>alert(1)</script>', "Unknown team"),
        ("Team East\x00", "Null characters are not allowed."),
        ("x" * 5000, "Unknown team"),
    ],
)
def test_unknown_or_hostile_team_is_a_form_error(client, world, manager_user, value, error):
    client.force_login(manager_user)

    response = client.get("/insights/adoption/", {**MARCH, "team": value})

    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "<script>alert(1)" not in page


def test_membership_decides_the_team_figures(world):
    # rep3 is in no team group: only Team membership can put their events in a team.
    solo = Team.objects.create(name="Solo", manager=world.reps["rep1"])
    solo.members.add(world.reps["rep3"])

    result = selectors.summary(since=MARCH_1, until=MARCH_31, team=solo)

    assert result.uses == 3  # C on Mar 1 and 15, the retired Z on Mar 18
    assert result.active_users == 1
    assert (result.baseline.won, result.baseline.lost) == (1, 1)  # W4 won, L3 lost
    # The manager (rep1) leads the team but is not a member: none of rep1's 5 uses count.
    [rep] = selectors.adoption_by_rep(since=MARCH_1, until=MARCH_31, team=solo)
    assert (rep.name, rep.uses, rep.teams) == ("Cy Solo", 3, ["Solo"])


def test_leaving_a_team_takes_the_figures_along(world):
    east = world.teams["east"]
    east.members.remove(world.reps["rep1"])

    result = selectors.summary(since=MARCH_1, until=MARCH_31, team=east)

    assert (result.uses, result.active_users, result.baseline.closed) == (0, 0, 0)


def test_team_filter_on_pages_and_asset_figures(client, world, manager_user):
    client.force_login(manager_user)

    kpis = client.get("/insights/", {**MARCH, "team": "Team West", "export": "kpis"})
    assets = selectors.asset_performance(since=MARCH_1, until=MARCH_31, team=world.teams["west"])
    adoption = client.get("/insights/adoption/", {**MARCH, "export": "teams"}).content.decode()

    assert "Uses (events),3," in kpis.content.decode()  # rep2: B Mar 2, R Mar 20, A Mar 30
    assert {row.title: row.uses for row in assets if row.uses} == {
        "Alpha case": 1,
        "Beta deck": 1,
        "Restricted win story": 1,
    }
    assert "Team East," in adoption and "Team West," in adoption


def test_superuser_manages_teams_in_the_wagtail_admin(client, superuser):
    rep = UserFactory(username="newrep", groups=[SALES])
    boss = UserFactory(username="boss", groups=[MANAGERS])
    client.force_login(superuser)

    listing = client.get("/cms/sales_teams/")
    created = client.post(
        "/cms/sales_teams/new/", {"name": "Nordics", "manager": boss.pk, "members": [rep.pk]}
    )
    duplicate = client.post("/cms/sales_teams/new/", {"name": "Nordics", "members": []})
    hostile = client.post("/cms/sales_teams/new/", {"name": "N\x00", "members": ["'; --"]})

    assert listing.status_code == 200
    assert created.status_code == 302
    team = Team.objects.get()
    assert (team.name, team.manager, list(team.members.all())) == ("Nordics", boss, [rep])
    assert duplicate.status_code == 200 and hostile.status_code == 200  # form errors
    assert Team.objects.count() == 1


def test_managers_group_cannot_edit_teams(client, manager_user):
    client.force_login(manager_user)

    response = client.get("/cms/sales_teams/new/")

    assert response.status_code in (302, 403)
    assert not Team.objects.exists()


def test_demo_seeder_adds_teams_once(db):
    for username in ("riley", "jordan", "priya", "helen"):
        UserFactory(username=username)

    seed_teams(rng=random.Random(1))
    seed_teams(rng=random.Random(1))

    assert Team.objects.count() == len(DEMO_TEAMS)
    east = Team.objects.get(name="Enterprise East")
    assert east.manager.username == "helen"
    assert sorted(east.members.values_list("username", flat=True)) == ["jordan", "riley"]
    assert list(
        Team.objects.get(name="Mid-Market West").members.all().values_list("username", flat=True)
    ) == ["priya"]  # marcus does not exist here: skipped, not an error
