"""Query understanding: parsing (no database), then behaviour on both backends with
factories: did-you-mean visibility, synonyms edited in the admin, API fields, library page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient
from wagtail.models import APIToken

from content.groups import SALES
from search.backends.base import SearchQuery
from search.models import SearchSynonym, SegmentAlias
from search.services import assets_search
from search.understanding import Vocabulary, query_understand, words_of
from tests.factories import (
    CaseStudyPageFactory,
    ObjectionPageFactory,
    PresentationPageFactory,
    UserFactory,
    segment,
)

VOCABULARY = Vocabulary(
    terms={
        ("case", "study"): ("type", "case_study"),
        ("deck",): ("type", "presentation"),
        ("objection",): ("type", "objection"),
        ("bank",): ("segment", "Financial Services"),
        ("financial", "services"): ("segment", "Financial Services"),
        ("mid", "market"): ("segment", "Mid-Market"),
        ("discovery",): ("stage", "Discovery"),
    },
    synonyms=[[("hipaa",), ("protected", "health", "information")]],
)


def understand(text):
    return query_understand(text=text, vocabulary=VOCABULARY)


# -- parsing ---------------------------------------------------------------------------


def test_type_segment_and_stage_words_become_boosts_not_required_text():
    understood = understand("Security objection for a bank in discovery")

    assert understood.text == "security"
    assert understood.types == ("objection",)
    assert understood.segments == ("Financial Services",)
    assert understood.stages == ("Discovery",)
    assert [(f.field, f.value, f.words) for f in understood.suggested_filters] == [
        ("type", "objection", "objection"),
        ("segment", "Financial Services", "bank"),
        ("stage", "Discovery", "discovery"),
    ]


def test_longest_term_wins_and_hyphens_separate_words():
    understood = understand("Mid-Market case study pricing")

    assert understood.segments == ("Mid-Market",)
    assert understood.types == ("case_study",)
    assert understood.text == "pricing"


def test_quoted_words_are_a_phrase_and_a_quoted_single_word_is_a_word():
    understood = understand('“prior authorization” turnaround "hospital" "unclosed')

    assert understood.phrases == ("prior authorization",)
    assert understood.text == "turnaround unclosed hospital"
    assert understood.required_text == "turnaround unclosed hospital prior authorization"


def test_synonyms_give_alternative_texts():
    assert understand("HIPAA audit").variants == ("protected health information audit",)
    assert understand("protected health information").variants == ("hipaa",)
    assert understand("audit").variants == ()


def test_a_query_of_function_words_only_is_still_searched():
    assert understand("the").text == "the"
    assert understand("").is_empty


def test_words_of_keeps_apostrophes_and_splits_hyphens():
    assert words_of("We'll build Mid-Market") == ["we'll", "build", "mid", "market"]


# -- both backends -------------------------------------------------------------------


def run(user, text, **filters):
    results, _ = assets_search(query=SearchQuery(text=text, user=user, **filters), log=False)
    return results


@pytest.fixture
def finance_group(db):
    return Group.objects.create(name="Finance deal desk")


def test_did_you_mean_never_offers_a_word_only_a_restricted_asset_contains(
    backend, reindex, sales_user, finance_group
):
    ObjectionPageFactory(
        title="Quarkonium pricing terms",
        body="<p>Quarkonium terms.</p>",
        groups=[finance_group.name],
    )
    CaseStudyPageFactory(title="Harbour logistics", body="<p>Quarterly review.</p>")
    reindex()
    insider = UserFactory(username="desk", groups=[SALES, finance_group.name])

    outsider_results = run(sales_user, "quarkonim")
    insider_results = run(insider, "quarkonim")

    assert outsider_results.did_you_mean == ""
    assert outsider_results.total == 0
    assert insider_results.did_you_mean == "quarkonium"
    assert [hit.title for hit in insider_results.hits] == ["Quarkonium pricing terms"]


def test_misspelt_word_is_corrected_from_visible_words(backend, reindex, sales_user):
    CaseStudyPageFactory(title="Interoperability at a hospital network")
    PresentationPageFactory(title="Roadmap")
    reindex()

    results = run(sales_user, "interoperabilty")

    assert results.did_you_mean == "interoperability"
    assert [hit.title for hit in results.hits] == ["Interoperability at a hospital network"]


def test_synonyms_edited_in_the_admin_apply_without_reindexing(
    backend, reindex, client, sales_user, superuser
):
    ObjectionPageFactory(
        title="Can you handle protected health information?", summary="Patient data answers."
    )
    PresentationPageFactory(title="Roadmap", summary="Where the product goes next.")
    reindex()
    assert run(sales_user, "zorblat").total == 0
    client.force_login(superuser)

    response = client.post(
        reverse("wagtailsnippets_search_searchsynonym:add"),
        {"terms": "Zorblat = protected health information"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    found = run(sales_user, "zorblat")
    assert [hit.title for hit in found.hits] == ["Can you handle protected health information?"]

    synonym = SearchSynonym.objects.get()
    response = client.post(
        reverse("wagtailsnippets_search_searchsynonym:edit", args=[synonym.pk]),
        {"terms": "Zorblat = product roadmap"},
    )
    assert response.status_code == 302
    assert [hit.title for hit in run(sales_user, "zorblat").hits] == ["Roadmap"]


def test_segment_alias_from_the_admin_boosts_and_suggests_the_segment(backend, reindex, sales_user):
    CaseStudyPageFactory(title="Onboarding for a retailer", segments=["Retail"])
    CaseStudyPageFactory(title="Onboarding for a lender", segments=["Financial Services"])
    reindex()
    SegmentAlias.objects.create(alias="Lending", segment=segment("Financial Services"))

    results = run(sales_user, "lending onboarding")

    assert results.hits[0].title == "Onboarding for a lender"
    assert results.total == 2
    assert [(f.field, f.value) for f in results.suggested_filters] == [
        ("segment", "Financial Services")
    ]


def test_type_words_boost_rather_than_exclude(backend, reindex, sales_user):
    CaseStudyPageFactory(title="Clinic onboarding", segments=["Healthcare"])
    CaseStudyPageFactory(title="Store onboarding", segments=["Retail"])
    PresentationPageFactory(title="Onboarding overview", segments=["Healthcare"])
    reindex()

    results = run(sales_user, "onboarding case study")

    assert results.total == 3
    assert {hit.title for hit in results.hits[:2]} == {"Clinic onboarding", "Store onboarding"}


def test_api_returns_did_you_mean_and_suggested_filters(backend, reindex, sales_user):
    CaseStudyPageFactory(title="Telemetry for hospitals", segments=["Healthcare"])
    reindex()
    api = APIClient()
    _, key = APIToken.create_token(user=sales_user, name="tests")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    body = api.get("/api/v1/search/", {"q": "telemtry case study"}).json()

    assert body["did_you_mean"] == "telemetry case study"
    assert body["suggested_filters"] == [
        {"field": "type", "value": "case_study", "label": "Case study", "words": "case study"}
    ]
    assert [hit["title"] for hit in body["results"]] == ["Telemetry for hospitals"]


def test_library_page_shows_the_correction_and_filter_chips(backend, reindex, client, sales_user):
    CaseStudyPageFactory(title="Telemetry for hospitals", segments=["Healthcare"])
    reindex()
    client.force_login(sales_user)

    page = client.get(reverse("library:search"), {"q": "telemtry case study"}).content.decode()

    assert "Showing results for <strong>telemetry case study</strong>" in page
    assert 'class="chip chip-suggested" href="?q=telemtry+case+study&amp;type=case_study"' in page
    assert "Try fewer words" not in page


def test_openapi_schema_documents_the_understanding_fields(client, sales_user):
    client.force_login(sales_user)

    schema = client.get("/api/v1/schema/", {"format": "json"}).json()

    response = schema["components"]["schemas"]["SearchResponse"]["properties"]
    assert {"did_you_mean", "suggested_filters"} <= set(response)
    assert set(schema["components"]["schemas"]["SuggestedFilter"]["properties"]) == {
        "field",
        "value",
        "label",
        "words",
    }


def test_admin_rejects_a_one_word_synonym_and_a_duplicate_alias_clearly(client, superuser):
    SegmentAlias.objects.create(alias="bank", segment=segment("Financial Services"))
    client.force_login(superuser)

    synonym = client.post(reverse("wagtailsnippets_search_searchsynonym:add"), {"terms": "HIPAA"})
    alias = client.post(
        reverse("wagtailsnippets_search_segmentalias:add"),
        {"alias": " Bank ", "segment": segment("Healthcare").pk},
    )

    assert synonym.status_code == 200
    assert "at least two alternatives" in synonym.content.decode()
    assert alias.status_code == 200
    assert "already exists" in alias.content.decode()
    assert not SearchSynonym.objects.exists()
    assert SegmentAlias.objects.count() == 1
