"""Deal writes refuse bad input by field (PUT, bulk POST, import_deals): ISO 4217
currency, no future close, no silent cutting, no NUL, no overflowing amounts, types."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from wagtail.models import APIToken

from content.groups import MANAGERS
from enablement.tracking.models import Deal
from tests.factories import UserFactory, segment

pytestmark = pytest.mark.django_db


@pytest.fixture
def crm(db):
    user = UserFactory(username="crm-sync", groups=[MANAGERS])
    return Client(HTTP_AUTHORIZATION=f"Token {APIToken.create_token(user=user, name='tests')[1]}")


def put(client, external_id, body):
    return client.put(
        f"/api/v1/deals/{external_id}/", data=json.dumps(body), content_type="application/json"
    )


def good(**overrides) -> dict:
    body = {
        "name": "Globex platform",
        "account": "Globex",
        "amount": "1200.50",
        "currency": "EUR",
        "created_at": "2025-01-10T09:00:00Z",
        "status": "open",
    }
    body.update(overrides)
    return body


IN_AN_HOUR = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
A_MINUTE_AGO = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "EURO"}, "currency"),
        ({"currency": "XXX"}, "currency"),  # ISO's "no currency"
        ({"currency": 978}, "currency"),
        ({"currency": ["EUR"]}, "currency"),
        ({"currency": "EU\x00"}, "currency"),
        ({"status": "won", "closed_at": IN_AN_HOUR}, "closed_at"),
        ({"status": "lost", "closed_at": "9999-12-31T00:00:00Z"}, "closed_at"),
        ({"status": "open", "closed_at": A_MINUTE_AGO}, "closed_at"),
        ({"name": "N" * 256}, "name"),
        ({"account": "A" * 256}, "account"),
        ({"name": "Globex\x00"}, "name"),
        ({"account": "Glo\x00bex"}, "account"),
        ({"name": "\ud800"}, "name"),
        ({"name": 12}, "name"),
        ({"name": ["Globex"]}, "name"),
        ({"segment": "Enterprise\x00"}, "segment"),
        ({"segment": ["Enterprise"]}, "segment"),
        ({"stage": "S" * 1000}, "stage"),
        ({"owner": "sally\x00"}, "owner"),
        ({"owner": {"username": "sally"}}, "owner"),
        ({"amount": "1e13"}, "amount"),
        ({"amount": 10**20}, "amount"),
        ({"amount": "999999999999.999"}, "amount"),
        ({"amount": True}, "amount"),
        ({"amount": [1]}, "amount"),
        ({"amount": "12\x00"}, "amount"),
        ({"created_at": "0001-01-01T00:00:00+05:00"}, "created_at"),
        ({"created_at": "1970-01-01T00:00:00Z"}, "created_at"),
        ({"created_at": IN_AN_HOUR}, "created_at"),
        ({"created_at": ["2025-01-01"]}, "created_at"),
        ({"created_at": "2025-01-01\x00"}, "created_at"),
        ({"status": ["won"]}, "status"),
        ({"status": {"won": True}}, "status"),
    ],
)
def test_put_refuses_a_bad_field_by_name(crm, overrides, field):
    response = put(crm, "006V1", good(**overrides))
    assert response.status_code == 400, response.content
    assert set(response.json()["errors"]) == {field}, response.json()
    assert not Deal.objects.exists()


def test_put_accepts_what_is_valid_at_the_limits(crm):
    segment("Enterprise")
    response = put(
        crm,
        "E" * 64,
        good(
            name="N" * 255,
            account="A" * 255,
            currency="pln",
            amount="999999999999.99",
            segment="Enterprise",
            status="won",
            # within the clock-skew tolerance
            closed_at=(timezone.now() + datetime.timedelta(minutes=2)).isoformat(),
        ),
    )
    assert response.status_code == 201, response.content
    deal = Deal.objects.get()
    assert (len(deal.name), len(deal.account), deal.currency) == (255, 255, "PLN")
    assert str(deal.amount) == "999999999999.99"


@pytest.mark.parametrize("external_id", ["X" * 65, "006%00"])
def test_put_refuses_a_bad_external_id(crm, external_id):
    response = put(crm, external_id, good())
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"external_id"}
    assert not Deal.objects.exists()


def test_put_refuses_a_deeply_nested_body(crm):
    response = crm.put(
        "/api/v1/deals/006V2/", data="[" * 100_000 + "]" * 100_000, content_type="application/json"
    )
    assert response.status_code == 400


def test_bulk_rejects_only_the_bad_deals_by_field(crm):
    items = [
        {"external_id": "1", **good()},
        {"external_id": "2", **good(currency="ABC")},
        {"external_id": "3", **good(name="N" * 300)},
        {"external_id": "4", **good(status="won", closed_at=IN_AN_HOUR)},
        {"external_id": "5\x00", **good()},
        {"external_id": ["6"], **good()},
        {"external_id": "7", **good(amount=10**40)},
        "not a deal",
        {"external_id": "9", **good(currency="usd")},
    ]
    response = crm.post(
        "/api/v1/deals/", data=json.dumps({"deals": items}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["created"], body["updated"]) == (2, 0)
    assert {item["index"]: set(item["errors"]) for item in body["rejected"]} == {
        1: {"currency"},
        2: {"name"},
        3: {"closed_at"},
        4: {"external_id"},
        5: {"external_id"},
        6: {"amount"},
        7: {"external_id", "deal"},
    }
    assert sorted(Deal.objects.values_list("external_id", flat=True)) == ["1", "9"]


HEADER = (
    "Id,Name,Account,StageName,Amount,CurrencyIsoCode,CreatedDate,CloseDate,IsClosed,IsWon,"
    "OwnerEmail\n"
)


def test_import_deals_refuses_bad_currency_future_close_and_long_names(tmp_path, capsys):
    today = timezone.now().date()
    next_week = today + datetime.timedelta(days=7)
    csv_file = tmp_path / "opportunities.csv"
    csv_file.write_text(
        HEADER
        + f"006A,Closed today,Globex,Closed Won,1000,USD,2025-01-10T09:00:00Z,{today},true,true,\n"
        + f"006B,Won next week,Initech,Closed Won,1000,USD,2025-01-10T09:00:00Z,{next_week},true,true,\n"  # noqa: E501
        + "006C,Bad currency,Umbrella,Demo,1000,ZZZ,2025-01-10T09:00:00Z,,false,false,\n"
        + f"006D,{'N' * 300},Hooli,Demo,1000,EUR,2025-01-10T09:00:00Z,,false,false,\n"
        + "006E,Nul\x00name,Hooli,Demo,1000,EUR,2025-01-10T09:00:00Z,,false,false,\n"
    )
    with pytest.raises(CommandError, match="4 rows failed"):
        call_command("import_deals", str(csv_file))
    err = capsys.readouterr().err
    assert "line 3: closed_at: Timestamp is in the future." in err
    assert "line 4: currency: Must be an ISO 4217 currency code" in err
    assert "line 5: name: At most 255 characters (got 300)." in err
    assert "line 6: name: Must not contain NUL characters." in err
    # a deal closed today (by the date the CRM gives) is not in the future
    closed_today = Deal.objects.get(external_id="006A")
    assert closed_today.closed_at.date() == today
    assert closed_today.closed_at <= timezone.now()
    assert Deal.objects.count() == 1
