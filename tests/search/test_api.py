"""GET /api/v1/search/ and /api/v1/suggest/ as DESIGN §7 says."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import CaseStudyPageFactory, ObjectionPageFactory


def test_search_response_shape(api, backend, reindex):
    CaseStudyPageFactory(
        title="Hospital onboarding", segments=["Healthcare"], stages=["Demo"], summary="Fast."
    )
    ObjectionPageFactory(title="Price objection", segments=["Healthcare"])
    reindex()

    response = api.get("/api/v1/search/", {"q": "onboarding", "segment": "healthcare"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "count",
        "results",
        "facets",
        "backend",
        "did_you_mean",
        "suggested_filters",
    }
    assert body["count"] == 1 and body["backend"] == backend.name
    hit = body["results"][0]
    assert set(hit) == {
        "id",
        "title",
        "type",
        "url",
        "summary",
        "highlight",
        "segments",
        "stages",
        "score",
        "pages",
    }
    assert hit["pages"] == []  # no file, so no matching page
    assert (hit["title"], hit["type"], hit["segments"], hit["stages"]) == (
        "Hospital onboarding",
        "case_study",
        ["Healthcare"],
        ["Demo"],
    )
    assert hit["url"].startswith("http://testserver/")
    assert body["facets"]["type"] == [{"value": "case_study", "count": 1}]
    assert set(body["facets"]) == {"segment", "stage", "type", "language"}


def test_empty_query_browses_and_paginates(api, backend, reindex):
    for number in range(3):
        CaseStudyPageFactory(title=f"Story {number}")
    reindex()

    body = api.get("/api/v1/search/", {"page": 2, "page_size": 2}).json()

    assert body["count"] == 3 and len(body["results"]) == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "-1"}, "page_size"),
        ({"type": "video"}, "type"),
        ({"stage": "Lunch"}, "stage"),
        ({"segment": "Atlantis"}, "segment"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_are_400_with_field_errors(api, db, params, field):
    response = api.get("/api/v1/search/", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_suggest(api, backend, reindex):
    ObjectionPageFactory(title="Pricing is too high")
    reindex()

    response = api.get("/api/v1/suggest/", {"q": "pri"})

    assert response.status_code == 200
    [suggestion] = response.json()["suggestions"]
    assert set(suggestion) == {"id", "title", "type", "url"}
    assert suggestion["title"] == "Pricing is too high"
    assert api.get("/api/v1/suggest/", {"q": ""}).json() == {"suggestions": []}


def test_outsiders_and_anonymous_are_refused(db, outsider_user):
    client = APIClient()
    assert client.get("/api/v1/search/").status_code in (401, 403)
    client.force_authenticate(outsider_user)
    assert client.get("/api/v1/search/").status_code == 403
    assert client.get("/api/v1/suggest/", {"q": "a"}).status_code == 403


def test_schema_documents_both_endpoints(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    text = response.content.decode()
    assert "/api/v1/search/" in text and "/api/v1/suggest/" in text


# The search hot path's queries, pinned: token and user (1), the user's groups (1), the
# search (Elasticsearch: none; database: ONE statement matching the text in Wagtail's
# index and answering the visible matches' page, totals and the four facets
# (search_window), then the page's rows with their segments and stages = 2, also when
# browsing; was 4),
# the analytics row (1), and with text on the database backend the hits' matching page
# passages (1; search.pages: Elasticsearch returns them with the hits, as inner hits). The
# counts do not grow with the number of results or filters (the filter vocabulary is
# cached); tests/search/test_database_queries.py pins that at 30 vs 300 assets.
SEARCH_QUERIES = {"elasticsearch": 3, "database": 6}
BROWSE_QUERIES = {"elasticsearch": 3, "database": 5}


def test_search_query_count_is_pinned(api, backend, reindex, django_assert_num_queries, sales_user):
    for number in range(6):
        CaseStudyPageFactory(
            title=f"Pricing story {number}",
            segments=["Healthcare", "Retail"],
            stages=["Demo"],
        )
    ObjectionPageFactory(title="Pricing objection", segments=["Retail"])
    reindex()
    params = {"q": "pricing", "segment": ["Healthcare", "Retail"], "stage": "Demo"}
    assert api.get("/api/v1/search/", params).status_code == 200  # warm caches

    with django_assert_num_queries(SEARCH_QUERIES[backend.name]):
        response = api.get("/api/v1/search/", params)
    assert response.json()["count"] == 6
    with django_assert_num_queries(BROWSE_QUERIES[backend.name]):
        assert len(api.get("/api/v1/search/", {"segment": "Retail"}).json()["results"]) == 7
