"""Deals: PUT/POST upserts for CRM webhooks, and import_deals from a Salesforce export."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
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


def test_put_creates_then_updates(crm, sales_user):
    segment("Enterprise")
    body = {
        "name": "Globex platform",
        "account": "Globex",
        "segment": "Enterprise",
        "stage": "Demo",
        "amount": "120000.50",
        "currency": "eur",
        "owner": "sally@example.com",
        "created_at": "2025-01-10T09:00:00Z",
        "closed_at": None,
        "status": "open",
    }
    created = put(crm, "006X1", body)
    assert created.status_code == 201, created.content
    assert created.json()["owner"] == "sally" and created.json()["currency"] == "EUR"
    updated = put(
        crm,
        "006X1",
        {**body, "status": "won", "closed_at": "2025-03-01T12:00:00Z", "stage": "Closing"},
    )
    assert updated.status_code == 200
    deal = Deal.objects.get(external_id="006X1")
    assert (deal.status, deal.stage.name, str(deal.amount)) == ("won", "Closing", "120000.50")


def test_put_reports_every_bad_field(crm):
    response = put(
        crm,
        "006X2",
        {
            "name": "",
            "segment": "Atlantis",
            "stage": "Dreaming",
            "amount": "lots",
            "owner": "nobody",
            "created_at": "soon",
            "status": "won",
        },
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"name", "segment", "stage", "amount", "owner", "created_at", "closed_at"}
    assert not Deal.objects.exists()


def test_bulk_upsert_rejects_only_bad_items(crm):
    good = {"name": "A", "created_at": "2025-01-01", "status": "open"}
    response = crm.post(
        "/api/v1/deals/",
        data=json.dumps(
            {
                "deals": [
                    {"external_id": "1", **good},
                    {"external_id": "2", **good, "status": "maybe"},
                    {**good},
                ]
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["updated"]) == (1, 0)
    assert [item["index"] for item in body["rejected"]] == [1, 2]
    assert crm.post("/api/v1/deals/", data="{}", content_type="application/json").status_code == 400


def test_sales_reps_cannot_write_deals(sales_user):
    client = Client(
        HTTP_AUTHORIZATION=f"Token {APIToken.create_token(user=sales_user, name='tests')[1]}"
    )
    assert put(client, "006X3", {"name": "A", "created_at": "2025-01-01"}).status_code == 403


EXPORT = """Id,Name,Account,StageName,Amount,CurrencyIsoCode,CreatedDate,CloseDate,IsClosed,IsWon,OwnerEmail
006A,Globex platform,Globex,Closed Won,"120,000.00",USD,2025-01-10T09:00:00.000+0000,2025-03-01,true,true,sally@example.com
006B,Initech pilot,Initech,Qualification,15000,EUR,2025-02-01T10:00:00.000Z,2025-06-30,false,false,sally@example.com
006C,Bad stage,Umbrella,Wishful Thinking,1000,USD,2025-02-01T10:00:00Z,,false,false,
006D,Bad amount,Hooli,Closed Lost,a lot,USD,2025-02-01T10:00:00Z,2025-03-01,true,false,
006E,Custom stage,Soylent,Technical Win,5000,USD,2025-02-01T10:00:00Z,2025-04-01,true,false,nobody@example.com
"""  # noqa: E501


def test_import_deals_imports_good_rows_and_reports_bad_ones_by_line(tmp_path, sales_user, capsys):
    csv_file = tmp_path / "opportunities.csv"
    csv_file.write_text(EXPORT)
    stage_map = tmp_path / "stages.json"
    stage_map.write_text(json.dumps({"Technical Win": "Proposal"}))

    with pytest.raises(CommandError, match="3 rows failed"):
        call_command("import_deals", str(csv_file), "--stage-map", str(stage_map))

    err = capsys.readouterr().err
    assert "line 4: unknown stage 'Wishful Thinking'" in err
    assert "line 5: amount: Not a number." in err
    assert "line 6: owner: Unknown user 'nobody@example.com'." in err
    won = Deal.objects.get(external_id="006A")
    assert (won.status, won.stage.name, str(won.amount), won.owner) == (
        "won",
        "Closing",
        "120000.00",
        sales_user,
    )
    assert won.closed_at.isoformat() == "2025-03-01T23:59:59+00:00"
    open_deal = Deal.objects.get(external_id="006B")
    assert (open_deal.status, open_deal.stage.name, open_deal.closed_at) == (
        "open",
        "Discovery",
        None,
    )
    assert Deal.objects.count() == 2

    # re-importing updates in place
    csv_file.write_text(EXPORT.replace("Initech pilot", "Initech rollout").split("006C")[0])
    call_command("import_deals", str(csv_file))
    assert Deal.objects.get(external_id="006B").name == "Initech rollout"
    assert Deal.objects.count() == 2


def test_import_deals_refuses_a_file_without_the_columns(tmp_path):
    csv_file = tmp_path / "x.csv"
    csv_file.write_text("Id,Name\n1,A\n")
    with pytest.raises(CommandError, match="missing columns"):
        call_command("import_deals", str(csv_file))
