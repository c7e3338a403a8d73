"""Meaning-based search and answers (DESIGN §4a), against every backend: the real
multilingual encoder (loaded once per test process), real databases, real Elasticsearch."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from content.groups import SALES
from search.backends.base import SearchQuery
from search.embeddings import DEFAULT_ENCODER
from search.models import Passage, PassageEmbedding, SearchLog
from search.services import assets_search
from tests.factories import (
    CaseStudyPageFactory,
    ObjectionPageFactory,
    PresentationPageFactory,
    UserFactory,
)
from tests.search.test_contract import attachment, facet, run, titles

PRICE_TITLE = '"Your price is higher than the alternatives"'
PARAPHRASE = "the customer says we cost too much"
POLISH = "klient mówi, że jesteście za drodzy"


@pytest.fixture
def semantic(settings):
    settings.ENABLEMENT_ENCODER = DEFAULT_ENCODER


def library(*, restricted_group: str | None = None):
    ObjectionPageFactory(
        title=PRICE_TITLE,
        summary="Reframe from license price to three-year cost and payback.",
        objection="Honestly, you're more expensive than the other options we're looking at.",
        short_answer="Customers choose us because the total cost over three years is lower.",
        segments=["Enterprise"],
    )
    CaseStudyPageFactory(
        title="Harbor Point resolves warehouse exceptions before trucks leave",
        summary="A logistics provider catches short picks and damaged goods before dispatch.",
        segments=["Retail"],
    )
    PresentationPageFactory(
        title="Quarterly roadmap",
        summary="New connectors and dashboards planned for the next quarter.",
        segments=["Retail"],
    )
    if restricted_group:
        ObjectionPageFactory(
            title="Secret discount guidance",
            summary="What to say when the customer thinks we are too expensive.",
            objection="Your offer is far too expensive for us, we cannot pay this much.",
            short_answer="Managers may approve a discount for multi-year commitments.",
            segments=["Healthcare"],
            groups=[restricted_group],
        )


@pytest.mark.usefixtures("semantic")
class SemanticContractTests:
    def test_a_paraphrase_finds_the_asset_no_word_matches(self, backend, reindex, sales_user):
        library()
        reindex()

        results = run(sales_user, PARAPHRASE)

        assert titles(results)[0] == PRICE_TITLE
        assert results.backend == backend.name

    def test_a_polish_question_finds_english_content(self, backend, reindex, sales_user):
        library()
        reindex()

        assert titles(run(sales_user, POLISH))[0] == PRICE_TITLE

    def test_exact_titles_still_come_first(self, backend, reindex, sales_user):
        library()
        reindex()

        assert titles(run(sales_user, "Quarterly roadmap"))[0] == "Quarterly roadmap"

    def test_a_question_is_encoded_once_for_its_filters_and_pages(
        self, backend, reindex, sales_user, settings
    ):
        library()
        reindex()
        from search.embeddings import _query_vectors

        settings.ENABLEMENT_ENCODER = f"{__name__}.CountingEncoder"
        CountingEncoder.texts.clear()
        _query_vectors.clear()  # vectors remembered by the other backend's run

        everything = run(sales_user, PARAPHRASE)
        retail = run(sales_user, PARAPHRASE, segments=("Retail",))
        second_page = run(sales_user, PARAPHRASE, page_size=1, page=2)
        other = run(sales_user, "warehouse exceptions before trucks leave")

        # Each text through the (expensive) encoder once, the same vector every time.
        assert CountingEncoder.texts == [PARAPHRASE, "warehouse exceptions before trucks leave"]
        assert titles(everything)[0] == PRICE_TITLE
        assert all("Retail" in hit.segments for hit in retail.hits)
        assert titles(second_page) == titles(everything)[1:2]
        assert titles(other)[0].startswith("Harbor Point")

    def test_filters_facets_and_totals_count_the_fused_set(self, backend, reindex, sales_user):
        library()
        reindex()

        everything = run(sales_user, PARAPHRASE)
        retail = run(sales_user, PARAPHRASE, segments=("Retail",))

        assert PRICE_TITLE not in titles(retail)
        assert all("Retail" in hit.segments for hit in retail.hits)
        assert retail.total == len(retail.hits) == facet(everything, "segment").get("Retail", 0)
        assert everything.total == len(everything.hits)
        assert sum(facet(everything, "type").values()) == everything.total
        # Pages are slices of one ordering.
        first = run(sales_user, PARAPHRASE, page_size=1)
        second = run(sales_user, PARAPHRASE, page_size=1, page=2)
        assert titles(first) + titles(second) == titles(everything)[:2]

    def test_restricted_assets_never_match_by_meaning(self, backend, reindex, sales_user):
        strategic = Group.objects.create(name="Strategic accounts")
        library(restricted_group=strategic.name)
        insider = UserFactory(username="insider", groups=[SALES, strategic.name])
        reindex()

        outsider = run(sales_user, PARAPHRASE)
        assert "Secret discount guidance" not in titles(outsider)
        assert "Healthcare" not in facet(outsider, "segment")
        assert "Secret discount guidance" in titles(run(insider, PARAPHRASE))

    def test_drafts_and_retired_assets_never_match_by_meaning(
        self, backend, reindex, sales_user, superuser
    ):
        library()
        ObjectionPageFactory(
            title="Draft price answer",
            summary="When the customer says we cost too much.",
            objection="You cost too much.",
            live=False,
        )
        retired = ObjectionPageFactory(
            title="Retired price answer",
            summary="When the customer says we cost too much.",
            objection="You cost too much.",
        )
        reindex()
        retired.unpublish()
        reindex()

        for user in (sales_user, superuser):
            found = titles(run(user, PARAPHRASE))
            assert "Draft price answer" not in found
            assert "Retired price answer" not in found
        assert not Passage.objects.filter(asset_id=retired.pk).exists()


class TestSemanticContract(SemanticContractTests):
    pass


# -- answers ---------------------------------------------------------------------------


@pytest.fixture
def api(client, sales_user):
    client.force_login(sales_user)

    def get(**params):
        return client.get("/api/v1/answers/", params)

    return get


@pytest.mark.usefixtures("semantic")
class AnswersContractTests:
    def test_answers_cite_their_asset_and_highlight_the_words(self, backend, reindex, api):
        library()
        PresentationPageFactory(
            title="Security briefing",
            summary="For security reviewers.",
            attachment=attachment(
                "Agenda\fOur certifications: SOC 2 Type II and ISO 27001, audited yearly."
            ),
        )
        reindex()

        response = api(q="which security certifications do we have")

        assert response.status_code == 200
        body = response.json()
        assert body["answered"] is True
        assert 3 <= len(body["answers"]) <= 5 or len(body["answers"]) == Passage.objects.count()
        assert body["answers"][0]["title"] == "Security briefing"
        page = next(answer for answer in body["answers"] if answer["passage_kind"] == "page")
        assert page["title"] == "Security briefing" and page["page"] == 2
        assert page["url"].endswith("#page=2")
        assert "SOC 2 Type II" in page["text"]
        assert "<mark>certifications</mark>" in page["highlight"]
        log = SearchLog.objects.get(pk=body["search_id"])
        assert log.question and log.answered and log.raw_query.startswith("which security")

    def test_a_polish_question_gets_english_passages(self, backend, reindex, api):
        library()
        reindex()

        body = api(q=POLISH).json()

        assert body["answers"][0]["title"] == PRICE_TITLE

    def test_restricted_passages_never_answer_outsiders(self, backend, reindex, api):
        strategic = Group.objects.create(name="Strategic accounts")
        library(restricted_group=strategic.name)
        reindex()

        body = api(q=PARAPHRASE).json()

        assert body["answers"]
        assert "Secret discount guidance" not in {answer["title"] for answer in body["answers"]}

    def test_unanswerable_questions_are_content_gaps(self, backend, reindex, api):
        from search.selectors import unanswered_questions, zero_result_queries

        library()
        reindex()

        body = api(q="what is the parking policy at the Lisbon office").json()

        assert body["answered"] is False
        gaps = unanswered_questions()
        assert [gap.query for gap in gaps] == ["what is the parking policy at the lisbon office"]
        assert zero_result_queries() == []  # questions are not counted twice


class TestAnswersContract(AnswersContractTests):
    pass


@pytest.mark.parametrize(
    ("question", "field_message"),
    [("", "Ask a question."), ("x" * 10_000, "At most 500 characters."), ("?!", "Ask in words.")],
)
def test_bad_questions_are_a_400_naming_the_field(db, api, question, field_message):
    response = api(q=question)
    assert response.status_code == 400
    assert response.json() == {"errors": {"q": [field_message]}}


def test_unknown_script_answers_by_words_with_a_notice(semantic, db, reindex, api):
    PresentationPageFactory(title="Runes", summary="ᚠᚢᚦᚨᚱᚲ futhark reference card.")
    reindex()

    body = api(q="ᚠᚢᚦᚨᚱᚲ").json()

    assert "script" in body["notice"]
    assert body["answers"][0]["title"] == "Runes"


def test_an_encoder_that_fails_to_load_means_lexical_answers_and_search(
    settings, db, reindex, api, sales_user
):
    from search.passages import embedding_status

    settings.ENABLEMENT_ENCODER = "search.embeddings.NoSuchEncoder"
    library()
    reindex()

    body = api(q="price alternatives").json()
    assert body["notice"].startswith("Meaning-based search is unavailable")
    assert body["answers"][0]["title"] == PRICE_TITLE
    results, _ = assets_search(query=SearchQuery(text="price", user=sales_user))
    assert titles(results)[0] == PRICE_TITLE
    lexical = titles(run(sales_user, PARAPHRASE))
    settings.ENABLEMENT_ENCODER = ""
    assert lexical == titles(run(sales_user, PARAPHRASE))  # exactly the lexical-only answer
    settings.ENABLEMENT_ENCODER = "search.embeddings.NoSuchEncoder"
    status = embedding_status()
    assert status.model is None and "NoSuchEncoder" in status.failure


def test_the_answer_box_on_the_library_page_shows_cited_passages(
    semantic, db, reindex, client, sales_user
):
    library()
    reindex()
    client.force_login(sales_user)

    response = client.get("/library/", {"ask": PARAPHRASE})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Answers from the library" in html
    assert "Reframe from license price" in html


def test_opening_an_answer_records_the_passage(semantic, db, reindex, client, api, sales_user):
    from search.models import SearchClick

    library()
    reindex()
    body = api(q=PARAPHRASE).json()
    answer = body["answers"][0]

    response = client.get(
        f"/library/open/{answer['asset_id']}/",
        {"search": body["search_id"], "passage": answer["passage_id"]},
    )

    assert response.status_code == 302
    click = SearchClick.objects.get()
    assert click.passage_id == answer["passage_id"] and click.search_id == body["search_id"]


# -- passages and the embedding cache ---------------------------------------------------


def test_passages_cover_what_a_rep_would_quote(semantic, db, reindex):
    case = CaseStudyPageFactory(
        title="Atlas Bank opens accounts faster",
        summary="KYC automated.",
        customer="Atlas Bank",
        challenge="<p>Nine days to open an account.</p>",
        solution="<p>Automated checks.</p>",
        body="<p>When to use it.</p><p>What to ask next.</p>",
        results=[("result", {"metric": "Onboarding time", "value": "-78%"})],
        attachment=attachment("Cover\fResults slide"),
    )
    reindex()

    kinds = list(Passage.objects.filter(asset=case).values_list("kind", "number", "text"))
    assert ("summary", 1, "Atlas Bank opens accounts faster. KYC automated.") in kinds
    assert ("challenge", 1, "Nine days to open an account.") in kinds
    assert ("result", 1, "Atlas Bank: Onboarding time -78%") in kinds
    assert ("section", 2, "What to ask next.") in kinds
    assert ("page", 2, "Results slide") in kinds
    assert PassageEmbedding.objects.count() == Passage.objects.count()


def test_reindexing_unchanged_content_never_re_embeds(semantic, db, reindex):
    asset = ObjectionPageFactory(title="Price", summary="Too expensive.", objection="Costly.")
    reindex()
    before = dict(PassageEmbedding.objects.values_list("text_hash", "created_at"))
    passages = list(Passage.objects.values_list("pk", flat=True))

    reindex()
    assert dict(PassageEmbedding.objects.values_list("text_hash", "created_at")) == before
    assert list(Passage.objects.values_list("pk", flat=True)) == passages

    asset.summary = "Much too expensive."
    asset.save_revision().publish()
    reindex()
    added = set(PassageEmbedding.objects.values_list("text_hash", flat=True)) - set(before)
    assert len(added) == 1  # only the changed passage was embedded


def test_the_embedding_check_of_a_cached_library_reads_no_passage_text(
    semantic, db, reindex, django_assert_num_queries
):
    from search.passages import embeddings_fill

    library()
    reindex()  # every passage embedded
    ids = list(Passage.objects.values_list("asset_id", flat=True).distinct())

    # The passages' hashes and the cache lookup: texts are read only to embed them.
    with django_assert_num_queries(2) as captured:
        assert embeddings_fill(asset_ids=ids) == 0
    assert not [q for q in captured.captured_queries if re.search(r'\."text"[ ,]', q["sql"])]

    Passage.objects.filter(pk=Passage.objects.order_by("pk")[0].pk).update(
        text="A brand new passage text", text_hash="0" * 64
    )
    assert embeddings_fill(asset_ids=ids) == 1


class RenamedEncoder:
    """The same model under another name: what a model change looks like."""

    name = "use-multilingual-v3-renamed"
    dimensions = 512

    def __init__(self):
        from search.embeddings import DEFAULT_ENCODER, _load

        self._inner = _load(DEFAULT_ENCODER)[0]

    def encode(self, texts):
        return self._inner.encode(texts)


class CountingEncoder:
    """The default encoder, remembering every text it is asked to encode."""

    texts: list[str] = []

    def __init__(self):
        from search.embeddings import DEFAULT_ENCODER, _load

        self._inner = _load(DEFAULT_ENCODER)[0]
        self.name, self.dimensions = self._inner.name, self._inner.dimensions

    def encode(self, texts):
        CountingEncoder.texts.extend(texts)
        return self._inner.encode(texts)


def test_a_model_change_re_embeds_everything_visibly(semantic, settings, db, reindex):
    from django.core.management import call_command

    library()
    reindex()
    from io import StringIO

    settings.ENABLEMENT_ENCODER = f"{__name__}.RenamedEncoder"
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    total = Passage.objects.count()
    assert f"Passages:         {total}, 0 embedded, {total} stale" in out.getvalue()
    assert "use-multilingual-v3-renamed" in out.getvalue()

    out = StringIO()
    call_command("search_index", "rebuild", stdout=out)
    distinct = Passage.objects.values("text_hash").distinct().count()
    assert f"Embedded {distinct} passages" in out.getvalue()  # each distinct text once
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert f"Passages:         {total}, {total} embedded, 0 stale" in out.getvalue()


def test_the_openapi_schema_documents_answers(db, client, sales_user):
    import yaml

    client.force_login(sales_user)
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = yaml.safe_load(response.content)

    operation = schema["paths"]["/api/v1/answers/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"q", "segment"}
    answer = schema["components"]["schemas"]["Answer"]["properties"]
    assert {"asset_id", "title", "type", "url", "passage_kind", "page", "text", "highlight"} <= set(
        answer
    )
    assert set(operation["responses"]) >= {"200", "400"}


def test_the_content_gaps_report_lists_unanswered_questions(
    semantic, db, reindex, client, sales_user, marketing_user
):
    from search.services import library_question_ask

    library()
    reindex()
    answers, _ = library_question_ask(
        question="Parking policy at the Lisbon office?", user=sales_user
    )
    assert answers.answered is False
    library_question_ask(question=PARAPHRASE, user=sales_user)  # answered: not a gap

    client.force_login(marketing_user)
    content = client.get("/cms/governance/reports/content-gaps/").content.decode()
    assert "Questions the library could not answer" in content
    assert "parking policy at the lisbon office" in content
    assert "we cost too much" not in content
