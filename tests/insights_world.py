"""A small, fully known world of assets, deals and events for the insights tests (and the
insights browser tests, which use the same ``world`` fixture through this module rather than
importing another suite's conftest).

Everything goes through tracking's real services (``deal_upsert``, ``usage_event_record``,
``usage_rollup_run``), so the rollups read by the selectors are the ones production builds.
Expected values of each metric are worked out by hand in tests/insights/test_selectors.py.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from content.groups import MANAGERS, SALES
from enablement.governance.models import ContentRequest
from enablement.insights.models import Team
from enablement.tracking.services import deal_upsert, usage_event_record, usage_rollup_run
from search.backends.base import SearchQuery
from search.services import search_log_record
from tests.factories import (
    CaseStudyPageFactory,
    ObjectionPageFactory,
    PresentationPageFactory,
    UserFactory,
    segment,
    stage,
)

MARCH_1 = datetime.date(2026, 3, 1)
MARCH_31 = datetime.date(2026, 3, 31)
UTC = datetime.UTC


def at(month: int, day: int, hour: int = 12, minute: int = 0, second: int = 0):
    return datetime.datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


@dataclass
class World:
    assets: dict
    deals: dict
    reps: dict
    teams: dict


def record(asset, user, when, *, deal=None, kind="view"):
    usage_event_record(
        event_id=uuid.uuid4(), asset=asset, user=user, kind=kind, occurred_at=when, deal=deal
    )


@pytest.fixture
def world(db, library) -> World:
    enterprise, smb = segment("Enterprise"), segment("SMB")
    east = Group.objects.create(name="Team East")
    west = Group.objects.create(name="Team West")
    rep1 = UserFactory(username="rep1", first_name="Ann", last_name="East", groups=[SALES])
    rep2 = UserFactory(username="rep2", first_name="Bob", last_name="West", groups=[SALES])
    rep3 = UserFactory(username="rep3", first_name="Cy", last_name="Solo", groups=[SALES])
    rep1.groups.add(east)
    rep2.groups.add(west)
    # Teams are insights' Team rows; the groups above only restrict an asset below.
    team_east = Team.objects.create(name="Team East")
    team_west = Team.objects.create(name="Team West")
    team_east.members.add(rep1)
    team_west.members.add(rep2)

    a = CaseStudyPageFactory(title="Alpha case", segments=["Enterprise"], stages=["Demo"])
    b = PresentationPageFactory(
        title="Beta deck", segments=["Enterprise", "SMB"], stages=["Discovery", "Proposal"]
    )
    c = ObjectionPageFactory(title="Gamma objection", segments=["SMB"], stages=["Negotiation"])
    d = CaseStudyPageFactory(
        title="Delta unused",
        segments=["SMB"],
        stages=["Demo"],
        review_by=datetime.date.today() - datetime.timedelta(days=1),
    )
    r = CaseStudyPageFactory(title="Restricted win story", groups=["Team West", MANAGERS])
    expired = CaseStudyPageFactory(title="Expired story", segments=["Enterprise"])
    type(expired).objects.filter(pk=expired.pk).update(expired=True)
    z = CaseStudyPageFactory(title="Zulu retired", segments=["Enterprise"], stages=["Closing"])
    CaseStudyPageFactory(title="Draft story", live=False, segments=["Enterprise"])

    def deal(external_id, status, amount, created, closed, owner, account, seg=enterprise):
        return deal_upsert(
            external_id=external_id,
            name=external_id,
            account=account,
            segment=seg,
            stage=stage("Closing"),
            amount=Decimal(amount),
            owner=owner,
            created_at=created,
            closed_at=closed,
            status=status,
        )[0]

    deals = {
        "W1": deal("W1", "won", "1000", at(2, 1), at(3, 11), rep1, "Acme"),
        "W2": deal("W2", "won", "3000", at(3, 1), at(3, 21), rep1, "Beta"),
        "W3": deal("W3", "won", "1000", at(2, 21), at(3, 3), rep2, "Acme", seg=smb),
        "L1": deal("L1", "lost", "500", at(2, 1), at(3, 15), rep1, "Lost one"),
        "L2": deal("L2", "lost", "500", at(2, 1), at(3, 20), rep2, "Lost two"),
        "W4": deal("W4", "won", "2500", at(3, 15), at(3, 25), rep3, "Gamma"),
        "L3": deal("L3", "lost", "800", at(2, 1), at(3, 31, 23), rep3, "Lost three"),
        "W5": deal("W5", "won", "700", at(3, 1), at(4, 1, 0), rep2, "Delta"),
        "W0": deal("W0", "won", "400", at(1, 1), at(2, 28, 23, 59), rep1, "Beta"),
        "O1": deal("O1", "open", "900", at(3, 1), None, rep3, "Open one"),
    }

    # Outside the period (before / after) and influences of earlier deals.
    record(a, rep1, at(1, 10), deal=deals["W0"], kind="attach")
    record(a, rep1, at(2, 5), deal=deals["W1"], kind="attach")
    record(a, rep2, at(2, 25), deal=deals["W3"], kind="attach")
    record(b, rep2, at(2, 26), deal=deals["W3"], kind="share")
    record(a, rep2, at(2, 28, 23, 59, 59))
    record(a, rep1, at(4, 1, 0))
    # In the period (12 events).
    record(a, rep1, at(3, 1, 0))  # first instant of the period
    record(c, rep3, at(3, 1), deal=deals["W3"], kind="attach")
    record(b, rep2, at(3, 2), deal=deals["W1"], kind="share")
    record(a, rep1, at(3, 5), deal=deals["W2"], kind="present")
    record(a, rep1, at(3, 10), deal=deals["L1"], kind="attach")
    record(a, rep1, at(3, 12), deal=deals["L2"], kind="attach")
    record(c, rep3, at(3, 15), deal=deals["O1"], kind="attach")
    record(z, rep3, at(3, 18))
    record(r, rep2, at(3, 20))
    record(b, rep1, at(3, 28), deal=deals["W4"], kind="attach")  # after W4 closed: a use only
    record(a, rep2, at(3, 30), deal=deals["W5"], kind="attach")
    record(b, None, at(3, 31, 23, 59, 59))  # a prospect's open, last instant of the period

    z.unpublish()
    usage_rollup_run()

    # Content gaps: two zero-result searches in March, one that found something, requests.
    for text, found in (("gdpr pricing", 0), ("GDPR  pricing", 0), ("alpha", 3)):
        log = search_log_record(
            query=SearchQuery(text=text, user=rep1),
            result_count=found,
            backend="database",
            source="library",
        )
        type(log).objects.filter(pk=log.pk).update(created_at=at(3, 10))
    for status in ("new", "new", "planned", "done"):
        ContentRequest.objects.create(requester=rep2, what="A GDPR one-pager", status=status)
    return World(
        assets={"A": a, "B": b, "C": c, "D": d, "R": r, "Z": z, "expired": expired},
        deals=deals,
        reps={"rep1": rep1, "rep2": rep2, "rep3": rep3},
        teams={"east": team_east, "west": team_west},
    )
