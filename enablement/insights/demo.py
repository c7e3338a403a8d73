"""Demo sales teams (run by seed_demo through ENABLEMENT_DEMO_SEEDERS)."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model

from enablement.insights.models import Team

# Team name, manager, members (demo usernames from demo/users.py; missing ones are skipped).
DEMO_TEAMS = (
    ("Enterprise East", "helen", ("riley", "jordan")),
    ("Mid-Market West", "helen", ("priya", "marcus")),
    ("SMB & Public Sector", "helen", ("elena",)),
)


def seed_teams(*, stdout=None, rng: random.Random) -> None:
    """A few teams managed by the demo manager; safe to run again (nothing duplicated)."""
    users = {user.username: user for user in get_user_model().objects.all()}
    for name, manager, members in DEMO_TEAMS:
        team, _ = Team.objects.get_or_create(name=name, defaults={"manager": users.get(manager)})
        team.members.add(*[users[username] for username in members if username in users])
    if stdout is not None:
        stdout.write(f"Teams: {', '.join(name for name, _, _ in DEMO_TEAMS)}.")
