"""Passages in the Elasticsearch index (issues 11 and 13): the nested ``passages`` field
with its ``dense_vector``, kNN with visibility inside the kNN filter, page hits and
answers read back from the index, on a real Elasticsearch with the real encoder."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import search.hybrid
from content.groups import MANAGERS
from search.backends.base import SearchQuery
from search.backends.elasticsearch.mapping import (
    MAPPING_VERSION,
    index_mappings,
    index_settings,
)
from search.embeddings import DEFAULT_ENCODER, get_encoder
from search.models import Passage
from search.services import assets_search, library_question_ask
from tests.factories import ObjectionPageFactory
from tests.search.test_contract import attachment
from tests.search.test_semantic import PARAPHRASE, PRICE_TITLE, library

pytestmark = pytest.mark.parametrize("search_backend", ["elasticsearch"], indirect=True)

SECRET = "Secret discount guidance"
QUESTION = "the customer thinks our offer is too expensive"


@pytest.fixture
def knn(settings, backend, monkeypatch):
    """The real encoder, and the in-process matrix unloaded: it must stay so."""
    settings.ENABLEMENT_ENCODER = DEFAULT_ENCODER
    monkeypatch.setattr(search.hybrid, "_matrix", None)
    return backend


def _stored(backend, asset_id: int) -> dict:
    """A document's source with its vectors (Elasticsearch 9 leaves them out by default)."""
    response = backend.client.search(
        index=backend.alias,
        query={"ids": {"values": [str(asset_id)]}},
        source={"exclude_vectors": False},
    )
    return response["hits"]["hits"][0]["_source"]


def _sql(queries) -> str:
    return "\n".join(query["sql"] for query in queries)


def test_the_mapping_has_nested_passages_with_an_int8_cosine_vector(knn):
    knn.reset_index()
    target = knn.alias_targets()[0]
    mapping = knn.client.indices.get_mapping(index=target)[target]["mappings"]

    passages = mapping["properties"]["passages"]
    assert passages["type"] == "nested"
    assert passages["properties"]["vector"] == {
        "type": "dense_vector",
        "dims": get_encoder().dimensions,
        "index": True,
        "similarity": "cosine",
        "index_options": passages["properties"]["vector"]["index_options"],
    }
    # HNSW with a short construction beam: a quarter of the default's build time (v3).
    options = passages["properties"]["vector"]["index_options"]
    assert (options["type"], options["m"], options["ef_construction"]) == ("int8_hnsw", 16, 32)
    # Highlights read offsets from the postings instead of re-analysing the text.
    assert passages["properties"]["text"]["index_options"] == "offsets"
    assert mapping["properties"]["attachment_text"]["index_options"] == "offsets"
    assert passages["properties"]["text"]["analyzer"] == "enablement_text"
    assert passages["properties"]["text_pl"]["analyzer"] == "standard"  # Polish lemmas
    assert mapping["_meta"]["encoder"] == "use-multilingual-v3"
    assert mapping["_meta"]["mapping_version"] == MAPPING_VERSION


def test_documents_carry_every_passage_with_its_vector(knn, reindex):
    library()
    reindex()

    asset_id = Passage.objects.order_by("asset_id").values_list("asset_id", flat=True)[0]
    source = _stored(knn, asset_id)
    stored = list(
        Passage.objects.filter(asset_id=asset_id).order_by("id").values_list("id", "kind", "text")
    )
    assert [(p["id"], p["kind"], p["text"]) for p in source["passages"]] == stored
    assert all(len(p["vector"]) == get_encoder().dimensions for p in source["passages"])


def test_stored_vectors_are_the_cached_embeddings_to_five_decimals(knn, reindex):
    # The rebuild writes vectors with numpy's fixed-width formatting, not the client's
    # JSON: the server must still hold each cached embedding, rounded to 5 decimals.
    from search.embeddings import from_bytes
    from search.models import PassageEmbedding

    library()
    reindex()

    asset_id = Passage.objects.order_by("asset_id").values_list("asset_id", flat=True)[0]
    cached = dict(
        PassageEmbedding.objects.filter(model=get_encoder().name).values_list("text_hash", "vector")
    )
    hashes = dict(Passage.objects.filter(asset_id=asset_id).values_list("id", "text_hash"))
    stored = _stored(knn, asset_id)["passages"]
    assert stored and all("vector" in passage for passage in stored)
    for passage in stored:
        expected = np.round(from_bytes(cached[hashes[passage["id"]]]).astype(np.float64), 5)
        assert np.allclose(passage["vector"], expected, rtol=0, atol=1e-7)
        assert np.abs(np.asarray(passage["vector"]) - expected).max() < 1e-6


def test_a_paraphrase_finds_its_asset_through_knn_without_the_matrix(knn, reindex, sales_user):
    library()
    reindex()

    with CaptureQueriesContext(connection) as queries:
        results, _ = assets_search(query=SearchQuery(text=PARAPHRASE, user=sales_user))

    assert results.hits[0].title == PRICE_TITLE
    assert results.backend == "elasticsearch"
    assert search.hybrid._matrix is None
    assert "search_passageembedding" not in _sql(queries.captured_queries)
    assert "search_passage" not in _sql(queries.captured_queries)


def test_without_vectors_in_the_index_search_is_lexical_only(knn, reindex, sales_user, settings):
    library()
    settings.ENABLEMENT_ENCODER = ""
    knn.reset_index()  # built without an encoder: no passages.vector
    reindex()
    settings.ENABLEMENT_ENCODER = DEFAULT_ENCODER

    results = knn.search(SearchQuery(text=PARAPHRASE, user=sales_user))
    assert PRICE_TITLE not in [hit.title for hit in results.hits]
    assert search.hybrid._matrix is None


def test_an_index_of_an_older_mapping_with_vectors_stays_lexical_until_rebuilt(
    knn, reindex, sales_user
):
    # given: a version-2 index (HNSW vectors of the current encoder), as the previous
    # code built it, filled with this library's documents and their vectors
    library()
    reindex()
    encoder = get_encoder()
    mappings = index_mappings(
        analysis_mode=knn.detect_analysis_mode(),
        encoder=encoder.name,
        vector_dimensions=encoder.dimensions,
    )
    mappings["properties"]["passages"]["properties"]["vector"]["index_options"] = {
        "type": "int8_hnsw"
    }
    mappings["_meta"]["mapping_version"] = 2
    name = f"{knn.alias}-19700101000000000000"
    knn.client.indices.create(
        index=name,
        mappings=mappings,
        settings=index_settings(analysis_mode=knn.detect_analysis_mode()),
    )
    from search.documents import asset_documents, indexable_asset_batches

    for batch in indexable_asset_batches(batch_size=500):
        knn.bulk_index_documents(asset_documents(batch), index=name)
    knn.client.indices.refresh(index=name)
    knn.swap_alias(name)
    assert "vector" in _stored(knn, Passage.objects.first().asset_id)["passages"][0]

    # when / then: stale, and no kNN over it (the paraphrase shares no word)
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert f"Mapping:          version 2, current {MAPPING_VERSION}: stale" in out.getvalue()
    assert not knn.knn_ready()
    results = knn.search(SearchQuery(text=PARAPHRASE, user=sales_user))
    assert PRICE_TITLE not in [hit.title for hit in results.hits]

    # a rebuild brings kNN back
    call_command("search_index", "rebuild", stdout=StringIO())
    assert knn.knn_ready()
    results = knn.search(SearchQuery(text=PARAPHRASE, user=sales_user))
    assert results.hits[0].title == PRICE_TITLE


@pytest.mark.parametrize("audience", ["sales", "manager"])
def test_a_restricted_assets_passages_reach_only_its_groups(
    knn, reindex, sales_user, manager_user, audience
):
    library(restricted_group=MANAGERS)
    reindex()
    user = sales_user if audience == "sales" else manager_user

    results, _ = assets_search(query=SearchQuery(text=QUESTION, user=user))
    answers, _ = library_question_ask(question=QUESTION, user=user)

    found = SECRET in [hit.title for hit in results.hits]
    cited = SECRET in [answer.title for answer in answers.answers]
    # The manager sees it (the test can fail); the sales rep never does.
    assert (found, cited) == ((False, False) if audience == "sales" else (True, True))
    assert search.hybrid._matrix is None


def test_draft_and_expired_assets_never_come_back_from_knn(knn, reindex, sales_user):
    library()
    ObjectionPageFactory(
        title="Draft discount guidance",
        objection="Your offer is far too expensive for us, we cannot pay this much.",
        live=False,
    )
    expired = ObjectionPageFactory(
        title="Expired discount guidance",
        objection="Your offer is far too expensive for us, we cannot pay this much.",
        expire_at=timezone.now() + timedelta(days=1),
    )
    reindex()
    # Expired since indexing (the sweep has not run): the kNN filter must exclude it.
    type(expired).objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(1))
    knn.client.update(
        index=knn.alias,
        id=str(expired.pk),
        doc={"expire_at": (timezone.now() - timedelta(minutes=1)).isoformat()},
        refresh=True,
    )
    assert "vector" in _stored(knn, expired.pk)["passages"][0]  # still a kNN candidate

    results, _ = assets_search(query=SearchQuery(text=QUESTION, user=sales_user))
    answers, _ = library_question_ask(question=QUESTION, user=sales_user)

    titles = [hit.title for hit in results.hits] + [answer.title for answer in answers.answers]
    assert titles  # the question does find the live assets
    assert "Draft discount guidance" not in titles
    assert "Expired discount guidance" not in titles


def test_answers_come_from_the_index_kNN_passages(knn, reindex, sales_user):
    library()
    reindex()

    with CaptureQueriesContext(connection) as queries:
        answers, _ = library_question_ask(question=PARAPHRASE, user=sales_user)

    assert answers.answered
    best = answers.answers[0]
    assert best.title == PRICE_TITLE
    assert Passage.objects.get(pk=best.passage_id).text == best.text
    assert best.url.endswith("/") and best.type == "objection"
    assert "search_passage" not in _sql(queries.captured_queries)
    assert search.hybrid._matrix is None


def test_page_hits_come_from_inner_hits_in_the_same_round_trip(knn, reindex, api):
    deck_text = "Cover\fZebra-striped audit trail on every approval\fPricing and terms"
    from tests.factories import PresentationPageFactory

    deck = PresentationPageFactory(title="Atlas overview", attachment=attachment(deck_text))
    reindex()

    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/search/", {"q": "zebra-striped audit"})

    results = response.json()["results"]
    assert [hit["id"] for hit in results] == [deck.pk]
    assert results[0]["pages"][0]["number"] == 2
    assert "<mark>audit</mark>" in results[0]["pages"][0]["highlight"]
    assert "search_passage" not in _sql(queries.captured_queries)


def test_the_search_api_query_count_is_pinned(knn, reindex, api, django_assert_num_queries):
    library()
    reindex()
    api.get("/api/v1/search/", {"q": PARAPHRASE})  # warm caches (vocabulary, site)

    # The token's user, the user's groups (visibility), the search log; page thumbnails
    # only when a hit has matching pages (none here); nothing per hit.
    with django_assert_num_queries(3):
        response = api.get("/api/v1/search/", {"q": PARAPHRASE})
    assert response.json()["results"][0]["title"] == PRICE_TITLE


def test_a_rebuild_reads_passages_in_bulk(knn, reindex, django_assert_max_num_queries):
    from search.documents import asset_documents, indexable_asset_batches

    for number in range(12):
        ObjectionPageFactory(
            title=f"Objection {number}", objection=f"Objection text {number}", summary="S."
        )
    reindex()  # passages stored and embedded

    # Per batch: the assets of each type, tags, groups, popularity, site, passages and
    # their vectors; never a query per asset (12 assets here).
    with django_assert_max_num_queries(16):
        name, written, _ = knn.rebuild(
            batches=(asset_documents(batch) for batch in indexable_asset_batches(batch_size=500))
        )
    assert written == 12
    source = knn.client.search(index=name, size=1, source={"exclude_vectors": False})["hits"][
        "hits"
    ][0]["_source"]
    assert source["passages"] and "vector" in source["passages"][0]


def test_status_reports_an_index_of_an_older_mapping_as_stale(knn, reindex):
    mappings = index_mappings(analysis_mode="core")
    del mappings["properties"]["passages"]
    mappings["_meta"] = {"analysis_mode": "core"}  # what version 1 recorded
    name = f"{knn.alias}-19700101000000000000"
    knn.client.indices.create(
        index=name, mappings=mappings, settings=index_settings(analysis_mode="core")
    )
    knn.swap_alias(name)

    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert f"Mapping:          version 1, current {MAPPING_VERSION}: stale" in out.getvalue()
    assert "search_index rebuild" in out.getvalue()

    call_command("search_index", "rebuild", stdout=StringIO())
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert f"Mapping:          version {MAPPING_VERSION}, current {MAPPING_VERSION}\n" in (
        out.getvalue()
    )
    assert "Passage vectors:  use-multilingual-v3 (512 dims, kNN)" in out.getvalue()


def test_a_polish_page_is_found_by_another_form_of_its_words(knn, reindex, api):
    from tests.factories import PresentationPageFactory

    deck = PresentationPageFactory(
        title="Przegląd platformy",
        language="pl",
        attachment=attachment("Okładka\fCennik i warunki\fWdrożenie trwa trzy tygodnie"),
    )
    reindex()

    results = api.get("/api/v1/search/", {"q": "wdrożeniu", "language": "pl"}).json()["results"]

    assert [hit["id"] for hit in results] == [deck.pk]
    assert results[0]["pages"][0]["number"] == 3  # matched through the page's lemmas


def test_a_rebuilt_index_is_left_with_the_normal_refresh_and_durability(knn, reindex):
    # The build runs without refreshes and with an async translog; the live index must not.
    library()
    reindex()

    name, _, _ = knn.rebuild(batches=iter([]))

    settings = knn.client.indices.get_settings(index=name)[name]["settings"]["index"]
    assert "refresh_interval" not in settings
    assert settings.get("translog", {}).get("durability", "request") == "request"
    assert knn.alias_targets() == [name]


def test_a_corrected_typo_reuses_the_knn_candidates_and_finds_what_the_word_finds(
    knn, reindex, sales_user, monkeypatch
):
    library()
    reindex()
    sent: list[list[dict]] = []
    real = type(knn).multi_search

    def recording(self, bodies):
        sent.append(bodies)
        return real(self, bodies)

    monkeypatch.setattr(type(knn), "multi_search", recording)
    # "alternatvies": a typo of a word only the price objection's title has
    typo = knn.search(SearchQuery(text="price alternatvies", user=sales_user))
    knn_requests = sum("knn" in json.dumps(body) for bodies in sent for body in bodies)
    sent.clear()
    corrected = knn.search(SearchQuery(text="price alternatives", user=sales_user))

    assert typo.did_you_mean == "price alternatives"
    assert knn_requests == 1  # the corrected search asked only which candidates match
    assert [hit.id for hit in typo.hits] == [hit.id for hit in corrected.hits]
    assert [hit.highlight for hit in typo.hits] == [hit.highlight for hit in corrected.hits]
    assert typo.total == corrected.total
    assert typo.facets == corrected.facets
    assert typo.hits[0].title == PRICE_TITLE
