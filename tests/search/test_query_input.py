"""Any text a person can type is a 200 with results or a clear 400 naming ``q``, on every
backend (SQLite FTS5 or PostgreSQL through the database backend, and Elasticsearch), on
the library page, prep for a call, suggest and the API (issue 9, item 4)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.backends.base import SearchQuery
from search.models import SearchLog
from search.query_text import MAX_QUERY_LENGTH, clean_query_text, full_text_query
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory

NASTY = [
    '"',
    '""',
    '"""',
    '"price',
    'price"',
    '"price objection',
    "'",
    "it's",
    "\\",
    "\\\\",
    '\\"',
    "AND",
    "OR",
    "NOT",
    "price AND",
    "OR price",
    "NOT price",
    "-",
    "-price",
    "*",
    "price*",
    "^",
    "^price",
    "NEAR(price objection)",
    "NEAR(price",
    "title:price",
    "{title}: price",
    ":",
    "(",
    ")",
    "()",
    "+",
    "price + objection",
    "\x00",
    "price\x00objection",
    "\x00\x00\x00",
    "\x1b[31m",
    "🙂",
    "💰 price",
    "שלום",
    "مرحبا price",
    "\u202eprice",
    "Zażółć gęślą jaźń",
    "!!!???",
    "%",
    "_",
    "%_",
    "&&||",
    "~",
    "@@@",
    "SELECT * FROM x; --",
    "<script>alert(1)</script>",
    "a" * 10_000,
    "price " * 2_000,
    '" OR 1=1 --',
    '"The price is too high"',
]

# Random text, nasty tokens, and random mixtures of both.
texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(NASTY),
    st.lists(st.one_of(st.sampled_from(NASTY[:-4]), st.text(max_size=8)), max_size=8).map(" ".join),
)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is reproducible
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def objections(backend, reindex):
    """A quote-titled objection answer and a case study, indexed on ``backend``."""
    ObjectionPageFactory(title='"The price is too high"', summary="Answer the price objection.")
    CaseStudyPageFactory(title="Hospital onboarding", summary="Price and value.")
    reindex()
    return backend


# -- the cleaning rules ----------------------------------------------------------------


def test_clean_query_text_strips_nul_and_controls_and_cuts_long_text():
    assert clean_query_text("price\x00objection") == "price objection"
    assert clean_query_text("\x00\x1b  \t") == ""
    assert clean_query_text("a" * 10_000) == "a" * MAX_QUERY_LENGTH
    assert clean_query_text("  Zażółć \u202e gęślą ") == "Zażółć \u202e gęślą"


def test_full_text_query_keeps_words_only():
    assert full_text_query('"price AND NOT -objection*^ NEAR(a b) title:x\\') == (
        "price AND NOT objection NEAR a b title x"
    )
    assert full_text_query('" !!! 🙂 "') == ""
    assert full_text_query("שלום مرحبا") == "שלום مرحبا"


def test_search_query_text_is_cleaned_before_any_backend_or_log():
    assert SearchQuery(text="\x00price\x00").text == "price"


# -- every backend ---------------------------------------------------------------------


def test_backend_answers_every_nasty_text(objections, sales_user):
    for text in NASTY:
        results = objections.search(SearchQuery(text=text, user=sales_user))
        assert results.total == len(results.hits) <= 2, text
        assert len(objections.suggest(text=text, user=sales_user)) <= 2, text


def test_a_lone_quote_and_a_quoted_title_find_the_objection(objections, sales_user):
    for text in ('"The price is too high"', '"price', 'price"'):
        hits = objections.search(SearchQuery(text=text, user=sales_user)).hits
        assert '"The price is too high"' in [hit.title for hit in hits], text
    suggestions = objections.suggest(text='"The pri', user=sales_user)
    assert [item.title for item in suggestions] == ['"The price is too high"']


@FUZZ
@given(text=texts)
def test_backend_fuzz(objections, sales_user, text):
    results = objections.search(SearchQuery(text=text, user=sales_user, page_size=5))
    assert 0 <= results.total <= 2
    assert len(objections.suggest(text=text, user=sales_user)) <= 2


# -- every entry point -----------------------------------------------------------------


def _assert_entry_points_answer(text, *, api, client):
    """The library page cuts over-long text; the API refuses it with a 400 naming q."""
    page = client.get("/library/", {"q": text})
    assert page.status_code == 200, (text, page.content[:200])
    prep = client.get("/library/prep/", {"segment": text, "stage": text})
    assert prep.status_code == 200, (text, prep.content[:200])
    for path in ("/api/v1/search/", "/api/v1/suggest/"):
        response = api.get(path, {"q": text})
        if len(text) > MAX_QUERY_LENGTH:
            assert response.status_code == 400, (path, text, response.content[:200])
            assert list(response.json()["errors"]) == ["q"]
        else:
            assert response.status_code == 200, (path, text, response.content[:200])


def test_entry_points_answer_every_nasty_text(objections, api, client, sales_user):
    client.force_login(sales_user)
    for text in NASTY:
        _assert_entry_points_answer(text, api=api, client=client)
    logged = SearchLog.objects.exclude(raw_query="").values_list("raw_query", flat=True)
    assert logged and all("\x00" not in raw and len(raw) <= MAX_QUERY_LENGTH for raw in logged)


def test_a_lone_quote_on_the_library_page_and_api_finds_the_objection(
    objections, client, api, sales_user
):
    client.force_login(sales_user)
    page = client.get("/library/", {"q": '"price'})
    assert page.status_code == 200
    assert "The price is too high" in page.content.decode()
    body = api.get("/api/v1/search/", {"q": '"'}).json()
    assert body["count"] == 0 and body["results"] == []
    body = api.get("/api/v1/search/", {"q": '"price"'}).json()
    assert '"The price is too high"' in [hit["title"] for hit in body["results"]]


@settings(FUZZ, max_examples=40)
@given(text=texts)
def test_entry_points_fuzz(objections, api, client, sales_user, text):
    client.force_login(sales_user)
    _assert_entry_points_answer(text, api=api, client=client)


# -- NUL bytes in every parameter --------------------------------------------------------

SEARCH_FIELDS = ["segment", "stage", "type", "language", "page", "page_size"]


@pytest.mark.parametrize("field", SEARCH_FIELDS)
def test_a_nul_in_a_search_filter_is_a_400_naming_it(objections, api, field):
    response = api.get("/api/v1/search/", {"q": "price", field: "pri\x00ce"})
    assert response.status_code == 400, response.content[:200]
    assert list(response.json()["errors"]) == [field]


@pytest.mark.parametrize("field", ["q", "segment", "stage"])
def test_a_nul_in_a_question_field_is_a_400_naming_it(objections, api, field):
    params = {"q": "what about the price", field: "pri\x00ce"}
    response = api.get("/api/v1/answers/", params)
    assert response.status_code == 400, response.content[:200]
    assert list(response.json()["errors"]) == [field]
    # The question still answers once the NUL is gone (the 400 was about it).
    assert api.get("/api/v1/answers/", {"q": "what about the price"}).status_code == 200


def test_a_nul_in_the_library_question_box_says_so(objections, client, sales_user):
    client.force_login(sales_user)
    response = client.get("/library/", {"ask": "price\x00objection"})
    assert response.status_code == 200
    assert "control characters" in response.content.decode()
