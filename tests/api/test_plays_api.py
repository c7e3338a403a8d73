"""GET /api/v1/plays/ and /api/v1/plays/{id}/: live plays only, items filtered for the
token's user, documented in the OpenAPI schema; bad filters are a 400 naming the field."""

from __future__ import annotations

import pytest
import yaml

from content.groups import MANAGERS
from tests.conftest import api_client_for
from tests.factories import CaseStudyPageFactory, play_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def plays(library):
    open_story = CaseStudyPageFactory(title="Open story")
    secret = CaseStudyPageFactory(title="Managers only", groups=[MANAGERS])
    live = play_create(
        title="Retail demo",
        segment_name="Retail",
        stage_name="Demo",
        items=[(secret, "Managers' angle"), (open_story, "Send after the demo")],
    )
    draft = play_create(title="Draft play", stage_name="Demo", live=False)
    return {"live": live, "draft": draft}


def test_list_shows_live_plays_only(api, plays):
    response = api.get("/api/v1/plays/")
    assert response.status_code == 200
    assert [play["title"] for play in response.json()["results"]] == ["Retail demo"]
    [play] = response.json()["results"]
    assert (play["segment"], play["stage"], play["situation"]) == (
        "Retail",
        "Demo",
        "segment_stage",
    )


def test_list_filters_by_a_deal_segment_and_stage(api, plays):
    matched = api.get("/api/v1/plays/?segment=Retail&stage=Demo").json()["results"]
    assert [play["title"] for play in matched] == ["Retail demo"]
    # a play for Retail is not offered to a deal whose segment is unknown
    assert api.get("/api/v1/plays/?stage=Demo").json()["results"] == []
    assert api.get("/api/v1/plays/?segment=Healthcare&stage=Closing").json()["results"] == []


@pytest.mark.parametrize("params", ["segment=" + "x" * 101, "stage=%00", "stage=" + "9" * 500])
def test_hostile_filters_are_a_400_naming_the_field(api, plays, params):
    response = api.get(f"/api/v1/plays/?{params}")
    assert response.status_code == 400
    assert set(response.json()["errors"]) <= {"segment", "stage"} and response.json()["errors"]


def test_detail_filters_items_for_the_caller(api, plays, manager_user):
    url = f"/api/v1/plays/{plays['live'].pk}/"

    rep_items = api.get(url).json()["items"]
    manager_items = api_client_for(manager_user).get(url).json()["items"]

    assert [(i["asset"]["title"], i["guidance"]) for i in rep_items] == [
        ("Open story", "Send after the demo")
    ]
    assert [i["asset"]["title"] for i in manager_items] == ["Managers only", "Open story"]


def test_detail_of_a_draft_or_unknown_play_is_404(api, plays):
    assert api.get(f"/api/v1/plays/{plays['draft'].pk}/").status_code == 404
    assert api.get(f"/api/v1/plays/{10**30}/").status_code == 404
    assert api.get("/api/v1/plays/999999/").status_code == 404


def test_outsiders_and_anonymous_get_nothing(plays, outsider_user, client):
    assert api_client_for(outsider_user).get("/api/v1/plays/").status_code == 403
    assert client.get("/api/v1/plays/").status_code in (401, 403)


def test_schema_documents_the_plays_endpoints(api, plays):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = yaml.safe_load(response.content)
    assert "/api/v1/plays/" in schema["paths"]
    assert "/api/v1/plays/{id}/" in schema["paths"]
    assert "PlayDetail" in schema["components"]["schemas"]
