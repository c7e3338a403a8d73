"""One contract suite, run unchanged against every backend (database and a real
Elasticsearch). Features a backend lacks are strict xfails with the reason."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from content.groups import MANAGERS, SALES
from content.models import AssetDocument
from search.backends import search_run
from search.backends.base import SearchBackendUnavailable, SearchQuery, get_search_backend
from search.backends.database import DatabaseBackend
from search.selectors import asset_suggestions
from search.services import assets_search
from tests.conftest import ELASTICSEARCH_BACKEND
from tests.factories import (
    CaseStudyPageFactory,
    ObjectionPageFactory,
    PresentationPageFactory,
    UserFactory,
)
from tests.search.conftest import expect_failure_without


def run(user, text="", **filters):
    """``query`` through the service, as every view runs it, and on the configured backend
    directly: the same answer from that backend, so a silent fallback to the database
    cannot hide a broken Elasticsearch."""
    query = SearchQuery(text=text, user=user, **filters)
    results, _ = assets_search(query=query)
    configured = get_search_backend()
    direct = configured.search(query)
    assert (results.backend, results.fallback) == (configured.name, False)
    assert direct.backend == configured.name
    assert [hit.id for hit in results.hits] == [hit.id for hit in direct.hits]
    assert results.total == direct.total
    assert {name: f.as_list() for name, f in results.facets.items()} == {
        name: f.as_list() for name, f in direct.facets.items()
    }
    return results


def titles(results):
    return [hit.title for hit in results.hits]


def facet(results, name):
    return {item.value: item.count for item in results.facets[name].values}


def request_backend(request) -> str:
    """The backend this parametrisation asked for ("database" or "elasticsearch")."""
    return request.node.callspec.params["search_backend"]


def attachment(text: str) -> AssetDocument:
    document = AssetDocument(title="deck", file=ContentFile(b"%PDF-1.4", name="deck.pdf"))
    document.extracted_text = text
    document.extracted_from = "deck.pdf"
    document.extraction_status = AssetDocument.Extraction.DONE
    document.save()
    return document


class ContractTests:
    """Runs once per backend (the ``backend`` fixture is parametrized)."""

    def test_finds_assets_by_a_title_word_and_reports_backend(
        self, request, backend, reindex, sales_user
    ):
        CaseStudyPageFactory(title="Hospital network cuts onboarding time")
        PresentationPageFactory(title="Quarterly roadmap")
        reindex()

        results = run(sales_user, "onboarding")

        assert titles(results) == ["Hospital network cuts onboarding time"]
        assert results.total == 1
        assert results.backend == backend.name == request_backend(request)
        assert results.hits[0].type == "case_study"
        assert results.hits[0].url.endswith("/hospital-network-cuts-onboarding-time/")

    def test_title_match_outranks_summary_and_body(self, backend, reindex, sales_user):
        PresentationPageFactory(title="Quarterly update", body="<p>Covers telemetry too.</p>")
        PresentationPageFactory(title="Platform overview", summary="Includes telemetry export.")
        PresentationPageFactory(title="Telemetry deep dive")
        reindex()

        results = run(sales_user, "telemetry")

        assert titles(results) == ["Telemetry deep dive", "Platform overview", "Quarterly update"]

    def test_words_only_in_the_attached_deck_are_found(self, backend, reindex, sales_user):
        PresentationPageFactory(
            title="Security briefing", attachment=attachment("Slide 7\fSOC2 zanzibar controls")
        )
        PresentationPageFactory(title="Other deck")
        reindex()

        results = run(sales_user, "zanzibar")

        assert titles(results) == ["Security briefing"]
        assert "<mark>" in results.hits[0].highlight

    def test_highlight_marks_the_matched_word_and_escapes_html(self, backend, reindex, sales_user):
        ObjectionPageFactory(
            title="Budget pushback", summary="When procurement says <budget> is frozen."
        )
        reindex()

        hit = run(sales_user, "procurement").hits[0]

        assert "<mark>procurement</mark>" in hit.highlight.lower()
        assert "<budget>" not in hit.highlight

    def test_filters_combine_and_repeated_values_are_ored(self, backend, reindex, sales_user):
        CaseStudyPageFactory(title="A", segments=["Healthcare"], stages=["Demo"])
        CaseStudyPageFactory(title="B", segments=["Retail"], stages=["Demo"])
        PresentationPageFactory(title="C", segments=["Healthcare"], stages=["Proposal"])
        ObjectionPageFactory(title="D", segments=["Public Sector"], stages=["Demo"])
        reindex()

        by_segment = run(sales_user, segments=("Healthcare", "Retail"))
        both = run(sales_user, segments=("Healthcare",), stages=("Demo",))
        by_type = run(sales_user, types=("presentation", "objection"))

        assert sorted(titles(by_segment)) == ["A", "B", "C"]
        assert titles(both) == ["A"]
        assert sorted(titles(by_type)) == ["C", "D"]

    def test_facet_counts_apply_the_other_filters_only(self, backend, reindex, sales_user):
        CaseStudyPageFactory(title="A", segments=["Healthcare"], stages=["Demo"])
        CaseStudyPageFactory(title="B", segments=["Retail"], stages=["Demo"])
        PresentationPageFactory(title="C", segments=["Healthcare"], stages=["Proposal"])
        reindex()

        results = run(sales_user, segments=("Healthcare",), stages=("Demo",))

        # the segment facet ignores the segment filter but applies the stage filter
        assert facet(results, "segment") == {"Healthcare": 1, "Retail": 1}
        # the stage facet ignores the stage filter but applies the segment filter
        assert facet(results, "stage") == {"Demo": 1, "Proposal": 1}
        assert facet(results, "type") == {"case_study": 1}

    def test_empty_query_browses_everything_visible_with_facets(self, backend, reindex, sales_user):
        CaseStudyPageFactory(title="A", segments=["Healthcare"])
        PresentationPageFactory(title="B")
        ObjectionPageFactory(title="C")
        reindex()

        results = run(sales_user)

        assert results.total == 3
        assert facet(results, "type") == {"case_study": 1, "presentation": 1, "objection": 1}
        assert facet(results, "segment") == {"Healthcare": 1}

    def test_pages_do_not_overlap(self, backend, reindex, sales_user):
        for number in range(5):
            PresentationPageFactory(title=f"Pricing deck {number}")
        reindex()

        first = run(sales_user, "pricing", page=1, page_size=2)
        second = run(sales_user, "pricing", page=2, page_size=2)
        third = run(sales_user, "pricing", page=3, page_size=2)

        seen = titles(first) + titles(second) + titles(third)
        assert first.total == 5
        assert len(seen) == 5 and len(set(seen)) == 5

    def test_language_filter(self, backend, reindex, sales_user):
        PresentationPageFactory(title="Pitch EN", language="en")
        PresentationPageFactory(title="Pitch DE", language="de")
        reindex()

        assert titles(run(sales_user, "pitch", languages=("de",))) == ["Pitch DE"]

    def test_suggestions_complete_a_title_prefix(self, backend, reindex, sales_user):
        ObjectionPageFactory(title="Pricing is too high")
        PresentationPageFactory(title="Product tour")
        reindex()

        suggestions = asset_suggestions(text="pric", user=sales_user)

        assert [item.title for item in suggestions] == ["Pricing is too high"]
        assert suggestions[0].type == "objection"

    def test_typos_are_tolerated(self, request, backend, reindex, sales_user):
        expect_failure_without(
            request,
            backend,
            "supports_typos",
            "Wagtail's database search has no fuzzy matching (needs pg_trgm / not in FTS5)",
        )
        CaseStudyPageFactory(title="Hospital onboarding story")
        reindex()

        assert titles(run(sales_user, "onbaording")) == ["Hospital onboarding story"]

    def test_performance_lifts_equally_relevant_assets(self, request, backend, reindex, sales_user):
        expect_failure_without(
            request,
            backend,
            "supports_performance_ranking",
            "database backend orders by text relevance only",
        )
        from enablement.tracking.models import AssetPopularity

        # the winner is older, so every other tie-breaker favours the other one
        # equally relevant: the same summary (a random one changes the text score)
        winner = PresentationPageFactory(title="Renewal playbook one", summary="For renewals.")
        other = PresentationPageFactory(title="Renewal playbook two", summary="For renewals.")
        AssetPopularity.objects.create(
            asset=winner, deals_won=12, deals_influenced=15, win_rate=0.7, uses_30d=20
        )
        AssetPopularity.objects.create(asset=other)
        reindex()

        assert titles(run(sales_user, "renewal playbook"))[0] == "Renewal playbook one"

    # -- visibility --------------------------------------------------------------------

    def test_restricted_assets_only_for_their_groups(self, backend, reindex, sales_user):
        strategic = Group.objects.create(name="Strategic accounts")
        CaseStudyPageFactory(title="Open launch story", segments=["Retail"])
        CaseStudyPageFactory(
            title="Secret launch story", segments=["Healthcare"], groups=[strategic.name]
        )
        insider = UserFactory(username="insider", groups=[SALES, strategic.name])
        manager = UserFactory(username="mgr", groups=[MANAGERS])
        reindex()

        outsider_results = run(sales_user, "launch")
        assert titles(outsider_results) == ["Open launch story"]
        assert facet(outsider_results, "segment") == {"Retail": 1}
        assert facet(run(sales_user), "type") == {"case_study": 1}
        assert [s.title for s in asset_suggestions(text="secret", user=sales_user)] == []
        assert [s.title for s in asset_suggestions(text="secret", user=manager)] == []

        assert sorted(titles(run(insider, "launch"))) == [
            "Open launch story",
            "Secret launch story",
        ]
        assert [s.title for s in asset_suggestions(text="secret", user=insider)] == [
            "Secret launch story"
        ]

    def test_marketing_and_superusers_see_restricted(
        self, backend, reindex, marketing_user, superuser
    ):
        CaseStudyPageFactory(title="Secret launch story", groups=[MANAGERS])
        reindex()

        assert titles(run(marketing_user, "secret")) == ["Secret launch story"]
        assert titles(run(superuser, "secret")) == ["Secret launch story"]

    def test_users_outside_the_library_see_nothing(self, backend, reindex, outsider_user):
        CaseStudyPageFactory(title="Launch story")
        reindex()

        results = run(outsider_user, "launch")
        assert results.total == 0 and facet(results, "type") == {}
        assert asset_suggestions(text="launch", user=outsider_user) == []

    def test_drafts_expired_and_retired_assets_never_appear(
        self, backend, reindex, superuser, sales_user
    ):
        CaseStudyPageFactory(title="Live launch story", segments=["Retail"])
        CaseStudyPageFactory(title="Draft launch story", live=False, segments=["Healthcare"])
        retired = CaseStudyPageFactory(title="Retired launch story", segments=["Healthcare"])
        expired = CaseStudyPageFactory(title="Expired launch story", segments=["Healthcare"])
        lapsing = CaseStudyPageFactory(title="Lapsing launch story", segments=["Healthcare"])
        reindex()
        retired.unpublish()
        expired.unpublish(set_expired=True)
        # expire_at passed but Wagtail's scheduler has not unpublished it yet
        type(lapsing).objects.filter(pk=lapsing.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=5)
        )
        reindex()

        for user in (sales_user, superuser):
            results = run(user, "launch")
            assert titles(results) == ["Live launch story"]
            assert facet(results, "segment") == {"Retail": 1}
            assert [s.title for s in asset_suggestions(text="launch", user=user)] == [
                "Live launch story"
            ]


class TestSearchBackendContract(ContractTests):
    pass


@pytest.mark.parametrize("text", ["", "   "])
def test_blank_text_is_a_browse(text, backend, reindex, sales_user):
    PresentationPageFactory(title="Anything")
    reindex()
    assert run(sales_user, text).total == 1


# -- the outage rule: the database answers only when the backend cannot be reached -----


class BrokenBackend(DatabaseBackend):
    """A backend with a bug (not an outage): its error must surface, never be papered over
    by an answer from the database."""

    name = "broken"

    def search(self, query):
        raise RuntimeError("a bug, not an outage")

    def suggest(self, *, text, user, limit=8):
        raise RuntimeError("a bug, not an outage")


def test_the_database_answers_while_elasticsearch_is_unreachable(
    settings, client, reindex, sales_user
):
    CaseStudyPageFactory(title="Harbour logistics story")
    reindex()
    # Elasticsearch configured where nothing listens: the real client fails to connect.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ENABLEMENT_SEARCH_BACKEND = ELASTICSEARCH_BACKEND
    query = SearchQuery(text="harbour", user=sales_user)
    with pytest.raises(SearchBackendUnavailable):
        get_search_backend().search(query)

    results = search_run(query)
    logged, log = assets_search(query=query)

    assert (results.backend, results.fallback, titles(results)) == (
        "database",
        True,
        ["Harbour logistics story"],
    )
    assert (logged.backend, log.backend, logged.fallback) == ("database", "database", True)
    assert [s.title for s in asset_suggestions(text="harb", user=sales_user)] == [
        "Harbour logistics story"
    ]
    client.force_login(sales_user)
    page = client.get("/library/", {"q": "harbour"}).content.decode()
    assert "Reduced search" in page and "Harbour logistics story" in page


def test_a_backend_error_that_is_not_an_outage_is_not_hidden(settings, db, sales_user):
    settings.ENABLEMENT_SEARCH_BACKEND = f"{__name__}.BrokenBackend"

    with pytest.raises(RuntimeError, match="not an outage"):
        search_run(SearchQuery(text="harbour", user=sales_user))
    with pytest.raises(RuntimeError, match="not an outage"):
        assets_search(query=SearchQuery(text="harbour", user=sales_user))
    with pytest.raises(RuntimeError, match="not an outage"):
        asset_suggestions(text="harb", user=sales_user)
