"""Demo people: a few reps, marketers who own the content, a manager and an admin."""

from __future__ import annotations

from typing import NamedTuple

# Group names as content's data migration creates them (content.groups); seeding
# looks each one up and fails loudly on a name it does not know.
MANAGERS = "Managers"
MARKETING = "Marketing"
SALES = "Sales"


class DemoUser(NamedTuple):
    username: str
    first_name: str
    last_name: str
    group: str  # "" for the superuser
    password: str
    superuser: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("riley", "Riley", "Morgan", SALES, "riley-demo-pass"),
    DemoUser("jordan", "Jordan", "Patel", SALES, "jordan-demo-pass"),
    DemoUser("priya", "Priya", "Shah", SALES, "priya-demo-pass"),
    DemoUser("marcus", "Marcus", "Lee", SALES, "marcus-demo-pass"),
    DemoUser("elena", "Elena", "Novak", SALES, "elena-demo-pass"),
    DemoUser("maria", "Maria", "Chen", MARKETING, "maria-demo-pass"),
    DemoUser("devon", "Devon", "Alvarez", MARKETING, "devon-demo-pass"),
    DemoUser("helen", "Helen", "Brooks", MANAGERS, "helen-demo-pass"),
    DemoUser("admin", "Ada", "Admin", "", "admin-demo-pass", superuser=True),
)

CONTENT_OWNERS = ("maria", "devon")
