"""The database backend's one search statement (``search_window``): visibility is part
of it, so an asset restricted to several of the user's groups counts once in the total,
the page and every facet, and one restricted to a group the user is not in never counts.
Runs on PostgreSQL (scale env) and SQLite (embedded env) alike."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from content.groups import SALES
from tests.conftest import api_client_for
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_an_asset_shown_to_two_of_the_users_groups_counts_once(search_backend, reindex):
    # given: a user in two partner groups; an asset restricted to both, a public one, and
    # one restricted to a group the user is not in
    for name in ("Partners", "Channel", "Executives"):
        Group.objects.get_or_create(name=name)
    user = UserFactory(username="pat", groups=[SALES, "Partners", "Channel"])
    CaseStudyPageFactory(
        title="Reseller pricing",
        segments=["Retail"],
        stages=["Demo"],
        groups=["Partners", "Channel"],
    )
    ObjectionPageFactory(title="Public pricing", segments=["Retail"], stages=["Demo"])
    CaseStudyPageFactory(
        title="Board pricing", segments=["Retail"], stages=["Demo"], groups=["Executives"]
    )
    reindex()
    api = api_client_for(user)

    for params in ({"q": "pricing"}, {}, {"q": "pricing", "segment": "Retail"}, {"stage": "Demo"}):
        # when
        body = api.get("/api/v1/search/", params).json()

        # then
        assert sorted(hit["title"] for hit in body["results"]) == [
            "Public pricing",
            "Reseller pricing",
        ], params
        assert body["count"] == 2, params
        assert body["facets"]["segment"] == [{"value": "Retail", "count": 2}], params
        assert body["facets"]["stage"] == [{"value": "Demo", "count": 2}], params
        assert body["facets"]["type"] == [
            {"value": "case_study", "count": 1},
            {"value": "objection", "count": 1},
        ], params


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_pages_follow_the_order_and_the_total_stays(search_backend, reindex, api):
    # given: more matches than a page; titles holding the word come first
    for number in range(5):
        CaseStudyPageFactory(title=f"Story {number}", summary="About pricing and more.")
    for number in range(3):
        CaseStudyPageFactory(title=f"Pricing guide {number}")
    reindex()

    # when: two pages of 4
    first = api.get("/api/v1/search/", {"q": "pricing", "page_size": 4}).json()
    second = api.get("/api/v1/search/", {"q": "pricing", "page_size": 4, "page": 2}).json()

    # then: the title matches lead, nothing repeats or goes missing, the total is the same
    titles = [hit["title"] for hit in first["results"] + second["results"]]
    assert first["count"] == second["count"] == 8
    assert sorted(titles[:3]) == ["Pricing guide 0", "Pricing guide 1", "Pricing guide 2"]
    assert len(set(titles)) == 8
