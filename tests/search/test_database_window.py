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


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_every_page_is_in_the_full_order_though_only_candidates_are_ranked(
    search_backend, reindex, api
):
    """The statement ranks (ts_rank / bm25) only the matches that can reach the page asked
    for; walking every page must still give the order of ranking them all: boost tier,
    title words, text score, newest id (``understood_scores`` and ``title_word_count``,
    the Python definitions)."""
    from wagtail.search.backends import get_search_backend

    from content.models import AssetPage
    from search.backends.database_text import title_word_count, understood_scores
    from search.understanding import query_understand

    # given: title matches, and body matches repeating the words more or less often
    for number in range(4):
        CaseStudyPageFactory(title=f"Pricing onboarding {number}")
    for number in range(9):
        CaseStudyPageFactory(
            title=f"Story {number}",
            summary=" ".join(["pricing onboarding"] * (number % 4 + 1) + ["filler"] * number),
        )
    reindex()
    understood = query_understand(text="pricing onboarding", polish=False)
    scores = understood_scores(wagtail=get_search_backend(), understood=understood).scores
    titles = dict(AssetPage.objects.values_list("pk", "title"))
    words = understood.content_words()
    expected = sorted(
        scores,
        key=lambda pk: (-title_word_count(titles[pk], words), -round(scores[pk], 6), -pk),
    )

    # when: every page of 3
    seen = []
    for page in range(1, 6):
        body = api.get(
            "/api/v1/search/", {"q": "pricing onboarding", "page_size": 3, "page": page}
        ).json()
        assert body["count"] == 13
        seen += [hit["id"] for hit in body["results"]]

    # then
    assert seen == expected


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_words_only_a_restricted_asset_has_all_of_answer_loosely_without_it(
    search_backend, reindex
):
    # given: every word only in an asset restricted to a group the user is not in; one
    # word in a public asset
    Group.objects.get_or_create(name="Executives")
    user = UserFactory(username="sam", groups=[SALES])
    CaseStudyPageFactory(title="Board pricing roadmap", segments=["Retail"], groups=["Executives"])
    ObjectionPageFactory(title="Public pricing", segments=["Retail"])
    reindex()

    # when
    response = api_client_for(user).get("/api/v1/search/", {"q": "pricing roadmap"})

    # then: any word may match (nothing visible has both), the restricted asset never shows
    body = response.json()
    assert [hit["title"] for hit in body["results"]] == ["Public pricing"]
    assert body["count"] == 1
    assert body["facets"]["segment"] == [{"value": "Retail", "count": 1}]
    assert "Board" not in response.content.decode()
