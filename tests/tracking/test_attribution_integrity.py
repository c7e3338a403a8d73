"""A rep links usage only to their own open deals; integration users may backfill any
deal's history. Through the events API and the in-product capture views."""

import datetime
import json
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import APIToken

from content.groups import MANAGERS, SALES
from enablement.tracking.models import Deal, DealInfluence, ShareLink, UsageEvent
from enablement.tracking.services import usage_events_process
from tests.factories import CaseStudyPageFactory, PresentationPageFactory, UserFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/events/"
CLOSED_AT = timezone.now() - datetime.timedelta(days=10)
BEFORE_CLOSE = (CLOSED_AT - datetime.timedelta(days=3)).isoformat()


def api_client(user) -> Client:
    _, key = APIToken.create_token(user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def event(asset, deal_id, *, occurred_at=None) -> dict:
    return {
        "event_id": str(uuid.uuid4()),
        "asset_id": asset.pk,
        "kind": "present",
        "occurred_at": occurred_at or (timezone.now() - datetime.timedelta(minutes=1)).isoformat(),
        "deal_id": deal_id,
    }


def post(user, items, *, client=None):
    response = (client or api_client(user)).post(
        URL, data=json.dumps({"events": items}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def deals(sales_user):
    other_rep = UserFactory(username="otto-rep", groups=[SALES])
    return {
        "mine": DealFactory(external_id="006MINE", owner=sales_user),
        "theirs": DealFactory(external_id="006THEIRS", owner=other_rep),
        "unowned": DealFactory(external_id="006NOBODY", owner=None),
        "my_won": DealFactory(
            external_id="006WON", owner=sales_user, status=Deal.Status.WON, closed_at=CLOSED_AT
        ),
        "their_lost": DealFactory(
            external_id="006LOST", owner=other_rep, status=Deal.Status.LOST, closed_at=CLOSED_AT
        ),
    }


def test_a_rep_credits_only_their_own_open_deal(library, sales_user, deals):
    # given a rep posting the same use against each kind of deal, backdated to before close
    asset = CaseStudyPageFactory()
    items = [
        event(asset, "006MINE"),
        event(asset, "006THEIRS"),
        event(asset, "006NOBODY"),
        event(asset, "006WON", occurred_at=BEFORE_CLOSE),
        event(asset, "006LOST", occurred_at=BEFORE_CLOSE),
        event(asset, "006UNKNOWN"),
    ]

    # when posted
    body = post(sales_user, items)

    # then only the use on their own open deal is stored; the others are refused by reason
    errors = {item["index"]: item["errors"] for item in body["rejected"]}
    assert body["accepted"] == 1
    assert errors == {
        1: {"deal_id": ["Not one of your deals: link usage only to deals you own."]},
        2: {"deal_id": ["Not one of your deals: link usage only to deals you own."]},
        3: {"deal_id": ["The deal is closed: only integration users may backfill."]},
        4: {"deal_id": ["Not one of your deals: link usage only to deals you own."]},
        5: {"deal_id": ["Unknown deal."]},
    }
    assert list(UsageEvent.objects.values_list("deal__external_id", flat=True)) == ["006MINE"]
    usage_events_process()
    assert set(DealInfluence.objects.values_list("deal__external_id", flat=True)) == {"006MINE"}


@pytest.mark.parametrize("integration", ["permission", "manager", "superuser"])
def test_integration_users_may_backfill_any_deal(library, deals, integration):
    # given an integration user (CRM sync with tracking.change_deal, a Manager, a superuser)
    if integration == "permission":
        user = UserFactory(username="crm-sync", groups=[SALES])
        user.user_permissions.add(Permission.objects.get(codename="change_deal"))
    elif integration == "manager":
        user = UserFactory(username="mona", groups=[MANAGERS])
    else:
        user = UserFactory(username="root", is_superuser=True)
    asset = CaseStudyPageFactory()
    items = [
        event(asset, "006THEIRS"),
        event(asset, "006WON", occurred_at=BEFORE_CLOSE),
        event(asset, "006LOST", occurred_at=BEFORE_CLOSE),
    ]

    # when it posts history against other reps' and closed deals
    body = post(user, items)

    # then all of it is stored and the closed deals count the backdated use as influence
    assert (body["accepted"], body["rejected"]) == (3, [])
    usage_events_process()
    assert set(DealInfluence.objects.values_list("deal__external_id", flat=True)) == {
        "006THEIRS",
        "006WON",
        "006LOST",
    }


def test_deal_rights_cost_the_same_queries_for_10_or_1000_events(library, sales_user, deals):
    asset = CaseStudyPageFactory()
    deal_ids = ["006MINE", "006THEIRS", "006WON", "006NOBODY"]
    client = api_client(sales_user)
    counts = []
    for size in (10, 10, 1000):  # the first warms the per-process caches (content types)
        items = [event(asset, deal_ids[i % len(deal_ids)]) for i in range(size)]
        with CaptureQueriesContext(connection) as queries:
            post(sales_user, items, client=client)
        counts.append(len(queries))
    assert counts[1] == counts[2]


# -- in-product capture ------------------------------------------------------------------


def test_in_product_attach_and_share_refuse_closed_and_other_reps_deals(
    client, library, sales_user, deals
):
    asset = CaseStudyPageFactory()
    client.force_login(sales_user)
    json_accept = {"HTTP_ACCEPT": "application/json"}
    for deal in (deals["theirs"], deals["my_won"], deals["unowned"]):
        attach = client.post(
            f"/library/assets/{asset.pk}/use-in-deal/", {"deal_id": deal.pk}, **json_accept
        )
        share = client.post(
            f"/library/assets/{asset.pk}/share/", {"deal_id": deal.pk}, **json_accept
        )
        assert (attach.status_code, share.status_code) == (400, 400), deal.external_id
    assert not UsageEvent.objects.exists()
    assert not ShareLink.objects.exists()
    ok = client.post(
        f"/library/assets/{asset.pk}/use-in-deal/", {"deal_id": deals["mine"].pk}, **json_accept
    )
    assert ok.status_code == 200
    assert list(UsageEvent.objects.values_list("deal__external_id", flat=True)) == ["006MINE"]


def test_present_with_another_reps_deal_records_the_use_without_crediting_it(
    client, library, sales_user, deals
):
    deck = PresentationPageFactory()
    client.force_login(sales_user)
    assert (
        client.get(f"/library/assets/{deck.pk}/present/?deal={deals['theirs'].pk}").status_code
        == 200
    )
    assert client.get(f"/library/assets/{deck.pk}/present/?deal={10**30}").status_code == 200
    assert list(UsageEvent.objects.values_list("kind", "deal")) == [("present", None)]


def test_a_manager_may_record_in_product_use_on_a_reps_open_deal(client, library, deals):
    # Managers are integration users: they may link usage to any open deal they work on
    manager = UserFactory(username="mona", groups=[MANAGERS])
    asset = CaseStudyPageFactory()
    client.force_login(manager)
    response = client.post(
        f"/library/assets/{asset.pk}/use-in-deal/",
        {"deal_id": deals["theirs"].pk},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    assert list(UsageEvent.objects.values_list("deal__external_id", flat=True)) == ["006THEIRS"]
