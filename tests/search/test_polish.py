"""Polish lexical analysis (search/polish.py) and the language facet and filter, on both
backends: inflected Polish finds Polish assets, English keeps its analysis, the language
is a facet with counts and a filter."""

from __future__ import annotations

import pytest

from search.backends.base import SearchQuery
from search.polish import polish_query_terms, polish_terms, query_is_polish
from search.services import assets_search
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory, PresentationPageFactory


def search(user, text="", **filters):
    results, _ = assets_search(query=SearchQuery(text=text, user=user, **filters), log=False)
    return results


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def facet(results, name) -> dict[str, int]:
    return {item.value: item.count for item in results.facets[name].values}


# -- the analysis ------------------------------------------------------------------


def test_inflected_forms_share_one_lemma():
    # given the title's noun and two of its case forms, then all reduce to one term
    title_terms = polish_terms("Wdrożenie w 30 dni").split()
    assert polish_terms("wdrożenia") in title_terms
    assert polish_terms("wdrożeniu") in title_terms
    assert polish_terms("dniach") in title_terms
    # and capitals do not change the lemma (simplemma reads "Wdrożenie" differently)
    assert polish_terms("WDROŻENIE") == polish_terms("wdrożenie")


@pytest.mark.parametrize(
    ("text", "polish"),
    [
        ("wdrożeniu", True),
        ("jak skrócić kompletację", True),
        ("plan dla zarządu", True),
        ("konektorami", True),
        ("dokumentami kadrowymi", True),
        ("approach each coach", False),
        ("psych eval", False),
        ("discovery questions", False),
        ("ten reasons to buy", False),
        ("ale and lager", False),
        ("", False),
    ],
)
def test_query_language_is_detected(text, polish):
    assert query_is_polish(text) is polish


def test_polish_query_terms_drop_function_words_and_follow_the_setting(settings):
    expected = polish_terms("plan wdrożenie 30 dzień")
    assert polish_query_terms("plan wdrożenia w 30 dniach") == expected
    assert polish_query_terms("discovery questions") == ""
    # a search filtered to Polish is read as Polish without detection
    assert polish_query_terms("plan", polish=True) == "plan"
    settings.ENABLEMENT_POLISH_ANALYSIS = ""
    assert polish_query_terms("wdrożenia") == ""


def test_hostile_text_is_harmless():
    for text in ('„wdrożenie" OR 1=1 --', "\x00ż", "ż" * 5000, "🙂 żółw", "'; DROP TABLE"):
        assert isinstance(polish_terms(text), str)
        assert isinstance(polish_query_terms(text), str)


# -- both backends ---------------------------------------------------------------------


@pytest.fixture
def polish_library(library, reindex):
    english = PresentationPageFactory(
        title="Implementation Plan and Mutual Action Plan",
        summary="From verbal yes to go-live in six weeks.",
    )
    deck = PresentationPageFactory(
        title="Wdrożenie w 30 dni",
        summary="Wspólny plan działań od decyzji do uruchomienia pierwszego procesu.",
        language="pl",
        translation_of=english,
    )
    story = CaseStudyPageFactory(
        title="Hurtownia Mazowsze kompletuje zamówienia dwa razy szybciej",
        summary="Kompletację zamówień przeniosła na skanery: 11 minut zamiast 23.",
        customer="Hurtownia Mazowsze",
        language="pl",
    )
    draft = ObjectionPageFactory(
        title="„Wdrożenie potrwa za długo”", summary="Szkic.", language="pl", live=False
    )
    reindex()
    return {"english": english, "deck": deck, "story": story, "draft": draft}


@pytest.mark.parametrize("text", ["wdrożenia", "wdrożeniu", "planu wdrożenia", "wdrożeniem"])
def test_inflected_polish_finds_the_polish_asset(backend, polish_library, sales_user, text):
    results = search(sales_user, text)
    assert titles(results)[:1] == ["Wdrożenie w 30 dni"]
    # and never the draft
    assert "„Wdrożenie potrwa za długo”" not in titles(results)


def test_inflected_polish_in_the_body_and_customer(backend, polish_library, sales_user):
    assert titles(search(sales_user, "kompletacji zamówieniach"))[:1] == [
        "Hurtownia Mazowsze kompletuje zamówienia dwa razy szybciej"
    ]
    assert titles(search(sales_user, "hurtowni"))[:1] == [
        "Hurtownia Mazowsze kompletuje zamówienia dwa razy szybciej"
    ]


def test_without_polish_analysis_inflected_forms_miss(
    backend, polish_library, sales_user, settings
):
    # with the analysis the inflected form matches as it is (no spelling correction)
    analysed = search(sales_user, "wdrożeniu")
    assert (titles(analysed)[:1], analysed.did_you_mean) == (["Wdrożenie w 30 dni"], "")
    # without it, only a spelling correction to the title's own form could find it
    settings.ENABLEMENT_POLISH_ANALYSIS = ""
    plain = search(sales_user, "wdrożeniu")
    assert "Wdrożenie w 30 dni" not in titles(plain) or plain.did_you_mean == "wdrożenie"


def test_english_keeps_its_analysis(backend, polish_library, sales_user):
    results = search(sales_user, "mutual action plan")
    assert titles(results)[:1] == ["Implementation Plan and Mutual Action Plan"]


def test_language_is_a_facet_with_counts(backend, polish_library, sales_user):
    # browsing: every visible live asset counted by language (the draft is not)
    results = search(sales_user)
    assert facet(results, "language") == {"en": 1, "pl": 2}
    # filtered to Polish: the language facet still counts every language (its own
    # filter is not applied to itself), the others count Polish assets only
    polish = search(sales_user, languages=("pl",))
    assert sorted(titles(polish)) == [
        "Hurtownia Mazowsze kompletuje zamówienia dwa razy szybciej",
        "Wdrożenie w 30 dni",
    ]
    assert facet(polish, "language") == {"en": 1, "pl": 2}
    assert facet(polish, "type") == {"case_study": 1, "presentation": 1}


def test_a_search_filtered_to_polish_reads_the_query_as_polish(backend, polish_library, sales_user):
    # "plan" has no Polish letter: detection alone would read it as English
    results = search(sales_user, "planem", languages=("pl",))
    assert titles(results) == ["Wdrożenie w 30 dni"]


# -- the API and the library page --------------------------------------------------------


def test_api_filters_and_facets_by_language(backend, polish_library, api):
    response = api.get("/api/v1/search/", {"language": "pl"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {item["value"]: item["count"] for item in body["facets"]["language"]} == {
        "en": 1,
        "pl": 2,
    }
    # case-insensitive, and repeated values are OR-ed
    both = api.get("/api/v1/search/", {"language": ["PL", "en"]}).json()
    assert both["count"] == 3


@pytest.mark.parametrize(
    "value",
    ["xx", "pl'; --", "p\x00l", "9" * 400, "polski", '{"pl": 1}'],
)
def test_api_refuses_an_unknown_language_naming_the_field(polish_library, api, value):
    response = api.get("/api/v1/search/", {"language": value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["language"]


def test_library_page_shows_the_language_facet(backend, polish_library, client, sales_user):
    client.force_login(sales_user)
    page = client.get("/library/").content.decode()
    assert "Language" in page and "Polish" in page and "English" in page
    # the facet's link filters, and a filtered page lists only Polish assets
    filtered = client.get("/library/", {"language": "pl"}).content.decode()
    assert "Wdrożenie w 30 dni" in filtered
    assert "Implementation Plan and Mutual Action Plan" not in filtered
    # an unknown value on the page is dropped, not an error
    assert client.get("/library/", {"language": "zz\x00"}).status_code == 200


def test_search_index_status_reports_the_polish_analysis(polish_library, settings):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "Polish analysis:  simplemma lemmas" in out.getvalue()
    settings.ENABLEMENT_POLISH_ANALYSIS = ""
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "Polish analysis:  off" in out.getvalue()
